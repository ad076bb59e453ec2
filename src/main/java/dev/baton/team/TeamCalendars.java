package dev.baton.team;

import dev.baton.calendar.WorkingCalendar;
import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Reply;
import dev.baton.conversation.When;
import java.time.LocalDate;
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

    TeamCalendars(WorkingCalendar calendar, HolidayImport imports) {
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
            ctx.reply(new Reply.Card(ctx.t("calendar.own.title"), own.stream().map(d -> dayLine(ctx, d)).toList(),
                    List.of(), List.of(), null));
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
            args.expectEnd();
            if (!calendar.remove(me.workspace(), day)) {
                throw args.fail("calendar.error.not-own", ctx.texts().date(day));
            }
            ctx.reply(ctx.t("calendar.removed", ctx.texts().date(day),
                    ctx.t(calendar.isWorkday(me.workspace(), day) ? "calendar.kind.workday" : "calendar.kind.off")));
            return;
        }
        String name = args.phrase("calendar.error.name");
        args.expectEnd();
        if (name.codePointCount(0, name.length()) > MAX_DAY_NAME) {
            throw args.fail("calendar.error.name-long", name.codePointCount(0, name.length()), MAX_DAY_NAME);
        }
        boolean off = op.equals("add");
        calendar.set(me.workspace(), day, off ? WorkingCalendar.Kind.HOLIDAY : WorkingCalendar.Kind.WORKDAY, name);
        ctx.reply(ctx.t(off ? "calendar.added" : "calendar.workday-added", ctx.texts().date(day), name));
    }

    private static final int MAX_DAY_NAME = 100;
    /** How far ahead /baton calendar looks. */
    private static final int CALENDAR_DAYS = 90;

    /** The next public holidays and make-up workdays, and the workspace's own days. */
    void calendar(Context ctx, Member me, Args args) {
        args.expectEnd();
        LocalDate today = ctx.now().toLocalDate();
        List<WorkingCalendar.Day> days = calendar.special(me.workspace(), today, today.plusDays(CALENDAR_DAYS));
        if (days.isEmpty()) {
            ctx.reply(ctx.t("calendar.none", CALENDAR_DAYS));
            return;
        }
        ctx.reply(new Reply.Card(ctx.t("calendar.title", CALENDAR_DAYS), days.stream().map(d -> dayLine(ctx, d))
                .toList(), List.of(), List.of(), ctx.t("calendar.footer")));
    }

    private static String dayLine(Context ctx, WorkingCalendar.Day d) {
        String line = ctx.t(d.kind() == WorkingCalendar.Kind.HOLIDAY ? "calendar.holiday" : "calendar.workday",
                ctx.texts().date(d.date()), d.name());
        return d.own() ? line + " " + ctx.t("calendar.own") : line;
    }
}
