package dev.baton.meeting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/** One occurrence of a series: its time, roles, agenda, decisions and whether agenda and minutes went out. */
@Table("meeting")
public class Meeting {

    @Id
    private Long id;
    private final long seriesId;
    private final int seq;
    private Instant startsAt;
    private Instant endsAt;
    private final long hostId;
    private final long recorderId;
    private final long timekeeperId;
    private Instant agendaPublishedAt;
    private Instant minutesPublishedAt;
    private boolean minutesLate;
    private boolean cancelled;
    @MappedCollection(idColumn = "meeting_id")
    private Set<AgendaItem> agenda;
    @MappedCollection(idColumn = "meeting_id")
    private Set<Decision> decisions;
    @Version
    private Integer version;

    @PersistenceCreator
    Meeting(Long id, long seriesId, int seq, Instant startsAt, Instant endsAt, long hostId, long recorderId,
            long timekeeperId, Instant agendaPublishedAt, Instant minutesPublishedAt, boolean minutesLate,
            boolean cancelled, Set<AgendaItem> agenda, Set<Decision> decisions, Integer version) {
        this.id = id;
        this.seriesId = seriesId;
        this.seq = seq;
        this.startsAt = startsAt;
        this.endsAt = endsAt;
        this.hostId = hostId;
        this.recorderId = recorderId;
        this.timekeeperId = timekeeperId;
        this.agendaPublishedAt = agendaPublishedAt;
        this.minutesPublishedAt = minutesPublishedAt;
        this.minutesLate = minutesLate;
        this.cancelled = cancelled;
        this.agenda = new HashSet<>(agenda);
        this.decisions = new HashSet<>(decisions);
        this.version = version;
    }

    static Meeting of(MeetingSeries series, int seq, List<AgendaItem> carried) {
        Instant start = series.startOf(seq);
        return new Meeting(null, series.id(), seq, start, start.plus(series.length()), series.hostOf(seq),
                series.recorderOf(seq), series.timekeeperOf(seq), null, null, false, false, new HashSet<>(carried),
                new HashSet<>(), null);
    }

    AgendaItem addItem(String title, long ownerId, int minutes) {
        AgendaItem item = new AgendaItem(agenda.size() + 1, title, ownerId, minutes, false, null);
        agenda.add(item);
        return item;
    }

    /** A talking point left over from an earlier meeting of the series, added after this meeting's own. */
    void carry(AgendaItem item) {
        agenda.add(new AgendaItem(agenda.size() + 1, item.title(), item.ownerId(), item.minutes(), false,
                item.carriedFrom()));
    }

    Optional<AgendaItem> item(int position) {
        return agenda.stream().filter(i -> i.position() == position).findFirst();
    }

    void discussed(int position) {
        AgendaItem item = item(position).orElseThrow();
        agenda.remove(item);
        agenda.add(item.markDiscussed());
    }

    Decision decide(String text, long by) {
        Decision d = new Decision(decisions.size() + 1, text, by);
        decisions.add(d);
        return d;
    }

    void agendaPublished(Instant now) {
        agendaPublishedAt = now;
    }

    void minutesPublished(Instant now, boolean late) {
        minutesPublishedAt = now;
        minutesLate = late;
    }

    void cancel() {
        cancelled = true;
    }

    /** This occurrence only takes place at {@code start} instead, as long as before; the series keeps its rhythm. */
    void moveTo(Instant start) {
        java.time.Duration length = java.time.Duration.between(startsAt, endsAt);
        startsAt = start;
        endsAt = start.plus(length);
    }

    public long id() {
        return id;
    }

    long seriesId() {
        return seriesId;
    }

    int seq() {
        return seq;
    }

    Instant startsAt() {
        return startsAt;
    }

    Instant endsAt() {
        return endsAt;
    }

    long hostId() {
        return hostId;
    }

    long recorderId() {
        return recorderId;
    }

    long timekeeperId() {
        return timekeeperId;
    }

    boolean agendaPublished() {
        return agendaPublishedAt != null;
    }

    boolean minutesPublished() {
        return minutesPublishedAt != null;
    }

    boolean cancelled() {
        return cancelled;
    }

    List<AgendaItem> agenda() {
        return agenda.stream().sorted(Comparator.comparingInt(AgendaItem::position)).toList();
    }

    List<Decision> decisions() {
        return decisions.stream().sorted(Comparator.comparingInt(Decision::position)).toList();
    }

    /** Talking points not discussed, renumbered for the next occurrence. */
    List<AgendaItem> unfinished() {
        List<AgendaItem> out = new ArrayList<>();
        for (AgendaItem i : agenda()) {
            if (!i.discussed()) {
                out.add(new AgendaItem(out.size() + 1, i.title(), i.ownerId(), i.minutes(), false,
                        i.carriedFrom() != null ? i.carriedFrom() : id));
            }
        }
        return out;
    }
}
