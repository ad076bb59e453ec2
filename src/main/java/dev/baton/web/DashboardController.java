package dev.baton.web;

import dev.baton.calendar.WorkingCalendar;
import dev.baton.content.ContentReport;
import dev.baton.conversation.Texts;
import dev.baton.lead.LeadReport;
import dev.baton.okr.OkrBoard;
import dev.baton.poll.PollBoard;
import dev.baton.team.Department;
import dev.baton.team.Member;
import dev.baton.team.Role;
import dev.baton.team.Team;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only dashboards of the console for managers and admins: the OKR alignment tree, the lead funnel, the content
 * calendar and poll results. Each reads what the feature itself reports, so the numbers match the chat's.
 */
@RestController
@ConditionalOnProperty(name = "baton.console.enabled", havingValue = "true")
class DashboardController {

    private static final int MAX_DAYS = 3650;

    private final Team team;
    private final OkrBoard okrs;
    private final LeadReport leads;
    private final ContentReport content;
    private final PollBoard polls;
    private final MessageSource messages;
    private final Clock clock;
    private final WorkingCalendar calendar;

    DashboardController(Team team, OkrBoard okrs, LeadReport leads, ContentReport content, PollBoard polls,
            MessageSource messages, Clock clock, WorkingCalendar calendar) {
        this.calendar = calendar;
        this.team = team;
        this.okrs = okrs;
        this.leads = leads;
        this.content = content;
        this.polls = polls;
        this.messages = messages;
        this.clock = clock;
    }

    /** A refusal with a reason the page shows as it is. */
    static final class Refused extends RuntimeException {
        private final HttpStatus status;

        Refused(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(Refused.class)
    ResponseEntity<Map<String, Object>> refused(Refused e) {
        return ResponseEntity.status(e.status).body(Map.of("ok", false, "message", e.getMessage()));
    }

    @GetMapping("/console/api/dashboard/okr")
    Map<String, Object> okr(@RequestParam String user, @RequestParam(defaultValue = "en") String lang,
            @RequestParam(defaultValue = "") String period) {
        Texts t = texts(lang);
        Viewer viewer = viewer(user, t);
        ZoneId zone = viewer.member().zone();
        OkrBoard.Tree tree = okrs.tree(ConsoleController.WORKSPACE, period, LocalDate.now(clock.withZone(zone)),
                viewer.departments()).orElseThrow(() -> new Refused(HttpStatus.BAD_REQUEST,
                        t.t("console.dashboard.bad-period", period)));
        return Map.of("ok", true, "period", tree.period(), "roots", tree.roots().stream()
                .map(n -> node(n, zone, t)).toList());
    }

    private Map<String, Object> node(OkrBoard.Node n, ZoneId zone, Texts t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ref", n.ref());
        m.put("title", n.title());
        m.put("owner", n.owner());
        m.put("department", n.department());
        m.put("mine", n.mine());
        m.put("progress", n.progress());
        m.put("keyResults", n.keyResults().stream().map(kr -> {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("ref", kr.ref());
            k.put("title", kr.title());
            k.put("owner", kr.owner());
            k.put("current", kr.current());
            k.put("target", kr.target());
            k.put("progress", kr.progress());
            k.put("confidence", kr.confidence());
            k.put("lastCheckIn", kr.lastCheckIn() == null ? null : t.dateTime(kr.lastCheckIn(), zone));
            return k;
        }).toList());
        m.put("children", n.children().stream().map(c -> node(c, zone, t)).toList());
        return m;
    }

    @GetMapping("/console/api/dashboard/leads")
    Map<String, Object> leads(@RequestParam String user, @RequestParam(defaultValue = "en") String lang,
            @RequestParam(defaultValue = "30") String days) {
        Texts t = texts(lang);
        viewer(user, t);
        int n;
        try {
            n = Integer.parseInt(days.strip());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_DAYS) {
            throw new Refused(HttpStatus.BAD_REQUEST, t.t("console.dashboard.bad-days", days, MAX_DAYS));
        }
        Instant to = clock.instant();
        LeadReport.Funnel f = leads.funnel(ConsoleController.WORKSPACE, to.minus(Duration.ofDays(n)), to);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", true);
        m.put("days", n);
        List<Map<String, Object>> stages = new ArrayList<>();
        stage(stages, t, "created", f.created(), f.created());
        stage(stages, t, "handed-off", f.handedOff(), f.created());
        stage(stages, t, "accepted", f.accepted(), f.created());
        stage(stages, t, "contacted", f.contacted(), f.created());
        stage(stages, t, "qualified", f.qualified(), f.created());
        stage(stages, t, "won", f.won(), f.created());
        m.put("stages", stages);
        m.put("lost", f.lost());
        m.put("disqualified", f.disqualified());
        m.put("open", f.open());
        m.put("sources", f.bySource().stream().map(s -> Map.of("source", s.source(), "leads", s.leads(),
                "accepted", s.accepted(), "won", s.won(), "conversion", s.conversionPercent())).toList());
        m.put("medianHoursToAccept", f.medianHoursToAccept().map(DashboardController::oneDecimal).orElse(null));
        m.put("medianDaysToClose", f.medianDaysToClose().map(DashboardController::oneDecimal).orElse(null));
        m.put("averageQuality", f.averageQuality().map(DashboardController::oneDecimal).orElse(null));
        m.put("ratings", f.ratings().size());
        return m;
    }

    private static void stage(List<Map<String, Object>> stages, Texts t, String key, int count, int of) {
        stages.add(Map.of("key", key, "label", t.t("console.dashboard.stage." + key), "count", count,
                "percent", of == 0 ? 0 : Math.round(100f * count / of)));
    }

    private static String oneDecimal(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    @GetMapping("/console/api/dashboard/content")
    Map<String, Object> content(@RequestParam String user, @RequestParam(defaultValue = "en") String lang,
            @RequestParam(defaultValue = "") String month) {
        Texts t = texts(lang);
        ZoneId zone = viewer(user, t).member().zone();
        YearMonth ym;
        try {
            ym = month.isBlank() ? YearMonth.now(clock.withZone(zone)) : YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw new Refused(HttpStatus.BAD_REQUEST, t.t("console.dashboard.bad-month", month));
        }
        ZonedDateTime from = ym.atDay(1).atStartOfDay(zone);
        ZonedDateTime to = ym.plusMonths(1).atDay(1).atStartOfDay(zone);
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm");
        Map<String, List<Map<String, Object>>> byDay = new LinkedHashMap<>();
        for (ContentReport.Entry e : content.calendar(ConsoleController.WORKSPACE, from.toInstant(), to.toInstant(),
                clock.instant())) {
            ZonedDateTime at = e.publishAt().atZone(zone);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("ref", e.ref());
            item.put("title", e.title());
            item.put("time", at.format(time));
            item.put("platform", t.t(e.platformKey()));
            item.put("stage", t.t(e.stageKey()));
            item.put("owner", e.owner());
            item.put("reviewer", e.reviewer());
            item.put("overdue", e.overdue());
            byDay.computeIfAbsent(at.toLocalDate().toString(), k -> new ArrayList<>()).add(item);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", true);
        m.put("month", ym.toString());
        m.put("zone", zone.getId());
        // the grid starts on Monday; the page leaves this many cells empty before the 1st
        m.put("leadingBlanks", ym.atDay(1).getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
        m.put("length", ym.lengthOfMonth());
        m.put("days", byDay);
        // public holidays and make-up workdays, and the workspace's own, so a post is not planned on a day off unseen
        Map<String, Map<String, Object>> special = new LinkedHashMap<>();
        for (WorkingCalendar.Day d : calendar.special(ConsoleController.WORKSPACE, ym.atDay(1), ym.atEndOfMonth())) {
            Map<String, Object> day = new LinkedHashMap<>();
            day.put("off", d.kind() == WorkingCalendar.Kind.HOLIDAY);
            day.put("name", d.name() == null ? "" : d.name());
            day.put("own", d.own());
            special.put(d.date().toString(), day);
        }
        m.put("special", special);
        // a year whose official arrangement Baton does not ship yet: its holidays would look like workdays here
        m.put("unannounced", calendar.unannouncedYears(WorkingCalendar.Whose.workspace(ConsoleController.WORKSPACE),
                ym.atDay(1), ym.atEndOfMonth()));
        return m;
    }

    @GetMapping("/console/api/dashboard/polls")
    Map<String, Object> polls(@RequestParam String user, @RequestParam(defaultValue = "en") String lang) {
        Texts t = texts(lang);
        ZoneId zone = viewer(user, t).member().zone();
        return Map.of("ok", true, "polls", polls.recent(ConsoleController.WORKSPACE, t.locale()).stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ref", p.ref());
            m.put("question", p.question());
            m.put("channel", p.channel());
            m.put("open", p.open());
            m.put("anonymous", p.anonymous());
            m.put("voters", p.voters());
            m.put("created", t.dateTime(p.createdAt(), zone));
            m.put("closed", p.closedAt() == null ? null : t.dateTime(p.closedAt(), zone));
            m.put("withheld", p.withheld());
            m.put("summary", p.summary());
            m.put("options", p.options().stream().map(o -> Map.of("label", o.label(), "votes", o.votes(),
                    "percent", o.percent())).toList());
            m.put("chart", p.chartPng() == null ? null : Base64.getEncoder().encodeToString(p.chartPng()));
            return m;
        }).toList());
    }

    private Texts texts(String lang) {
        return new Texts(messages, Team.supportedLocale(lang).orElse(Locale.ENGLISH));
    }

    /** Who is looking, and the departments they manage. */
    private record Viewer(Member member, Set<Long> departments) {
    }

    /** Dashboards are for managers and admins; anyone else is told how to become one. */
    private Viewer viewer(String user, Texts t) {
        String name = user.strip().toLowerCase(Locale.ROOT);
        Member m = team.find(ConsoleController.WORKSPACE, name).orElseThrow(() -> new Refused(HttpStatus.NOT_FOUND,
                t.t("console.dashboard.unknown", name)));
        Set<Long> managed = team.managedBy(m.id()).stream().map(Department::id).collect(Collectors.toSet());
        if (m.role() != Role.ADMIN && m.role() != Role.MANAGER && managed.isEmpty()) {
            throw new Refused(HttpStatus.FORBIDDEN, t.t("console.dashboard.managers-only", m.displayName()));
        }
        return new Viewer(m, managed);
    }
}
