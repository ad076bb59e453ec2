package dev.baton.meeting;

import dev.baton.conversation.Pending;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.team.Member;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/** Meeting commitments: overdue ones of a group of people (the managers' digest), and one person's week. */
@Component
public class MeetingReport {

    private final ActionItems actions;
    private final MeetingView view;
    private final MeetingSeriesRepository series;
    private final Meetings meetings;

    MeetingReport(ActionItems actions, MeetingView view, MeetingSeriesRepository series, Meetings meetings) {
        this.actions = actions;
        this.view = view;
        this.series = series;
        this.meetings = meetings;
    }

    /** A person's open action items, soonest due first, with Done and Need more time. */
    public List<Pending> openActions(Member me, LocalDate today, Texts t) {
        return actions.findByOwnerIdAndStatusOrderByDueDate(me.id(), "OPEN").stream()
                .map(a -> new Pending(t.t(a.dueDate().isBefore(today) ? "week.action.overdue" : "week.action.line",
                        a.ref(), a.title(), t.date(a.dueDate())), List.of(
                        new Reply.Button(t.t("week.action.done", a.ref()), MeetingView.ACTION_DONE,
                                String.valueOf(a.id()), Reply.Button.Style.PRIMARY),
                        new Reply.Button(t.t("week.action.more-time", a.ref()), MeetingView.ACTION_MORE_TIME,
                                String.valueOf(a.id()), Reply.Button.Style.DEFAULT))))
                .toList();
    }

    /** The person's meetings starting in [{@code from}, {@code to}), soonest first, with their role in each. */
    public List<String> nextMeetings(Member me, Instant from, Instant to, Texts t) {
        List<Meeting> next = new java.util.ArrayList<>();
        java.util.Map<Long, MeetingSeries> bySeries = new java.util.HashMap<>();
        for (MeetingSeries s : series.findByParticipant(me.id())) {
            bySeries.put(s.id(), s);
            meetings.findBySeriesIdOrderBySeq(s.id()).stream()
                    .filter(m -> !m.cancelled() && !m.startsAt().isBefore(from) && m.startsAt().isBefore(to))
                    .forEach(next::add);
        }
        return next.stream().sorted(Comparator.comparing(Meeting::startsAt)).map(m -> {
            MeetingSeries s = bySeries.get(m.seriesId());
            String role = m.hostId() == me.id() ? "week.meeting.host" : m.recorderId() == me.id()
                    ? "week.meeting.recorder" : m.timekeeperId() == me.id() ? "week.meeting.timekeeper"
                    : "week.meeting.participant";
            return t.t("week.meeting.line", view.span(m, me, t), s.ref(), s.title(), t.t(role));
        }).toList();
    }

    public record Overdue(String ref, String title, String owner, LocalDate due) {
    }

    /** Open action items of these people whose due day is before {@code today}. */
    public List<Overdue> overdue(Collection<Long> people, LocalDate today) {
        return people.stream()
                .flatMap(id -> actions.findByOwnerIdAndStatusOrderByDueDate(id, "OPEN").stream())
                .filter(a -> a.dueDate().isBefore(today))
                .sorted(Comparator.comparing(ActionItem::dueDate))
                .map(a -> new Overdue(a.ref(), a.title(), view.name(a.ownerId()), a.dueDate()))
                .toList();
    }
}
