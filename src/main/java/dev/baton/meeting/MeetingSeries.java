package dev.baton.meeting;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/** A meeting that may recur, its participants and how roles are assigned to each occurrence. */
@Table("meeting_series")
public class MeetingSeries {

    enum Recurrence { NONE, WEEKLY, BIWEEKLY, MONTHLY }

    /** The three roles of a meeting, as positions in the participant list for the first occurrence. */
    record Roles(int host, int recorder, int timekeeper) {
    }

    @Id
    private Long id;
    /** Its number in its workspace: the 3 of M-3 (given by RefNumbers). */
    private Long number;
    private final String workspace;
    private final String title;
    private final String zone;
    private final LocalDate firstDate;
    private final LocalTime localStart;
    private final int durationMin;
    private final Recurrence recurrence;
    private final boolean fixedRoles;
    private final int hostPos;
    private final int recorderPos;
    private final int timekeeperPos;
    private final long creatorId;
    private final Instant createdAt;
    @MappedCollection(idColumn = "series_id")
    private final Set<Participant> participants;
    @Version
    private Integer version;

    @PersistenceCreator
    MeetingSeries(Long id, String workspace, String title, String zone, LocalDate firstDate, LocalTime localStart,
            int durationMin, Recurrence recurrence, boolean fixedRoles, int hostPos, int recorderPos,
            int timekeeperPos, long creatorId, Instant createdAt, Set<Participant> participants, Integer version) {
        this.id = id;
        this.workspace = workspace;
        this.title = title;
        this.zone = zone;
        this.firstDate = firstDate;
        this.localStart = localStart;
        this.durationMin = durationMin;
        this.recurrence = recurrence;
        this.fixedRoles = fixedRoles;
        this.hostPos = hostPos;
        this.recorderPos = recorderPos;
        this.timekeeperPos = timekeeperPos;
        this.creatorId = creatorId;
        this.createdAt = createdAt;
        this.participants = new HashSet<>(participants);
        this.version = version;
    }

    static MeetingSeries plan(String workspace, String title, ZonedDateTime start, Duration length,
            Recurrence recurrence, boolean fixedRoles, List<Long> memberIds, Roles roles, long creatorId,
            Instant now) {
        Set<Participant> ps = new HashSet<>();
        for (int i = 0; i < memberIds.size(); i++) {
            ps.add(new Participant(i, memberIds.get(i)));
        }
        return new MeetingSeries(null, workspace, title, start.getZone().getId(), start.toLocalDate(),
                start.toLocalTime(), (int) length.toMinutes(), recurrence, fixedRoles, roles.host(),
                roles.recorder(), roles.timekeeper(), creatorId, now, ps, null);
    }

    /** When occurrence {@code seq} (0 for the first) starts: the same local time in the series' zone. */
    Instant startOf(int seq) {
        LocalDate date = switch (recurrence) {
            case NONE, WEEKLY -> firstDate.plusWeeks(seq);
            case BIWEEKLY -> firstDate.plusWeeks(2L * seq);
            case MONTHLY -> firstDate.plusMonths(seq);
        };
        return ZonedDateTime.of(date, localStart, zone()).toInstant();
    }

    /** The member holding each role in occurrence {@code seq}: fixed, or moved on one participant each time. */
    long hostOf(int seq) {
        return at(hostPos, seq);
    }

    long recorderOf(int seq) {
        return at(recorderPos, seq);
    }

    long timekeeperOf(int seq) {
        return at(timekeeperPos, seq);
    }

    private long at(int pos, int seq) {
        List<Long> ids = participantIds();
        int shift = fixedRoles ? 0 : seq;
        return ids.get(Math.floorMod(pos + shift, ids.size()));
    }

    List<Long> participantIds() {
        return participants.stream().sorted(Comparator.comparingInt(Participant::position))
                .map(Participant::memberId).toList();
    }

    boolean recurs() {
        return recurrence != Recurrence.NONE;
    }

    public long id() {
        return id;
    }

    String ref() {
        return "M-" + number;
    }

    String workspace() {
        return workspace;
    }

    String title() {
        return title;
    }

    ZoneId zone() {
        return ZoneId.of(zone);
    }

    Duration length() {
        return Duration.ofMinutes(durationMin);
    }

    Recurrence recurrence() {
        return recurrence;
    }

    boolean fixedRoles() {
        return fixedRoles;
    }

    long creatorId() {
        return creatorId;
    }
}
