package dev.baton.meeting;

import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.system.Ics;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import org.springframework.stereotype.Component;

/** How meetings look: invitations, agendas, minutes, action items, and iCalendar invites and feeds. */
@Component
class MeetingView {

    static final String ACTION_DONE = "meeting.done";
    static final String ACTION_MORE_TIME = "meeting.more-time";
    static final String ACTION_INVITE = "meeting.invite";

    private final Team team;

    MeetingView(Team team) {
        this.team = team;
    }

    static String when(Instant at, ZoneId zone, Texts t) {
        return t.dateTime(at, zone);
    }

    static String day(LocalDate date, Texts t) {
        return t.date(date);
    }

    String name(long memberId) {
        return team.member(memberId).displayName();
    }

    String span(Meeting m, Member to, Texts t) {
        return span(m.startsAt(), m.endsAt(), to, t);
    }

    static String span(Instant start, Instant end, Member to, Texts t) {
        return when(start, to.zone(), t) + "–" + end.atZone(to.zone())
                .format(DateTimeFormatter.ofPattern("HH:mm", t.locale()));
    }

    String roles(Meeting m, Texts t) {
        return t.t("meeting.roles", name(m.hostId()), name(m.recorderId()), name(m.timekeeperId()));
    }

    Reply.Card invitation(MeetingSeries s, Meeting m, Member to, Texts t) {
        List<String> lines = new ArrayList<>();
        lines.add(t.t("meeting.invitation", name(s.creatorId()), s.title(), span(m, to, t),
                t.t("meeting.recurrence." + s.recurrence().name().toLowerCase(Locale.ROOT))));
        lines.add(roles(m, t));
        lines.add(t.t("meeting.invitation.agenda", s.ref()));
        return new Reply.Card(t.t("meeting.invitation.title", s.title()), lines, List.of(),
                List.of(new Reply.Button(t.t("meeting.button.invite"), ACTION_INVITE, String.valueOf(m.id()),
                        Reply.Button.Style.DEFAULT)), s.ref());
    }

    Reply.Card agenda(MeetingSeries s, Meeting m, List<ActionItem> open, Member to, Texts t, boolean draft) {
        List<String> lines = new ArrayList<>();
        lines.add(span(m, to, t) + " · " + roles(m, t));
        if (!open.isEmpty()) {
            lines.add(t.t("meeting.agenda.open-actions"));
            open.forEach(a -> lines.add(actionLine(a, t)));
        }
        if (m.agenda().isEmpty()) {
            lines.add(t.t("meeting.agenda.empty"));
        } else {
            lines.add(t.t("meeting.agenda.items"));
            int total = 0;
            for (AgendaItem i : m.agenda()) {
                total += i.minutes();
                lines.add(t.t(i.carriedFrom() != null ? "meeting.agenda.item.carried" : "meeting.agenda.item",
                        i.position(), i.title(), name(i.ownerId()), i.minutes()));
            }
            long length = s.length().toMinutes();
            lines.add(t.t(total > length ? "meeting.agenda.over" : "meeting.agenda.total", total, length));
        }
        return new Reply.Card(t.t(draft ? "meeting.agenda.draft-title" : "meeting.agenda.title", s.title()), lines,
                List.of(), List.of(), t.t("meeting.agenda.footer", s.ref()));
    }

    Reply.Card minutes(MeetingSeries s, Meeting m, List<ActionItem> actions, Member to, Texts t, boolean late) {
        List<String> lines = new ArrayList<>();
        if (late) {
            lines.add(t.t("meeting.minutes.late", name(m.recorderId())));
        }
        lines.add(when(m.startsAt(), to.zone(), t) + " · " + roles(m, t));
        lines.add(t.t("meeting.minutes.decisions"));
        if (m.decisions().isEmpty()) {
            lines.add(t.t("meeting.minutes.none"));
        }
        m.decisions().forEach(d -> lines.add("• " + d.text()));
        lines.add(t.t("meeting.minutes.actions"));
        if (actions.isEmpty()) {
            lines.add(t.t("meeting.minutes.none"));
        }
        actions.forEach(a -> lines.add(actionLine(a, t)));
        List<AgendaItem> carried = s.recurs() ? m.unfinished() : List.of();
        if (!carried.isEmpty()) {
            lines.add(t.t("meeting.minutes.carried"));
            carried.forEach(i -> lines.add("• " + t.t("meeting.minutes.carried-item", i.title(), name(i.ownerId()))));
        }
        return new Reply.Card(t.t("meeting.minutes.title", s.title(), when(m.startsAt(), to.zone(), t)), lines,
                List.of(), List.of(), t.t("meeting.minutes.footer", s.ref()));
    }

    String actionLine(ActionItem a, Texts t) {
        String line = t.t("meeting.action.line", a.ref(), a.title(), name(a.ownerId()), day(a.dueDate(), t));
        return a.deliverable() == null ? line : line + " · " + t.t("meeting.action.deliverable", a.deliverable());
    }

    Reply.Card actionCard(MeetingSeries s, ActionItem a, Texts t, String key, Object... more) {
        List<String> lines = new ArrayList<>();
        Object[] args = new Object[2 + more.length];
        args[0] = s.ref();
        args[1] = s.title();
        System.arraycopy(more, 0, args, 2, more.length);
        lines.add(t.t(key, args));
        lines.add(actionLine(a, t));
        return new Reply.Card(null, lines, List.of(), List.of(
                new Reply.Button(t.t("meeting.button.done"), ACTION_DONE, String.valueOf(a.id()),
                        Reply.Button.Style.PRIMARY),
                new Reply.Button(t.t("meeting.button.more-time"), ACTION_MORE_TIME, String.valueOf(a.id()),
                        Reply.Button.Style.DEFAULT)), t.t("meeting.action.footer", a.ref()));
    }

    /** An iCalendar invite (METHOD:PUBLISH) for one occurrence. */
    Reply.File invite(MeetingSeries s, Meeting m, Texts t) {
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Baton//Meetings//EN"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(ImmutableMethod.PUBLISH);
        calendar.add(event(s, m, t));
        return new Reply.File(t.t("meeting.invite.title", s.title()), "meeting-" + m.id() + ".ics",
                "text/calendar", Ics.fold(calendar.toString()).getBytes(StandardCharsets.UTF_8),
                t.t("meeting.invite.summary", s.title()));
    }

    VEvent event(MeetingSeries s, Meeting m, Texts t) {
        VEvent event = new VEvent(m.startsAt(), m.endsAt(), s.title() + " (" + s.ref() + ")");
        event.add(new Uid("meeting-" + s.id() + "-" + m.seq() + "@baton"));
        // chat members have no e-mail addresses Baton may share, so people are named in the description
        String people = String.join(", ", s.participantIds().stream().map(this::name).toList());
        event.add(new Description(roles(m, t) + "\n" + t.t("meeting.invite.participants", people)));
        return event;
    }
}
