package dev.baton.poll;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A training-feedback questionnaire: sent by DM to a session's participants, answered in a form, reminded once,
 * closed with results for its creator, and optionally followed by a questionnaire on what people applied.
 * Participants and responses are their own tables ({@link SurveyAnswers}), not children of this aggregate.
 */
@Table("survey")
public class Survey {

    /** The questions: Likert items (1–5), at most one NPS item (0–10), then an open comment. */
    enum Template {
        TRAINING(List.of(new Item("content", Scale.LIKERT), new Item("instructor", Scale.LIKERT),
                new Item("format", Scale.LIKERT), new Item("usefulness", Scale.LIKERT), new Item("nps", Scale.NPS))),
        FOLLOWUP(List.of(new Item("applied", Scale.LIKERT), new Item("results", Scale.LIKERT)));

        private final List<Item> items;

        Template(List<Item> items) {
            this.items = items;
        }

        List<Item> items() {
            return items;
        }

        String commentKey() {
            return "survey.comment." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    enum Scale {
        LIKERT(1, 5), NPS(0, 10);

        final int min;
        final int max;

        Scale(int min, int max) {
            this.min = min;
            this.max = max;
        }
    }

    record Item(String name, Scale scale) {

        String key() {
            return "survey.item." + name;
        }
    }

    @Id
    private Long id;
    /** Its number in its workspace: the 3 of S-3 (given by RefNumbers). */
    private Long number;
    private final String workspace;
    private final long creatorId;
    private final String title;
    private final Template template;
    private final boolean anonymous;
    private final int minRespondents;
    private String status;
    private final Instant closesAt;
    private Instant closedAt;
    private final Integer followUpDays;
    private final Long followsId;
    private final Instant createdAt;
    @Version
    private Integer version;

    @PersistenceCreator
    Survey(Long id, String workspace, long creatorId, String title, Template template, boolean anonymous,
            int minRespondents, String status, Instant closesAt, Instant closedAt, Integer followUpDays,
            Long followsId, Instant createdAt, Integer version) {
        this.id = id;
        this.workspace = workspace;
        this.creatorId = creatorId;
        this.title = title;
        this.template = template;
        this.anonymous = anonymous;
        this.minRespondents = minRespondents;
        this.status = status;
        this.closesAt = closesAt;
        this.closedAt = closedAt;
        this.followUpDays = followUpDays;
        this.followsId = followsId;
        this.createdAt = createdAt;
        this.version = version;
    }

    static Survey send(String workspace, long creatorId, String title, Template template, boolean anonymous,
            int minRespondents, Instant closesAt, Integer followUpDays, Long followsId, Instant now) {
        return new Survey(null, workspace, creatorId, title, template, anonymous, minRespondents, "OPEN", closesAt,
                null, followUpDays, followsId, now, null);
    }

    void close(Instant now) {
        status = "CLOSED";
        closedAt = now;
    }

    public long id() {
        return id;
    }

    String ref() {
        return "S-" + number;
    }

    String workspace() {
        return workspace;
    }

    long creatorId() {
        return creatorId;
    }

    String title() {
        return title;
    }

    Template template() {
        return template;
    }

    boolean anonymous() {
        return anonymous;
    }

    int minRespondents() {
        return minRespondents;
    }

    boolean open() {
        return "OPEN".equals(status);
    }

    Instant closesAt() {
        return closesAt;
    }

    Optional<Instant> closedAt() {
        return Optional.ofNullable(closedAt);
    }

    Optional<Integer> followUpDays() {
        return Optional.ofNullable(followUpDays);
    }

    Optional<Long> followsId() {
        return Optional.ofNullable(followsId);
    }

    Instant createdAt() {
        return createdAt;
    }
}
