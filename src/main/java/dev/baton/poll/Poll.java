package dev.baton.poll;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A quick poll in a channel: its question, options and rules. Votes are not part of the aggregate (they are
 * {@link Ballots}), so hundreds of people voting at once never contend for this row.
 */
@Table("poll")
public class Poll {

    /** What kind of answers: options to pick, a 1–5 agreement scale, or a 0–10 recommendation score. */
    enum Kind { CHOICE, LIKERT, NPS }

    enum Status { OPEN, CLOSED }

    static final int MAX_OPTIONS = 20;

    @Id
    private Long id;
    /** Its number in its workspace: the 3 of P-3 (given by RefNumbers). */
    private Long number;
    private final String workspace;
    private final String channelId;
    private final long creatorId;
    private final String question;
    private final Kind kind;
    private final boolean multiple;
    private final boolean anonymous;
    private final boolean hidden;
    private final boolean allowAdd;
    private final int minVoters;
    private Status status;
    private Instant closesAt;
    private Instant closedAt;
    private Integer finalVoters;
    private final Long followsId;
    private final String locale;
    private final String zone;
    private final Instant createdAt;
    @MappedCollection(idColumn = "poll_id")
    private Set<PollOption> options;
    @Version
    private Integer version;

    @PersistenceCreator
    Poll(Long id, String workspace, String channelId, long creatorId, String question, Kind kind, boolean multiple,
            boolean anonymous, boolean hidden, boolean allowAdd, int minVoters, Status status, Instant closesAt,
            Instant closedAt, Integer finalVoters, Long followsId, String locale, String zone, Instant createdAt,
            Set<PollOption> options, Integer version) {
        this.id = id;
        this.workspace = workspace;
        this.channelId = channelId;
        this.creatorId = creatorId;
        this.question = question;
        this.kind = kind;
        this.multiple = multiple;
        this.anonymous = anonymous;
        this.hidden = hidden;
        this.allowAdd = allowAdd;
        this.minVoters = minVoters;
        this.status = status;
        this.closesAt = closesAt;
        this.closedAt = closedAt;
        this.finalVoters = finalVoters;
        this.followsId = followsId;
        this.locale = locale;
        this.zone = zone;
        this.createdAt = createdAt;
        this.options = new HashSet<>(options);
        this.version = version;
    }

    /** The settings a person chose; the rules (number of options, close time) are checked by the command. */
    record Settings(Kind kind, boolean multiple, boolean anonymous, boolean hidden, boolean allowAdd, int minVoters,
            Instant closesAt, Long followsId) {
    }

    static Poll open(String workspace, String channelId, long creatorId, String question, List<String> labels,
            Settings s, Locale locale, ZoneId zone, Instant now) {
        Set<PollOption> options = new HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            options.add(new PollOption(i + 1, labels.get(i), null));
        }
        return new Poll(null, workspace, channelId, creatorId, question, s.kind(), s.multiple(), s.anonymous(),
                s.hidden(), s.allowAdd(), s.minVoters(), Status.OPEN, s.closesAt(), null, null, s.followsId(),
                locale.toLanguageTag(), zone.getId(), now, options, null);
    }

    /** Adds an option someone suggested; the command checked that adding is allowed and the label is new. */
    PollOption add(String label, long by) {
        PollOption option = new PollOption(options.size() + 1, label, by);
        options.add(option);
        return option;
    }

    void close(Instant now, int voters) {
        status = Status.CLOSED;
        closedAt = now;
        finalVoters = voters;
    }

    public long id() {
        return id;
    }

    String ref() {
        return "P-" + number;
    }

    String workspace() {
        return workspace;
    }

    String channelId() {
        return channelId;
    }

    long creatorId() {
        return creatorId;
    }

    String question() {
        return question;
    }

    Kind kind() {
        return kind;
    }

    boolean multiple() {
        return multiple;
    }

    boolean anonymous() {
        return anonymous;
    }

    boolean hidden() {
        return hidden;
    }

    boolean allowAdd() {
        return allowAdd;
    }

    int minVoters() {
        return minVoters;
    }

    boolean open() {
        return status == Status.OPEN;
    }

    Optional<Instant> closesAt() {
        return Optional.ofNullable(closesAt);
    }

    Optional<Instant> closedAt() {
        return Optional.ofNullable(closedAt);
    }

    Optional<Long> followsId() {
        return Optional.ofNullable(followsId);
    }

    Locale locale() {
        return Locale.forLanguageTag(locale);
    }

    ZoneId zone() {
        return ZoneId.of(zone);
    }

    Instant createdAt() {
        return createdAt;
    }

    List<PollOption> options() {
        return options.stream().sorted(Comparator.comparingInt(PollOption::position)).toList();
    }

    Optional<PollOption> option(int position) {
        return options.stream().filter(o -> o.position() == position).findFirst();
    }

    /** The key of the channel message that shows this poll; its updates go to wherever it landed. */
    String postKey() {
        return "poll:" + id + ":post";
    }
}
