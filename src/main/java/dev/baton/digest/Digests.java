package dev.baton.digest;

import dev.baton.calendar.WorkingCalendar;
import dev.baton.content.ContentReport;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.lead.LeadReport;
import dev.baton.meeting.MeetingReport;
import dev.baton.okr.OkrReport;
import dev.baton.poll.TrainingReport;
import dev.baton.system.Charts;
import dev.baton.team.Department;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Builds a manager's digest for the seven days before {@code now}, one part per department. */
@Component
class Digests {

    private final OkrReport okrs;
    private final ContentReport content;
    private final LeadReport leads;
    private final MeetingReport meetings;
    private final TrainingReport training;
    private final Team team;
    private final WorkingCalendar calendar;

    Digests(OkrReport okrs, ContentReport content, LeadReport leads, MeetingReport meetings, TrainingReport training,
            Team team, WorkingCalendar calendar) {
        this.calendar = calendar;
        this.okrs = okrs;
        this.content = content;
        this.leads = leads;
        this.meetings = meetings;
        this.training = training;
        this.team = team;
    }

    /** How far ahead a digest looks for a year without its official holidays: the weeks before it begins. */
    private static final int UNANNOUNCED_AHEAD_DAYS = 60;

    /** The digest, and a chart of OKR progress (with last week's value as a marker) when there are objectives. */
    record Built(Reply.Card card, Optional<Reply.Image> chart) {
    }

    Built build(Member reader, List<Department> departments, Set<String> sections, Instant now, Texts t) {
        List<Charts.Bar> bars = new ArrayList<>();
        Instant weekAgo = now.minus(Duration.ofDays(7));
        ZonedDateTime local = now.atZone(reader.zone());
        DateTimeFormatter day = DateTimeFormatter.ofPattern(t.t("format.date"), t.locale());
        List<String> lines = new ArrayList<>();
        for (Department d : departments) {
            lines.add("▸ " + d.name());
            boolean anything = false;
            if (sections.contains("okr")) {
                OkrReport.Department r = okrs.department(d.id(), local.toLocalDate(), now, weekAgo);
                if (!r.isEmpty()) {
                    anything = true;
                    lines.add(t.t("digest.okr.title", r.period()));
                    for (OkrReport.ObjectiveProgress o : r.objectives()) {
                        bars.add(new Charts.Bar(o.ref() + " " + o.title(), o.progress(), o.weekAgo()));
                        int delta = o.progress() - o.weekAgo();
                        lines.add("    " + t.t("digest.okr.objective", o.ref(), o.title(), o.owner(), o.progress(),
                                (delta > 0 ? "↑ +" : delta < 0 ? "↓ " : "→ ") + delta));
                    }
                    for (OkrReport.Falling f : r.fallingConfidence()) {
                        lines.add("    " + t.t("digest.okr.falling", f.ref(), f.title(), f.owner(), f.from(), f.to()));
                    }
                    if (!r.missingCheckIns().isEmpty()) {
                        lines.add("    " + t.t("digest.okr.missing", r.missingCheckIns().stream()
                                .map(m -> m.owner() + " (" + String.join(", ", m.refs()) + ")")
                                .collect(Collectors.joining("; "))));
                    }
                    for (OkrReport.SupportedMove m : r.supportedMoves()) {
                        lines.add("    " + t.t("digest.okr.supported-move", m.supporter(), m.ref(), m.title(),
                                m.owner(), m.from(), m.to()));
                    }
                }
            }
            Set<Long> people = team.inDepartment(d.id()).stream().map(Member::id).collect(Collectors.toSet());
            if (sections.contains("content")) {
                ContentReport.Week w = content.week(reader.workspace(), people, weekAgo, now, now);
                if (!w.isEmpty()) {
                    anything = true;
                    lines.add(t.t("digest.content.title"));
                    lines.add("    " + t.t("digest.content.published", w.published(), w.planned()));
                    for (ContentReport.Overdue o : w.overdue()) {
                        lines.add("    " + t.t("digest.content.overdue", o.ref(), t.t(o.platformKey()), o.title(),
                                t.t(o.stageKey()), o.owner()));
                    }
                }
            }
            if (sections.contains("leads")) {
                LeadReport.Week w = leads.week(people, weekAgo, now);
                if (!w.isEmpty()) {
                    anything = true;
                    lines.add(t.t("digest.leads.title"));
                    lines.add("    " + t.t("digest.leads.line", w.handedOff(), w.accepted(), w.won(),
                            w.medianHoursToAccept().map(h -> String.format(java.util.Locale.ROOT, "%.1f", h))
                                    .orElse("-")));
                }
            }
            if (sections.contains("meetings")) {
                List<MeetingReport.Overdue> overdue = meetings.overdue(people, local.toLocalDate());
                if (!overdue.isEmpty()) {
                    anything = true;
                    lines.add(t.t("digest.meetings.title"));
                    overdue.forEach(o -> lines.add("    " + t.t("digest.meetings.overdue", o.ref(), o.title(), o.owner(),
                            t.date(o.due()))));
                }
            }
            if (sections.contains("training")) {
                List<TrainingReport.Closed> closed = training.closed(people, weekAgo, now);
                if (!closed.isEmpty()) {
                    anything = true;
                    lines.add(t.t("digest.training.title"));
                    closed.forEach(c -> lines.add("    " + (c.quizScore().isPresent()
                            ? t.t("digest.training.quiz", c.ref(), c.title(), c.answered(), c.asked(),
                                    c.quizScore().get(), c.quizScoreBefore().map(b -> t.t("digest.training.before", b))
                                            .orElse(""))
                            : t.t("digest.training.line", c.ref(), c.title(), c.answered(), c.asked(),
                                    c.nps().map(TrainingReport::signed).orElse("-")))));
                }
            }
            if (!anything) {
                lines.add("    " + t.t("digest.nothing"));
            }
        }
        // the next weeks reach a year whose official holidays Baton does not ship yet: the manager hears of it
        // before its first holiday is treated as a workday (the State Council announces a year in November)
        LocalDate today = local.toLocalDate();
        calendar.unannouncedYears(team.calendarOf(reader), today, today.plusDays(UNANNOUNCED_AHEAD_DAYS))
                .forEach(y -> lines.add(t.t("digest.unannounced", String.valueOf(y))));
        String title = t.t("digest.title", weekAgo.atZone(reader.zone()).format(day), local.format(day));
        Reply.Card card = new Reply.Card(title, lines, List.of(), List.of(), t.t("digest.footer"));
        if (bars.isEmpty()) {
            return new Built(card, Optional.empty());
        }
        String alt = bars.stream().map(b -> t.t("digest.chart.alt-item", b.label(), b.percent(), b.earlier()))
                .collect(Collectors.joining("; "));
        String chartTitle = t.t("digest.chart.title", local.format(day));
        return new Built(card, Optional.of(new Reply.Image(chartTitle, alt,
                Charts.bars(chartTitle, bars, t.t("digest.chart.legend")))));
    }
}
