package dev.baton.team;

import dev.baton.calendar.WorkingCalendar;
import dev.baton.conversation.Args;
import dev.baton.conversation.CommandHandler;
import dev.baton.conversation.CommandSpec;
import dev.baton.conversation.CommandSpec.Usage;
import dev.baton.conversation.Context;
import dev.baton.conversation.Reply;
import dev.baton.conversation.UsageException;
import dev.baton.conversation.When;
import dev.baton.outbox.OutboxAdmin;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** {@code /baton}: your profile and preferences, and the admin's team set-up (roles, departments). */
@Component
class TeamCommands implements CommandHandler {

    private static final Pattern DEPT_KEY = Pattern.compile("[a-z][a-z0-9-]{1,39}");

    private static final CommandSpec SPEC = new CommandSpec("baton", "baton.summary", List.of(
            new Usage("baton.help", "help", "baton.help.help"),
            new Usage("baton.me", "me", "baton.help.me"),
            new Usage("baton.set", "set tz Asia/Shanghai", "baton.help.set-tz"),
            new Usage("baton.set", "set lang en|zh-CN", "baton.help.set-lang"),
            new Usage("baton.set", "set checkin-day mon|tue|wed|thu|fri", "baton.help.set-day"),
            new Usage("baton.set", "set country US|none", "baton.help.set-country"),
            new Usage("baton.ooo", "ooo until 2026-03-10 | ooo off", "baton.help.ooo"),
            new Usage("baton.role", "role @member admin|manager|trainer|member", "baton.help.role"),
            new Usage("baton.dept", "dept add marketing \"Marketing\"", "baton.help.dept-add"),
            new Usage("baton.dept", "dept assign @member marketing", "baton.help.dept-assign"),
            new Usage("baton.dept", "dept manager marketing @member", "baton.help.dept-manager"),
            new Usage("baton.dept", "dept list", "baton.help.dept-list"),
            new Usage("baton.dept", "dept country sales-sg SG|none", "baton.help.dept-country"),
            new Usage("baton.holiday", "holiday add 2027-02-05 \"Annual party\" [dept sales]",
                    "baton.help.holiday-add"),
            new Usage("baton.holiday", "holiday workday 2027-02-07 \"Make-up day\" [dept sales]",
                    "baton.help.holiday-workday"),
            new Usage("baton.holiday", "holiday remove 2027-02-05 [dept sales] | holiday list",
                    "baton.help.holiday-remove"),
            new Usage("baton.holiday", "holiday import https://example.com/holidays.ics",
                    "baton.help.holiday-import"),
            new Usage("baton.calendar", "calendar", "baton.help.calendar"),
            new Usage("baton.outbox", "outbox", "baton.help.outbox"),
            new Usage("baton.outbox", "outbox replay 12 | outbox replay all", "baton.help.outbox-replay")));

    private final Team team;
    private final OutboxAdmin outbox;
    private final TeamCalendars calendars;

    TeamCommands(Team team, OutboxAdmin outbox, TeamCalendars calendars) {
        this.team = team;
        this.outbox = outbox;
        this.calendars = calendars;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(Context ctx, Args args) {
        Member me = team.member(ctx.speaker().memberId());
        if (!args.hasMore()) {
            profile(ctx, me);
            return;
        }
        String sub = args.subcommand("baton", "me", "set", "ooo", "role", "dept", "outbox", "holiday", "calendar");
        switch (sub) {
            case "me" -> profile(ctx, me);
            case "set" -> set(ctx, me, args.forUsage("baton.set"));
            case "ooo" -> outOfOffice(ctx, me, args.forUsage("baton.ooo"));
            case "role" -> role(ctx, me, args.forUsage("baton.role"));
            case "outbox" -> outbox(ctx, me, args.forUsage("baton.outbox"));
            case "holiday" -> calendars.holiday(ctx, me, args.forUsage("baton.holiday"));
            case "calendar" -> calendars.calendar(ctx, me, args.forUsage("baton.calendar"));
            default -> dept(ctx, me, args.forUsage("baton.dept"));
        }
    }

    private void profile(Context ctx, Member me) {
        List<Reply.Field> fields = new ArrayList<>();
        fields.add(new Reply.Field(ctx.t("profile.role"), ctx.t(me.role().key())));
        fields.add(new Reply.Field(ctx.t("profile.department"),
                team.department(me.departmentId()).map(Department::name).orElse(ctx.t("profile.none"))));
        fields.add(new Reply.Field(ctx.t("profile.time-zone"), me.zone().getId()));
        fields.add(new Reply.Field(ctx.t("profile.language"), ctx.t("language." + me.locale().toLanguageTag())));
        fields.add(new Reply.Field(ctx.t("profile.checkin-day"), dayName(me.checkinDay(), ctx.texts().locale())));
        LocalDate today = ctx.now().toLocalDate();
        fields.add(new Reply.Field(ctx.t("profile.out-of-office"), me.isAwayOn(today)
                ? ctx.t("profile.away-until", me.outOfOfficeUntil().toString()) : ctx.t("profile.present")));
        ctx.reply(new Reply.Card(me.displayName(), List.of(), fields, List.of(), ctx.t("profile.footer")));
    }

    private void set(Context ctx, Member me, Args args) {
        String what = args.take("tz", "timezone", "lang", "language", "checkin-day", "day", "country")
                .orElseThrow(() -> args.fail("error.set-what"));
        String value = args.word("error.set-value-missing");
        args.expectEnd();
        switch (what) {
            case "tz", "timezone" -> {
                ZoneId zone;
                try {
                    zone = ZoneId.of(value);
                } catch (DateTimeException e) {
                    throw args.fail("error.bad-zone", value);
                }
                me.moveTo(zone);
                team.changed(me);
                ctx.reply(ctx.t("baton.set.tz.done", zone.getId()));
            }
            case "lang", "language" -> {
                Locale locale = Team.supportedLocale(value).orElseThrow(() -> args.fail("error.bad-language", value));
                me.speak(locale);
                team.changed(me);
                ctx.reply(ctx.texts().in(locale).t("baton.set.lang.done"));
            }
            case "country" -> {
                if (value.equalsIgnoreCase("none") || value.equalsIgnoreCase("off")) {
                    me.livesIn(null);
                    team.changed(me);
                    ctx.reply(ctx.t("baton.set.country.none"));
                    return;
                }
                if (!value.matches("[A-Za-z]{2}") || !WorkingCalendar.knows(value)) {
                    throw args.fail("error.bad-country", value);
                }
                me.livesIn(value.toUpperCase(Locale.ROOT));
                team.changed(me);
                ctx.reply(ctx.t("baton.set.country.done", value.toUpperCase(Locale.ROOT)));
            }
            default -> {
                DayOfWeek day = When.weekday(value).orElseThrow(() -> args.fail("error.bad-weekday", value));
                me.checkInOn(day);
                team.changed(me);
                ctx.reply(ctx.t("baton.set.day.done", dayName(day, ctx.texts().locale())));
            }
        }
    }

    private void outOfOffice(Context ctx, Member me, Args args) {
        LocalDate today = ctx.now().toLocalDate();
        if (args.take("off", "back", "none").isPresent()) {
            args.expectEnd();
            me.awayUntil(null);
            team.changed(me);
            ctx.reply(ctx.t("baton.ooo.off"));
            return;
        }
        args.take("until", "to", "till");
        String word = args.word("error.ooo-date-missing");
        args.expectEnd();
        LocalDate until = When.date(word, today).orElseThrow(() -> args.fail("error.bad-date", word));
        if (until.isBefore(today)) {
            throw args.fail("error.date-in-past", until.toString());
        }
        me.awayUntil(until);
        team.changed(me);
        ctx.reply(ctx.t("baton.ooo.on", until.toString()));
    }

    private void role(Context ctx, Member me, Args args) {
        requireAdmin(me, "baton.role");
        Member who = team.mentioned(me, args.next("error.mention-missing"), "baton.role");
        String word = args.word("error.role-missing");
        args.expectEnd();
        Role role = Role.parse(word).orElseThrow(() -> args.fail("error.bad-role", word));
        who.grant(role);
        team.changed(who);
        ctx.reply(ctx.t("baton.role.done", who.displayName(), ctx.t(role.key())));
    }

    private void dept(Context ctx, Member me, Args args) {
        String op = args.take("add", "assign", "manager", "list", "country")
                .orElseThrow(() -> args.fail("error.dept-what"));
        switch (op) {
            case "list" -> {
                args.expectEnd();
                listDepartments(ctx, me);
            }
            case "add" -> {
                requireAdmin(me, "baton.dept");
                String key = args.word("error.dept-key-missing").toLowerCase(Locale.ROOT);
                if (!DEPT_KEY.matcher(key).matches()) {
                    throw args.fail("error.bad-dept-key", key);
                }
                String name = args.hasMore() ? args.phrase("error.dept-name-missing") : key;
                args.expectEnd();
                if (team.department(me.workspace(), key).isPresent()) {
                    throw args.fail("error.dept-exists", key);
                }
                team.departmentRepository().save(Department.create(me.workspace(), key, name));
                ctx.reply(ctx.t("baton.dept.added", name, key));
            }
            case "country" -> {
                requireAdmin(me, "baton.dept");
                Department d = team.requireDepartment(me.workspace(), args.word("error.dept-key-missing"),
                        "baton.dept");
                String value = args.word("error.set-value-missing");
                args.expectEnd();
                boolean none = value.equalsIgnoreCase("none") || value.equalsIgnoreCase("off");
                if (!none && (!value.matches("[A-Za-z]{2}") || !WorkingCalendar.knows(value))) {
                    throw args.fail("error.bad-country", value);
                }
                d.locatedIn(none ? null : value.toUpperCase(Locale.ROOT));
                team.departmentRepository().save(d);
                team.inDepartment(d.id()).forEach(team::changed); // their prompts and digests are planned anew
                ctx.reply(none ? ctx.t("baton.dept.country.none", d.name())
                        : ctx.t("baton.dept.country", d.name(), value.toUpperCase(Locale.ROOT)));
            }
            case "assign" -> {
                Member who = team.mentioned(me, args.next("error.mention-missing"), "baton.dept");
                Department d = team.requireDepartment(me.workspace(), args.word("error.dept-key-missing"),
                        "baton.dept");
                args.expectEnd();
                if (!team.manages(me, d)) {
                    throw new UsageException(null, "error.not-allowed-dept", d.name());
                }
                // a manager may take people in, but not pull them out of someone else's department
                Department current = team.department(who.departmentId()).orElse(null);
                if (current != null && !team.manages(me, current)) {
                    throw new UsageException(null, "error.not-allowed-dept", current.name());
                }
                who.joinDepartment(d.id());
                team.changed(who);
                ctx.reply(ctx.t("baton.dept.assigned", who.displayName(), d.name()));
            }
            default -> {
                requireAdmin(me, "baton.dept");
                Department d = team.requireDepartment(me.workspace(), args.word("error.dept-key-missing"),
                        "baton.dept");
                Member who = team.mentioned(me, args.next("error.mention-missing"), "baton.dept");
                args.expectEnd();
                d.managedBy(who.id());
                team.departmentRepository().save(d);
                if (who.role() == Role.MEMBER || who.role() == Role.TRAINER) {
                    who.grant(Role.MANAGER);
                    team.changed(who);
                }
                ctx.reply(ctx.t("baton.dept.manager", who.displayName(), d.name()));
            }
        }
    }

    private void listDepartments(Context ctx, Member me) {
        List<Department> all = team.departments(me.workspace());
        if (all.isEmpty()) {
            ctx.reply(ctx.t("baton.dept.none"));
            return;
        }
        List<String> lines = all.stream().map(d -> ctx.t("baton.dept.line", d.key(), d.name(),
                team.inDepartment(d.id()).size(),
                d.managerId() == null ? ctx.t("profile.none") : team.member(d.managerId()).displayName()))
                .toList();
        ctx.reply(new Reply.Card(ctx.t("baton.dept.title"), lines, List.of(), List.of(), null));
    }

    /** Admins see what is waiting to be sent and what failed for good, and can send the latter again. */
    private void outbox(Context ctx, Member me, Args args) {
        requireAdmin(me, "baton.outbox");
        if (args.take("replay").isPresent()) {
            Long id = null;
            if (args.take("all").isEmpty()) {
                String word = args.word("error.outbox-id-missing").replaceFirst("^#", "");
                try {
                    id = Long.valueOf(word);
                } catch (NumberFormatException e) {
                    throw args.fail("error.outbox-id-missing");
                }
            }
            args.expectEnd();
            int replayed = outbox.replay(me.workspace(), id);
            if (replayed == 0) {
                throw id == null ? args.fail("error.outbox-none") : args.fail("error.outbox-nothing", "#" + id);
            }
            ctx.reply(ctx.t("baton.outbox.replayed", replayed));
            return;
        }
        args.expectEnd();
        OutboxAdmin.Summary summary = outbox.summary(me.workspace());
        List<String> lines = new ArrayList<>();
        lines.add(ctx.t("baton.outbox.summary", summary.pending(), summary.sentLastDay(), summary.dead()));
        summary.oldestPending().ifPresent(at -> lines.add(ctx.t("baton.outbox.oldest",
                at.atZone(me.zone()).format(DateTimeFormatter.ofPattern(ctx.t("format.datetime"),
                        ctx.texts().locale())))));
        for (OutboxAdmin.DeadLetter dead : outbox.dead(me.workspace(), 10)) {
            lines.add(ctx.t("baton.outbox.dead-line", dead.id(), recipient(me, dead.recipient()), dead.attempts(),
                    dead.error() == null ? "" : dead.error()));
        }
        ctx.reply(new Reply.Card(ctx.t("baton.outbox.title"), lines, List.of(), List.of(),
                summary.dead() > 0 ? ctx.t("baton.outbox.footer") : null));
    }

    private String recipient(Member me, String recipient) {
        if (recipient.startsWith("@")) {
            return team.members().findByWorkspaceAndPlatformUserId(me.workspace(), recipient.substring(1))
                    .map(Member::displayName).orElse(recipient);
        }
        return recipient;
    }

    /** Days of the workspace's own: a day off for everyone, or a workday on a weekend or holiday. */
    static void requireAdmin(Member me, String usage) {
        if (!me.isAdmin()) {
            throw new UsageException(null, "error.admin-only");
        }
    }

    static String dayName(DayOfWeek day, Locale locale) {
        return day.getDisplayName(TextStyle.FULL, locale);
    }
}
