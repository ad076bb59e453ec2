package dev.baton.lead;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** A lead and where it stands on its way from marketing to a closed deal. */
@Table("lead")
public class Lead {

    enum Status {
        NEW, HANDED_OFF, ACCEPTED, CONTACTED, QUALIFIED, DISQUALIFIED, WON, LOST;

        boolean closed() {
            return this == DISQUALIFIED || this == WON || this == LOST;
        }

        String key() {
            return "lead.status." + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The statuses sales may move a lead to from this one. */
        List<Status> next() {
            return switch (this) {
                case ACCEPTED -> List.of(CONTACTED, DISQUALIFIED, LOST);
                case CONTACTED -> List.of(QUALIFIED, DISQUALIFIED, WON, LOST);
                case QUALIFIED -> List.of(WON, LOST);
                default -> List.of();
            };
        }
    }

    /** What marketing knows about the lead. */
    record Details(String company, String contactName, String email, String phone, String source, String campaign,
            String region, String product, List<String> tags, int intent, String notes) {
    }

    @Id
    private Long id;
    /** Its number in its workspace: the 3 of L-3 (given by RefNumbers). */
    private Long number;
    private final String workspace;
    private final String company;
    private final String contactName;
    private final String email;
    private final String phone;
    private final String source;
    private final String campaign;
    private final String region;
    private final String product;
    private final String tags;
    private final int intent;
    private final String notes;
    private Status status;
    private Long assigneeId;
    private Long poolId;
    private int slaMinutes;
    private final Long createdBy;
    private final String createdVia;
    private final Instant createdAt;
    private Instant handedOffAt;
    private Instant acceptedAt;
    private Instant contactedAt;
    private Instant closedAt;
    private Integer quality;
    @Version
    private Integer version;

    @PersistenceCreator
    Lead(Long id, String workspace, String company, String contactName, String email, String phone, String source,
            String campaign, String region, String product, String tags, int intent, String notes, Status status,
            Long assigneeId, Long poolId, int slaMinutes, Long createdBy, String createdVia, Instant createdAt,
            Instant handedOffAt, Instant acceptedAt, Instant contactedAt, Instant closedAt, Integer quality,
            Integer version) {
        this.id = id;
        this.workspace = workspace;
        this.company = company;
        this.contactName = contactName;
        this.email = email;
        this.phone = phone;
        this.source = source;
        this.campaign = campaign;
        this.region = region;
        this.product = product;
        this.tags = tags;
        this.intent = intent;
        this.notes = notes;
        this.status = status;
        this.assigneeId = assigneeId;
        this.poolId = poolId;
        this.slaMinutes = slaMinutes;
        this.createdBy = createdBy;
        this.createdVia = createdVia;
        this.createdAt = createdAt;
        this.handedOffAt = handedOffAt;
        this.acceptedAt = acceptedAt;
        this.contactedAt = contactedAt;
        this.closedAt = closedAt;
        this.quality = quality;
        this.version = version;
    }

    static Lead capture(String workspace, Details d, Long createdBy, String createdVia, Instant now) {
        return new Lead(null, workspace, d.company(), d.contactName(), d.email(), d.phone(), d.source(),
                d.campaign(), d.region(), d.product(), String.join(",", d.tags()), d.intent(), d.notes(), Status.NEW,
                null, null, 0, createdBy, createdVia, now, null, null, null, null, null, null);
    }

    void handOff(long assignee, Long pool, int sla, Instant now) {
        status = Status.HANDED_OFF;
        assigneeId = assignee;
        poolId = pool;
        slaMinutes = sla;
        handedOffAt = now;
    }

    /** Nobody could take it (everyone away, full or already passed on it): it waits for a manager. */
    void unassigned(Long pool, int sla) {
        status = Status.NEW;
        assigneeId = null;
        poolId = pool;
        slaMinutes = sla;
    }

    void accept(Instant now) {
        status = Status.ACCEPTED;
        acceptedAt = now;
    }

    void move(Status to, Instant now) {
        status = to;
        if (to == Status.CONTACTED) {
            contactedAt = now;
        }
        if (to.closed()) {
            closedAt = now;
        }
    }

    /** A closed lead taken up again (a lost customer came back, a win was cancelled): where it was before closing. */
    void reopen() {
        status = contactedAt != null ? Status.CONTACTED : Status.ACCEPTED;
        closedAt = null;
    }

    void rate(int stars) {
        quality = stars;
    }

    public long id() {
        return id;
    }

    String ref() {
        return "L-" + number;
    }

    String workspace() {
        return workspace;
    }

    String company() {
        return company;
    }

    String contactName() {
        return contactName;
    }

    String email() {
        return email;
    }

    String phone() {
        return phone;
    }

    String source() {
        return source;
    }

    String campaign() {
        return campaign;
    }

    String region() {
        return region;
    }

    String product() {
        return product;
    }

    List<String> tags() {
        return tags.isBlank() ? List.of() : Arrays.asList(tags.split(","));
    }

    int intent() {
        return intent;
    }

    String notes() {
        return notes;
    }

    Status status() {
        return status;
    }

    Optional<Long> assigneeId() {
        return Optional.ofNullable(assigneeId);
    }

    Optional<Long> poolId() {
        return Optional.ofNullable(poolId);
    }

    int slaMinutes() {
        return slaMinutes;
    }

    Optional<Long> createdBy() {
        return Optional.ofNullable(createdBy);
    }

    String createdVia() {
        return createdVia;
    }

    Instant createdAt() {
        return createdAt;
    }

    Optional<Instant> handedOffAt() {
        return Optional.ofNullable(handedOffAt);
    }

    Optional<Instant> acceptedAt() {
        return Optional.ofNullable(acceptedAt);
    }

    Optional<Instant> contactedAt() {
        return Optional.ofNullable(contactedAt);
    }

    Optional<Instant> closedAt() {
        return Optional.ofNullable(closedAt);
    }

    Optional<Integer> quality() {
        return Optional.ofNullable(quality);
    }

    Optional<Duration> timeToAccept() {
        return acceptedAt == null ? Optional.empty() : Optional.of(Duration.between(createdAt, acceptedAt));
    }
}
