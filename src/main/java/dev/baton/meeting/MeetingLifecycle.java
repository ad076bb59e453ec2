package dev.baton.meeting;

import dev.baton.calendar.WorkingCalendar;
import dev.baton.conversation.Context;
import dev.baton.conversation.Deliveries;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.conversation.Texts;
import dev.baton.schedule.Job;
import dev.baton.schedule.JobHandler;
import dev.baton.schedule.Schedule;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The rhythm of a meeting: ask for agenda items 48 h ahead, publish the agenda 24 h ahead (or tell the host there
 * is nothing to publish), plan the next occurrence when one ends, nag the recorder until the minutes are out and
 * publish them with a warning after 24 h; then remind action-item owners before the due day and every other day
 * while overdue, escalating the first overdue reminder to the host.
 */
@Component
class MeetingLifecycle implements JobHandler {

    static final String KIND = "meeting";
    static final Duration MINUTES_WITHIN = Duration.ofHours(24);
    private static final List<Duration> NAGS = List.of(Duration.ofHours(2), Duration.ofHours(8),
            Duration.ofHours(16));
    private static final LocalTime REMIND_AT = LocalTime.of(9, 0);
    /** A reminder that would come at night waits for the morning. */
    private static final LocalTime DAY_STARTS = LocalTime.of(8, 0);
    private static final LocalTime NIGHT_STARTS = LocalTime.of(21, 0);

    private final MeetingSeriesRepository series;
    private final Meetings meetings;
    private final ActionItems actions;
    private final MeetingView view;
    private final Schedule schedule;
    private final Deliveries deliveries;
    private final Team team;
    private final MessageSource messages;
    private final Clock clock;
    private final WorkingCalendar calendar;

    MeetingLifecycle(MeetingSeriesRepository series, Meetings meetings, ActionItems actions, MeetingView view,
            Schedule schedule, Deliveries deliveries, Team team, MessageSource messages, Clock clock,
            WorkingCalendar calendar) {
        this.calendar = calendar;
        this.series = series;
        this.meetings = meetings;
        this.actions = actions;
        this.view = view;
        this.schedule = schedule;
        this.deliveries = deliveries;
        this.team = team;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    Texts texts(Member m) {
        return new Texts(messages, m.locale());
    }

    /** Plans an occurrence's own jobs; steps whose time has passed are skipped. */
    void planned(Meeting m, Instant now) {
        Instant ask = m.startsAt().minus(Duration.ofHours(48));
        Instant agenda = m.startsAt().minus(Duration.ofHours(24));
        // a step already past is not planned — nor left at an old time, when the occurrence moved
        if (ask.isAfter(now)) {
            schedule.at("meeting.ask:" + m.id(), KIND, "ask", ask);
        } else {
            schedule.cancel("meeting.ask:" + m.id());
        }
        if (agenda.isAfter(now)) {
            schedule.at("meeting.agenda:" + m.id(), KIND, "agenda", agenda);
        } else {
            schedule.cancel("meeting.agenda:" + m.id());
        }
        schedule.at("meeting.end:" + m.id(), KIND, "end", m.endsAt());
        askIfDayOff(m, now);
    }

    /**
     * An occurrence planned on a public holiday or the workspace's own day off (a plain weekend is the series' own
     * choice) makes its host a question: skip this one, or move it to the workday before (or after, when that comes
     * before the series' next meeting). {@link MeetingHolidays} takes the answer.
     */
    private void askIfDayOff(Meeting m, Instant now) {
        if (m.cancelled() || !m.startsAt().isAfter(now)) {
            return;
        }
        MeetingSeries s = series.findById(m.seriesId()).orElseThrow();
        Member host = team.member(m.hostId());
        ZonedDateTime start = m.startsAt().atZone(host.zone());
        LocalDate day = start.toLocalDate();
        Optional<WorkingCalendar.Day> off = calendar.special(s.workspace(), day, day).stream()
                .filter(d -> d.kind() == WorkingCalendar.Kind.HOLIDAY).findFirst();
        if (off.isEmpty()) {
            return;
        }
        Texts t = texts(host);
        String original = m.id() + "|" + m.startsAt().toEpochMilli();
        List<Reply.Button> buttons = new ArrayList<>();
        Instant before = ZonedDateTime.of(calendar.previousWorkday(s.workspace(), day), start.toLocalTime(),
                host.zone()).toInstant();
        if (before.isAfter(now)) {
            buttons.add(new Reply.Button(t.t("meeting.holiday.move", MeetingView.when(before, host.zone(), t)),
                    MeetingHolidays.ACTION_MOVE, original + "|" + before.toEpochMilli(), Reply.Button.Style.PRIMARY));
        }
        Instant after = ZonedDateTime.of(calendar.nextWorkday(s.workspace(), day), start.toLocalTime(), host.zone())
                .toInstant();
        if (!s.recurs() || after.isBefore(s.startOf(m.seq() + 1))) {
            buttons.add(new Reply.Button(t.t("meeting.holiday.move", MeetingView.when(after, host.zone(), t)),
                    MeetingHolidays.ACTION_MOVE, original + "|" + after.toEpochMilli(), Reply.Button.Style.DEFAULT));
        }
        buttons.add(new Reply.Button(t.t("meeting.holiday.skip"), MeetingHolidays.ACTION_SKIP, original,
                Reply.Button.Style.DANGER));
        deliveries.enqueue(host.dm(new Reply.Card(t.t("meeting.holiday.title", s.title(), view.span(m, host, t),
                        off.get().name()), List.of(t.t("meeting.holiday.body")), List.of(), buttons, s.ref()),
                "meeting:" + m.id() + ":holiday:" + m.startsAt().toEpochMilli()));
    }

    /** {@code by} cancels this occurrence: its jobs stop and the other participants are told. */
    void cancel(Context ctx, Member by, MeetingSeries s, Meeting m) {
        m.cancel();
        meetings.save(m);
        cancelled(m);
        tellOthers(ctx, by, s, "meeting:" + m.id() + ":cancel:",
                (to, t) -> t.t("meeting.cancelled.note", by.displayName(), s.title(), view.span(m, to, t)));
        ctx.reply(ctx.t("meeting.cancelled", s.ref(), view.span(m, by, ctx.texts())));
    }

    /** A direct message to every participant but {@code by}, in their language; keyed {@code keyPrefix} + their id. */
    void tellOthers(Context ctx, Member by, MeetingSeries s, String keyPrefix,
            java.util.function.BiFunction<Member, Texts, String> text) {
        for (long id : s.participantIds()) {
            if (id == by.id()) {
                continue;
            }
            Member to = team.member(id);
            ctx.send(new Target.Direct(to.platformUserId()), new Reply.Text(text.apply(to, texts(to))), keyPrefix + id);
        }
    }

    /** A cancelled occurrence asks, publishes and nags nothing; its end still plans the next of the series. */
    void cancelled(Meeting m) {
        for (String step : List.of("ask", "agenda", "nag", "auto")) {
            schedule.cancel("meeting." + step + ":" + m.id());
        }
    }

    /** Sends the agenda to every participant; the caller checked that it is not empty. */
    void publishAgenda(MeetingSeries s, Meeting m, Instant now) {
        List<ActionItem> open = actions.findBySeriesIdAndStatusOrderByDueDate(s.id(), "OPEN");
        for (long id : s.participantIds()) {
            Member to = team.member(id);
            deliveries.enqueue(to.dm(view.agenda(s, m, open, to, texts(to), false),
                    "meeting:" + m.id() + ":agenda:" + id));
        }
        m.agendaPublished(now);
        meetings.save(m);
        schedule.cancel("meeting.agenda:" + m.id());
    }

    /** Sends the minutes, gives each action's owner their card, carries unfinished points to the next meeting. */
    void publishMinutes(MeetingSeries s, Meeting m, Instant now, boolean late) {
        List<ActionItem> recorded = actions.findByMeetingIdOrderById(m.id());
        for (long id : s.participantIds()) {
            Member to = team.member(id);
            deliveries.enqueue(to.dm(view.minutes(s, m, recorded, to, texts(to), late),
                    "meeting:" + m.id() + ":minutes:" + id));
        }
        for (ActionItem a : recorded) {
            Member owner = team.member(a.ownerId());
            deliveries.enqueue(owner.dm(view.actionCard(s, a, texts(owner), "meeting.action.assigned"),
                    "action:" + a.id() + ":assigned"));
            planAction(a, now);
        }
        meetings.findBySeriesIdAndSeq(s.id(), m.seq() + 1).ifPresent(next -> {
            m.unfinished().forEach(next::carry);
            meetings.save(next);
        });
        m.minutesPublished(now, late);
        meetings.save(m);
        schedule.cancel("meeting.nag:" + m.id());
        schedule.cancel("meeting.auto:" + m.id());
    }

    /** Reminds the owner the day before the due day and, while overdue, every other morning in their zone. */
    void planAction(ActionItem a, Instant now) {
        Member owner = team.member(a.ownerId());
        // the heads-up comes on the last workday before the due day (Friday for a Monday, before a holiday)
        Predicate<LocalDate> workday = calendar.workdays(team.calendarOf(owner));
        LocalDate headsUp = a.dueDate().minusDays(1);
        while (!workday.test(headsUp) && headsUp.isAfter(a.dueDate().minusDays(14))) {
            headsUp = headsUp.minusDays(1);
        }
        Instant before = ZonedDateTime.of(headsUp, REMIND_AT, owner.zone()).toInstant();
        Instant overdue = ZonedDateTime.of(a.dueDate().plusDays(1), REMIND_AT, owner.zone()).toInstant();
        String key = "meeting.action:" + a.id();
        if (before.isAfter(now)) {
            schedule.at(key, KIND, "before|" + a.dueDate(), before);
        } else {
            schedule.at(key, KIND, "overdue|" + a.dueDate() + "|1", overdue.isAfter(now) ? overdue : now);
        }
    }

    void actionClosed(ActionItem a) {
        schedule.cancel("meeting.action:" + a.id());
    }

    @Override
    public Optional<Instant> run(Job job) {
        long id = Long.parseLong(job.key().substring(job.key().indexOf(':') + 1));
        Instant now = clock.instant();
        String[] parts = job.payload().split("\\|");
        if (job.key().startsWith("meeting.action:")) {
            Optional<ActionItem> open = actions.findById(id).filter(ActionItem::open)
                    .filter(a -> a.dueDate().toString().equals(parts[1]));
            if (open.isPresent()) {
                // no overdue nudge on a day off (a weekend, a public holiday): it comes the next workday morning
                Member owner = team.member(open.get().ownerId());
                Optional<Instant> later = parts[0].equals("overdue")
                        ? calendar.deferral(team.calendarOf(owner), now, owner.zone(), REMIND_AT,
                                true)
                        : Optional.empty();
                if (later.isPresent()) {
                    return later;
                }
                remindAction(open.get(), parts, now);
            }
            return Optional.empty();
        }
        Optional<Meeting> found = meetings.findById(id);
        if (found.isEmpty() || (found.get().cancelled() && !parts[0].equals("end"))) {
            return Optional.empty();
        }
        Meeting m = found.get();
        MeetingSeries s = series.findById(m.seriesId()).orElseThrow();
        switch (parts[0]) {
            case "ask" -> {
                for (long pid : s.participantIds()) {
                    Member to = team.member(pid);
                    Texts t = texts(to);
                    deliveries.enqueue(to.dm(new Reply.Text(t.t("meeting.ask", s.title(), view.span(m, to, t),
                            s.ref())), "meeting:" + m.id() + ":ask:" + pid));
                }
            }
            case "agenda" -> {
                if (m.agendaPublished()) {
                    return Optional.empty();
                }
                if (m.agenda().isEmpty()) {
                    Member host = team.member(m.hostId());
                    Texts t = texts(host);
                    deliveries.enqueue(host.dm(new Reply.Text(t.t("meeting.agenda.nothing", s.title(),
                            view.span(m, host, t), s.ref())), "meeting:" + m.id() + ":agenda-empty"));
                } else {
                    publishAgenda(s, m, now);
                }
            }
            case "end" -> ended(s, m, now);
            case "nag" -> {
                if (!m.minutesPublished()) {
                    Member recorder = team.member(m.recorderId());
                    Texts t = texts(recorder);
                    deliveries.enqueue(recorder.dm(new Reply.Text(t.t("meeting.nag", s.title(), s.ref(),
                            MeetingView.when(m.endsAt().plus(MINUTES_WITHIN), recorder.zone(), t))),
                            "meeting:" + m.id() + ":nag:" + parts[1]));
                    planNag(m, Integer.parseInt(parts[1]) + 1, recorder, now);
                }
            }
            case "auto" -> {
                if (!m.minutesPublished()) {
                    publishMinutes(s, m, now, true);
                }
            }
            default -> throw new IllegalStateException("Unknown meeting step " + job.payload());
        }
        return Optional.empty();
    }

    /** The meeting is over: plan the next one, ask the recorder for the minutes, start the 24-hour clock. */
    private void ended(MeetingSeries s, Meeting m, Instant now) {
        if (s.recurs() && meetings.findBySeriesIdAndSeq(s.id(), m.seq() + 1).isEmpty()) {
            Meeting next = meetings.save(Meeting.of(s, m.seq() + 1, List.of()));
            planned(next, now);
        }
        if (m.minutesPublished() || m.cancelled()) {
            return;
        }
        Member recorder = team.member(m.recorderId());
        Texts t = texts(recorder);
        deliveries.enqueue(recorder.dm(new Reply.Text(t.t("meeting.ended", s.title(), s.ref(),
                MeetingView.when(m.endsAt().plus(MINUTES_WITHIN), recorder.zone(), t))),
                "meeting:" + m.id() + ":ended"));
        planNag(m, 0, recorder, now);
        schedule.at("meeting.auto:" + m.id(), KIND, "auto", m.endsAt().plus(MINUTES_WITHIN));
    }

    /**
     * The recorder's next reminder from the {@code n}th on, at its time after the meeting — but never at night in the
     * recorder's zone (one that would fall between 21:00 and 08:00 waits for 08:00), never twice at once (a later one
     * that the morning catches up with is dropped), and none after the minutes' deadline.
     */
    private void planNag(Meeting m, int n, Member recorder, Instant after) {
        for (int i = n; i < NAGS.size(); i++) {
            ZonedDateTime at = m.endsAt().plus(NAGS.get(i)).atZone(recorder.zone());
            if (at.toLocalTime().isBefore(DAY_STARTS)) {
                at = at.with(DAY_STARTS);
            } else if (!at.toLocalTime().isBefore(NIGHT_STARTS)) {
                at = at.plusDays(1).with(DAY_STARTS);
            }
            if (!at.toInstant().isBefore(m.endsAt().plus(MINUTES_WITHIN))) {
                return;
            }
            if (at.toInstant().isAfter(after)) {
                schedule.at("meeting.nag:" + m.id(), KIND, "nag|" + i, at.toInstant());
                return;
            }
        }
    }

    private void remindAction(ActionItem a, String[] parts, Instant now) {
        MeetingSeries s = series.findById(a.seriesId()).orElseThrow();
        Member owner = team.member(a.ownerId());
        Texts t = texts(owner);
        String key = "meeting.action:" + a.id();
        if (parts[0].equals("before")) {
            boolean tomorrow = now.atZone(owner.zone()).toLocalDate().plusDays(1).equals(a.dueDate());
            deliveries.enqueue(owner.dm(tomorrow ? view.actionCard(s, a, t, "meeting.action.due-tomorrow")
                    : view.actionCard(s, a, t, "meeting.action.due-on", t.date(a.dueDate())),
                    "action:" + a.id() + ":before:" + a.dueDate()));
            Instant overdue = ZonedDateTime.of(a.dueDate().plusDays(1), REMIND_AT, owner.zone()).toInstant();
            schedule.at(key, KIND, "overdue|" + a.dueDate() + "|1", overdue);
            return;
        }
        int round = Integer.parseInt(parts[2]);
        deliveries.enqueue(owner.dm(view.actionCard(s, a, t, "meeting.action.overdue"),
                "action:" + a.id() + ":overdue:" + a.dueDate() + ":" + round));
        if (round == 1) {
            // the first overdue morning also goes to the host of the meeting it came from
            Meeting origin = meetings.findById(a.meetingId()).orElseThrow();
            Member host = team.member(origin.hostId());
            if (host.id() != owner.id()) {
                Texts ht = texts(host);
                deliveries.enqueue(host.dm(new Reply.Text(ht.t("meeting.action.escalated", owner.displayName(),
                        view.actionLine(a, ht), s.ref(), s.title())), "action:" + a.id() + ":escalated:"
                        + a.dueDate()));
            }
        }
        schedule.at(key, KIND, "overdue|" + a.dueDate() + "|" + (round + 1), now.plus(Duration.ofDays(2)));
    }
}
