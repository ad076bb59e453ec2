package dev.baton.home;

import dev.baton.content.ContentReport;
import dev.baton.conversation.Pending;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.lead.LeadReport;
import dev.baton.meeting.MeetingReport;
import dev.baton.okr.OkrReport;
import dev.baton.poll.PollAudience;
import dev.baton.poll.TrainingReport;
import dev.baton.team.Department;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * A person's week, in their language and time zone: what Baton waits on from them, section by section (empty ones
 * left out), and for managers what is at risk in their departments. Every button is the one the thing was first
 * asked with, so it does exactly the same here.
 */
@Component
class MyWeek {

    /** Items per section; the rest are counted (Slack's home holds 100 blocks, a Feishu card 30 KB). */
    static final int PER_SECTION = 8;

    private final OkrReport okrs;
    private final MeetingReport meetings;
    private final LeadReport leads;
    private final ContentReport content;
    private final TrainingReport training;
    private final PollAudience polls;
    private final Team team;

    MyWeek(OkrReport okrs, MeetingReport meetings, LeadReport leads, ContentReport content, TrainingReport training,
            PollAudience polls, Team team) {
        this.polls = polls;
        this.okrs = okrs;
        this.meetings = meetings;
        this.leads = leads;
        this.content = content;
        this.training = training;
        this.team = team;
    }

    Reply.Card build(Member me, Instant now, Texts t) {
        LocalDate today = now.atZone(me.zone()).toLocalDate();
        Instant inAWeek = now.plus(Duration.ofDays(7));
        List<String> lines = new ArrayList<>();
        List<Reply.Button> buttons = new ArrayList<>();
        pending(t.t("week.section.okr"), okrs.toCheckIn(me, today, now, t), lines, buttons, t);
        pending(t.t("week.section.actions"), meetings.openActions(me, today, t), lines, buttons, t);
        pending(t.t("week.section.leads"), leads.waitingFor(me, now, t), lines, buttons, t);
        pending(t.t("week.section.review"), content.toReview(me, t), lines, buttons, t);
        plain(t.t("week.section.content"), content.ownGoingOut(me, now, inAWeek, t), lines, t);
        pending(t.t("week.section.surveys"), training.unanswered(me, t), lines, buttons, t);
        pending(t.t("week.section.polls"), polls.unvoted(me, t), lines, buttons, t);
        plain(t.t("week.section.meetings"), meetings.nextMeetings(me, now, inAWeek, t), lines, t);
        for (Department d : team.managedBy(me.id())) {
            Set<Long> people = team.inDepartment(d.id()).stream().map(Member::id).collect(Collectors.toSet());
            List<String> risks = new ArrayList<>();
            okrs.department(d.id(), today, now, now.minus(Duration.ofDays(7))).fallingConfidence().forEach(f ->
                    risks.add(t.t("week.risk.confidence", f.ref(), f.title(), f.owner(), f.from(), f.to())));
            meetings.overdue(people, today).forEach(o ->
                    risks.add(t.t("week.risk.action", o.ref(), o.title(), o.owner(), t.date(o.due()))));
            risks.addAll(leads.breaching(people, now, me.zone(), t));
            plain(t.t("week.section.risks", d.name()), risks, lines, t);
        }
        if (lines.isEmpty()) {
            lines.add(t.t("week.empty"));
        }
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return new Reply.Card(t.t("week.title", t.date(monday), t.date(monday.plusDays(6))), lines, List.of(),
                buttons, t.t("week.footer", t.dateTime(now, me.zone())));
    }

    private static void pending(String title, List<Pending> items, List<String> lines, List<Reply.Button> buttons,
            Texts t) {
        if (items.isEmpty()) {
            return;
        }
        section(lines, title);
        for (Pending p : items.subList(0, Math.min(PER_SECTION, items.size()))) {
            lines.add("• " + p.line());
            buttons.addAll(p.buttons());
        }
        more(items.size(), lines, t);
    }

    private static void plain(String title, List<String> items, List<String> lines, Texts t) {
        if (items.isEmpty()) {
            return;
        }
        section(lines, title);
        items.subList(0, Math.min(PER_SECTION, items.size())).forEach(i -> lines.add("• " + i));
        more(items.size(), lines, t);
    }

    private static void section(List<String> lines, String title) {
        lines.add("▸ " + title);
    }

    private static void more(int size, List<String> lines, Texts t) {
        if (size > PER_SECTION) {
            lines.add(t.t("week.more", size - PER_SECTION));
        }
    }
}
