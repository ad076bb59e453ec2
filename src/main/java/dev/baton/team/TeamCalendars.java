package dev.baton.team;

import dev.baton.calendar.WorkingCalendar;
import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Reply;
import dev.baton.conversation.When;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code /baton holiday} and {@code /baton calendar}: the workspace's own days off and make-up workdays (added one by
 * one, or imported from an iCalendar feed), and the next special days.
 */
@Component
class TeamCalendars {

    private final WorkingCalendar calendar;
    private final HolidayImport imports;

    private final Team team;

    TeamCalendars(WorkingCalendar calendar, HolidayImport imports, Team team) {
        this.team = team;
        this.calendar = calendar;
        this.imports = imports;
    }

    void holiday(Context ctx, Member me, Args args) {
        String op = args.take("add", "workday", "remove", "list", "import")
                .orElseThrow(() -> args.fail("calendar.error.what"));
        LocalDate today = ctx.now().toLocalDate();
        if (op.equals("list")) {
            args.expectEnd();
            List<WorkingCalendar.Day> own = calendar.own(me.workspace(), today);
            if (own.isEmpty()) {
                ctx.reply(ctx.t("calendar.own.none"));
                return;
            }
            ctx.reply(new Reply.Card(ctx.t("calendar.own.title"), own.stream().map(d -> dayLine(ctx, me, d))
                    .toList(), List.of(), List.of(), null));
            return;
        }
        TeamCommands.requireAdmin(me, "baton.holiday");
        if (op.equals("import")) {
            imports.start(ctx, me, args);
            return;
        }
        String word = args.word("calendar.error.date");
        LocalDate day = When.date(word, today).orElseThrow(() -> args.fail("error.bad-date", word));
        if (day.isBefore(today)) {
            throw args.fail("calendar.error.past", ctx.texts().date(day));
        }
        if (op.equals("remove")) {
            Department dept = department(me, args);
            args.expectEnd();
            String key = dept == null ? "" : dept.key();
            if (!calendar.remove(me.workspace(), key, day)) {
                throw args.fail(dept == null ? "calendar.error.not-own" : "calendar.error.not-own-dept",
                        ctx.texts().date(day), dept == null ? "" : dept.name());
            }
            boolean workday = calendar.workdays(new WorkingCalendar.Whose(me.workspace(), null,
                    dept == null ? null : key)).test(day);
            ctx.reply(ctx.t(dept == null ? "calendar.removed" : "calendar.removed-dept", ctx.texts().date(day),
                    ctx.t(workday ? "calendar.kind.workday" : "calendar.kind.off"), dept == null ? "" : dept.name()));
            return;
        }
        String name = args.phrase("calendar.error.name", "dept");
        Department dept = department(me, args);
        args.expectEnd();
        if (name.codePointCount(0, name.length()) > MAX_DAY_NAME) {
            throw args.fail("calendar.error.name-long", name.codePointCount(0, name.length()), MAX_DAY_NAME);
        }
        boolean off = op.equals("add");
        calendar.set(me.workspace(), dept == null ? "" : dept.key(), day,
                off ? WorkingCalendar.Kind.HOLIDAY : WorkingCalendar.Kind.WORKDAY, name);
        if (dept == null) {
            ctx.reply(ctx.t(off ? "calendar.added" : "calendar.workday-added", ctx.texts().date(day), name));
        } else {
            ctx.reply(ctx.t(off ? "calendar.added-dept" : "calendar.workday-added-dept", ctx.texts().date(day), name,
                    dept.name()));
        }
    }

    /** {@code dept sales} after a day: that department's own entry instead of the workspace's. */
    private Department department(Member me, Args args) {
        if (args.take("dept").isEmpty()) {
            return null;
        }
        String key = args.word("error.dept-key-missing");
        return team.requireDepartment(me.workspace(), key.toLowerCase(java.util.Locale.ROOT), "baton.holiday");
    }

    private static final int MAX_DAY_NAME = 100;
    /** How far ahead /baton calendar looks. */
    private static final int CALENDAR_DAYS = 90;

    /** The next public holidays and make-up workdays, and the workspace's own days. */
    void calendar(Context ctx, Member me, Args args) {
        args.expectEnd();
        LocalDate today = ctx.now().toLocalDate();
        // as the person lives it: their country's holidays, the workspace's days and their department's
        WorkingCalendar.Whose whose = team.calendarOf(me);
        LocalDate until = today.plusDays(CALENDAR_DAYS);
        List<WorkingCalendar.Day> days = calendar.special(whose, today, until);
        // a year whose official arrangement Baton does not have yet: say so, or its holidays pass unnoticed
        List<String> missing = calendar.unannouncedYears(whose, today, until).stream()
                .map(y -> ctx.t("calendar.unannounced", String.valueOf(y))).toList();
        List<String> lines = new ArrayList<>(days.stream().map(d -> dayLine(ctx, me, d)).toList());
        lines.addAll(missing);
        if (days.isEmpty()) {
            lines.add(0, ctx.t("calendar.none", CALENDAR_DAYS));
            ctx.reply(String.join("\n", lines));
            return;
        }
        ctx.reply(new Reply.Card(ctx.t("calendar.title", CALENDAR_DAYS), lines, List.of(), List.of(),
                ctx.t("calendar.footer")));
    }

    private String dayLine(Context ctx, Member me, WorkingCalendar.Day d) {
        String line = ctx.t(d.kind() == WorkingCalendar.Kind.HOLIDAY ? "calendar.holiday" : "calendar.workday",
                ctx.texts().date(d.date()), d.name());
        if (!d.own()) {
            return line;
        }
        return line + " " + (d.department().isEmpty() ? ctx.t("calendar.own") : ctx.t("calendar.own-dept",
                team.department(me.workspace(), d.department()).map(Department::name).orElse(d.department())));
    }
}
