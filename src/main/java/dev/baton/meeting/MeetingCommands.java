package dev.baton.meeting;

import dev.baton.conversation.Args;
import dev.baton.conversation.CommandHandler;
import dev.baton.conversation.CommandSpec;
import dev.baton.conversation.CommandSpec.Usage;
import dev.baton.conversation.Context;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.conversation.Texts;
import dev.baton.conversation.Token;
import dev.baton.conversation.UsageException;
import dev.baton.conversation.When;
import dev.baton.team.Department;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** {@code /meeting}: plan a series, collect and publish the agenda, record decisions and actions, follow up. */
@Component
class MeetingCommands implements CommandHandler {

    static final String FORM_EXTEND = "meeting.extend-form";
    static final String FORM_NEW = "meeting.new-form";
    static final String FORM_RECORD = "meeting.record-form";
    static final Pattern MINUTES = Pattern.compile("(?i)(\\d{1,3})\\s*(m|min|mins|分钟)");
    private static final Pattern HOURS = Pattern.compile("(?i)(\\d{1,2})\\s*(h|小时)");
    private static final int MAX_PARTICIPANTS = 50;
    private static final String[] NEW_FLAGS = {"for", "weekly", "biweekly", "monthly", "with", "dept", "host",
        "recorder", "timekeeper", "fixed-roles", "每周", "双周", "每月"};

    private static final CommandSpec SPEC = new CommandSpec("meeting", "meeting.summary", List.of(
            new Usage("meeting.new", "new \"Process sync\" wed 10:00 [for 60m] [weekly|biweekly|monthly] "
                    + "with @alice @bob [dept sales] [host @x] [recorder @y] [timekeeper @z] [fixed-roles]",
                    "meeting.help.new"),
            new Usage("meeting.list", "list", "meeting.help.list"),
            new Usage("meeting.show", "show M-1", "meeting.help.show"),
            new Usage("meeting.agenda", "agenda M-1 [add \"topic\" [owner @x] [10m] | publish | done 2]",
                    "meeting.help.agenda"),
            new Usage("meeting.decide", "decide M-1 \"decision\"", "meeting.help.decide"),
            new Usage("meeting.action", "action M-1 \"what\" @owner due fri [deliverable \"what counts as done\"]",
                    "meeting.help.action"),
            new Usage("meeting.minutes", "minutes M-1", "meeting.help.minutes"),
            new Usage("meeting.publish", "publish M-1", "meeting.help.publish"),
            new Usage("meeting.actions", "actions [mine | @member | M-1]", "meeting.help.actions"),
            new Usage("meeting.done", "done A-1", "meeting.help.done"),
            new Usage("meeting.extend", "extend A-1 fri [\"reason\"]", "meeting.help.extend"),
            new Usage("meeting.invite", "invite M-1", "meeting.help.invite"),
            new Usage("meeting.cancel", "cancel M-1", "meeting.help.cancel"),
            new Usage("meeting.feed", "feed [reset]", "meeting.help.feed")));

    private final MeetingSeriesRepository seriesRepo;
    private final Meetings meetings;
    private final ActionItems actions;
    private final MeetingView view;
    private final MeetingLifecycle lifecycle;
    private final MeetingFeeds feeds;
    private final MeetingFinder finder;
    private final MeetingRecords records;
    private final MeetingActions actionItems;
    private final Team team;
    private final MeetingHolidays holidays;

    MeetingCommands(MeetingSeriesRepository seriesRepo, Meetings meetings, ActionItems actions, MeetingView view,
            MeetingLifecycle lifecycle, MeetingFeeds feeds, MeetingFinder finder, MeetingRecords records,
            MeetingActions actionItems, Team team, MeetingHolidays holidays) {
        this.holidays = holidays;
        this.seriesRepo = seriesRepo;
        this.meetings = meetings;
        this.actions = actions;
        this.view = view;
        this.lifecycle = lifecycle;
        this.feeds = feeds;
        this.finder = finder;
        this.records = records;
        this.actionItems = actionItems;
        this.team = team;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(Context ctx, Args args) {
        Member me = team.member(ctx.speaker().memberId());
        if (!args.hasMore()) {
            list(ctx, me);
            return;
        }
        String sub = args.subcommand("meeting", "new", "list", "show", "agenda", "decide", "action", "minutes",
                "publish",
                "actions", "done", "extend", "invite", "cancel", "feed");
        Args a = args.forUsage("meeting." + sub);
        switch (sub) {
            case "new" -> {
                if (!a.hasMore() && ctx.origin().triggerId() != null) {
                    ctx.openForm(newForm(ctx, me));
                    return;
                }
                create(ctx, me, a);
            }
            case "minutes" -> {
                MeetingSeries s = MeetingFinder.end(finder.series(me, a), a);
                Meeting m = finder.recording(s, ctx.instant())
                        .orElseThrow(() -> new UsageException(null, "meeting.error.not-held", s.ref()));
                finder.requireRecorder(me, s, m);
                ctx.openForm(records.recordForm(ctx, s));
            }
            case "list" -> {
                a.expectEnd();
                list(ctx, me);
            }
            case "show" -> show(ctx, me, MeetingFinder.end(finder.series(me, a), a));
            case "agenda" -> records.agenda(ctx, me, a);
            case "decide" -> records.decide(ctx, me, a);
            case "action" -> records.action(ctx, me, a);
            case "publish" -> records.publish(ctx, me, MeetingFinder.end(finder.series(me, a), a));
            case "actions" -> actionItems.listActions(ctx, me, a);
            case "done" -> actionItems.done(ctx, me, MeetingFinder.end(finder.actionItem(me, a), a));
            case "extend" -> actionItems.extend(ctx, me, a);
            case "invite" -> {
                MeetingSeries s = MeetingFinder.end(finder.series(me, a), a);
                finder.requireParticipant(me, s);
                Meeting m = finder.upcoming(s, ctx.instant());
                ctx.send(new Target.Direct(ctx.origin().userId()), view.invite(s, m, ctx.texts()));
                ctx.reply(ctx.t("meeting.invite.sent", s.ref()));
            }
            case "cancel" -> cancel(ctx, me, MeetingFinder.end(finder.series(me, a), a));
            default -> {
                boolean reset = a.take("reset").isPresent();
                a.expectEnd();
                ctx.reply(ctx.t(reset ? "meeting.feed.reset" : "meeting.feed", feeds.linkFor(me, reset)));
            }
        }
    }

    // ---- planning ---------------------------------------------------------------------------------------------

    private void create(Context ctx, Member me, Args args) {
        String title = args.quoted("meeting.error.title-missing");
        if (title.length() > 150) {
            throw args.fail("meeting.error.title-long");
        }
        ZonedDateTime start = When.dateTime(args, ctx.now(), LocalTime.of(10, 0), "meeting.error.when-missing",
                "error.bad-date");
        Duration length = Duration.ofMinutes(60);
        MeetingSeries.Recurrence recurrence = MeetingSeries.Recurrence.NONE;
        Set<Long> people = new LinkedHashSet<>();
        people.add(me.id());
        Member host = null;
        Member recorder = null;
        Member timekeeper = null;
        boolean fixed = false;
        while (args.hasMore()) {
            Token t = args.peek().orElseThrow();
            if (t.kind() == Token.Kind.MENTION) {
                people.add(team.mentioned(me, args.next("error.mention-missing"), "meeting.new").id());
                continue;
            }
            String flag = args.take(NEW_FLAGS).orElseThrow(() -> args.fail("error.unexpected", t.text()));
            switch (flag) {
                case "for" -> length = length(args);
                case "weekly", "每周" -> recurrence = MeetingSeries.Recurrence.WEEKLY;
                case "biweekly", "双周" -> recurrence = MeetingSeries.Recurrence.BIWEEKLY;
                case "monthly", "每月" -> recurrence = MeetingSeries.Recurrence.MONTHLY;
                case "with" -> {
                    // the mentions that follow are read by the loop
                }
                case "dept" -> {
                    String key = args.word("error.dept-key-missing");
                    Department d = team.requireDepartment(me.workspace(), key.toLowerCase(Locale.ROOT),
                            "meeting.new");
                    team.inDepartment(d.id()).forEach(m -> people.add(m.id()));
                }
                case "host" -> host = team.mentioned(me, args.next("error.mention-missing"), "meeting.new");
                case "recorder" -> recorder = team.mentioned(me, args.next("error.mention-missing"), "meeting.new");
                case "timekeeper" -> timekeeper = team.mentioned(me, args.next("error.mention-missing"),
                        "meeting.new");
                default -> fixed = true;
            }
        }
        for (Member role : new Member[] {host, recorder, timekeeper}) {
            if (role != null) {
                people.add(role.id());
            }
        }
        List<Long> ids = new ArrayList<>(people);
        if (ids.size() < 2) {
            throw args.fail("meeting.error.nobody");
        }
        if (ids.size() > MAX_PARTICIPANTS) {
            throw args.fail("meeting.error.too-many", MAX_PARTICIPANTS);
        }
        if (!start.toInstant().isAfter(ctx.instant())) {
            throw args.fail("meeting.error.in-past");
        }
        if (start.toInstant().isAfter(ctx.instant().plus(Duration.ofDays(366)))) {
            throw args.fail("meeting.error.too-far");
        }
        // default roles: the organiser hosts, the next two participants record and keep time
        int h = host != null ? ids.indexOf(host.id()) : 0;
        int r = recorder != null ? ids.indexOf(recorder.id()) : Math.floorMod(h + 1, ids.size());
        int k = timekeeper != null ? ids.indexOf(timekeeper.id()) : Math.floorMod(r + 1, ids.size());
        MeetingSeries s = seriesRepo.save(MeetingSeries.plan(me.workspace(), title, start, length,
                recurrence, fixed, ids, new MeetingSeries.Roles(h, r, k), me.id(), ctx.instant()));
        Meeting first = meetings.save(Meeting.of(s, 0, List.of()));
        lifecycle.planned(first, ctx.instant());
        for (long id : ids) {
            if (id == me.id()) {
                continue;
            }
            Member to = team.member(id);
            Texts t = lifecycle.texts(to);
            ctx.send(new Target.Direct(to.platformUserId()), view.invitation(s, first, to, t),
                    "meeting:" + first.id() + ":invite:" + id);
        }
        ctx.reply(ctx.t("meeting.created", s.ref(), s.title(), view.span(first, me, ctx.texts()),
                ctx.t("meeting.recurrence." + recurrence.name().toLowerCase(Locale.ROOT)), ids.size(),
                view.roles(first, ctx.texts())));
    }

    private static Duration length(Args args) {
        Token t = args.next("meeting.error.length-missing");
        Matcher m = MINUTES.matcher(t.text());
        Matcher h = HOURS.matcher(t.text());
        Duration d = m.matches() ? Duration.ofMinutes(Long.parseLong(m.group(1)))
                : h.matches() ? Duration.ofHours(Long.parseLong(h.group(1))) : null;
        if (d == null || d.toMinutes() < 5 || d.toMinutes() > 480) {
            throw args.fail("meeting.error.bad-length", t.text());
        }
        return d;
    }

    private void cancel(Context ctx, Member me, MeetingSeries s) {
        finder.requireOrganiser(me, s);
        lifecycle.cancel(ctx, me, s, finder.upcoming(s, ctx.instant()));
    }

    private Reply.Form newForm(Context ctx, Member me) {
        List<Reply.Option> lengths = java.util.stream.Stream.of(15, 30, 45, 60, 90, 120)
                .map(n -> new Reply.Option(n + "m", ctx.t("meeting.form.minutes", n))).toList();
        List<Reply.Option> recurrences = java.util.Arrays.stream(MeetingSeries.Recurrence.values())
                .map(r -> new Reply.Option(r.name().toLowerCase(Locale.ROOT),
                        ctx.t("meeting.recurrence." + r.name().toLowerCase(Locale.ROOT)))).toList();
        // people by the platform's person picker; a whole department (optional) by its name
        List<Reply.Option> departments = team.departments(me.workspace()).stream()
                .map(d -> new Reply.Option(d.key(), d.name())).toList();
        List<Reply.FormField> fields = new ArrayList<>(List.of(
                new Reply.FormField("title", ctx.t("meeting.form.title"), Reply.FormField.Kind.TEXT, false, null,
                        List.of(), ctx.t("meeting.form.title.hint")),
                new Reply.FormField("when", ctx.t("meeting.form.when"), Reply.FormField.Kind.TEXT, false, null,
                        List.of(), ctx.t("meeting.form.when.hint")),
                new Reply.FormField("length", ctx.t("meeting.form.length"), Reply.FormField.Kind.SELECT, false, "60m",
                        lengths, null),
                new Reply.FormField("recurrence", ctx.t("meeting.form.recurrence"), Reply.FormField.Kind.SELECT,
                        false, "weekly", recurrences, null),
                new Reply.FormField("participants", ctx.t("meeting.form.participants"), Reply.FormField.Kind.PEOPLE,
                        true, null, team.peopleToPick(me), ctx.t("meeting.form.participants.hint"))));
        if (!departments.isEmpty()) {
            fields.add(new Reply.FormField("department", ctx.t("meeting.form.department"),
                    Reply.FormField.Kind.SELECT, true, null, departments, ctx.t("meeting.form.department.hint")));
        }
        return new Reply.Form(FORM_NEW, ctx.t("meeting.form.new"), ctx.t("meeting.form.save"), fields, null);
    }

    /** The form's answers as the tokens of the equivalent command, so both follow exactly the same rules. */
    private void submitNew(Context ctx, Member me, Map<String, String> v) {
        List<Token> tokens = new ArrayList<>();
        String title = Optional.ofNullable(v.get("title")).map(String::strip).orElse("");
        tokens.add(new Token(title.isEmpty() ? Token.Kind.WORD : Token.Kind.QUOTED, title, null));
        tokens.addAll(dev.baton.conversation.Tokenizer.tokenize(Optional.ofNullable(v.get("when")).orElse("")));
        tokens.add(new Token(Token.Kind.WORD, "for", null));
        tokens.add(new Token(Token.Kind.WORD, Optional.ofNullable(v.get("length")).orElse("60m"), null));
        String recurrence = Optional.ofNullable(v.get("recurrence")).orElse("none");
        if (!recurrence.equals("none")) {
            tokens.add(new Token(Token.Kind.WORD, recurrence, null));
        }
        tokens.addAll(dev.baton.conversation.Tokenizer.tokenize(Optional.ofNullable(v.get("participants"))
                .orElse("")));
        Optional.ofNullable(blank(v.get("department"))).ifPresent(key -> {
            tokens.add(new Token(Token.Kind.WORD, "dept", null));
            tokens.add(new Token(Token.Kind.WORD, key, null));
        });
        try {
            create(ctx, me, new Args(tokens, null));
        } catch (UsageException e) {
            String k = e.key();
            String field = k.contains("title") ? "title"
                    : k.contains("when") || k.contains("date") || k.contains("past") || k.contains("far") ? "when"
                    : "participants";
            // in the form people are picked, not typed: say so in its words
            ctx.formErrors(Map.of(field, k.equals("meeting.error.nobody") ? ctx.t("meeting.form.error.nobody")
                    : ctx.t(k, e.args())));
        }
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public void onForm(Context ctx, Inbound.FormSubmission form) {
        Member me = team.member(ctx.speaker().memberId());
        if (form.formId().equals(FORM_NEW)) {
            submitNew(ctx, me, form.values());
            return;
        }
        if (form.formId().equals(FORM_RECORD)) {
            records.submitRecord(ctx, me, form);
            return;
        }
        if (!form.formId().equals(FORM_EXTEND)) {
            throw new UsageException(null, "error.unknown-action");
        }
        ActionItem a = finder.actionById(me, form.metadata());
        String dueText = Optional.ofNullable(form.values().get("due")).map(String::strip).orElse("");
        Optional<LocalDate> due = When.date(dueText, ctx.now().toLocalDate());
        if (due.isEmpty()) {
            ctx.formErrors(Map.of("due", ctx.t("error.bad-date", dueText)));
            return;
        }
        String reason = Optional.ofNullable(form.values().get("reason")).map(String::strip).filter(r -> !r.isEmpty())
                .orElse(null);
        try {
            actionItems.extend(ctx, me, a, due.get(), reason, null);
        } catch (UsageException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            errors.put("due", ctx.t(e.key(), e.args()));
            ctx.formErrors(errors);
        }
    }

    // ---- listing ----------------------------------------------------------------------------------------------

    private void list(Context ctx, Member me) {
        List<MeetingSeries> mine = seriesRepo.findByParticipant(me.id()).stream()
                .filter(s -> s.workspace().equals(me.workspace())).toList();
        List<String> lines = new ArrayList<>();
        for (MeetingSeries s : mine) {
            finder.findUpcoming(s, ctx.instant()).ifPresent(m -> lines.add(ctx.t("meeting.list.line", s.ref(),
                    s.title(),
                    view.span(m, me, ctx.texts()), ctx.t("meeting.recurrence." + s.recurrence().name()
                            .toLowerCase(Locale.ROOT)))));
        }
        if (lines.isEmpty()) {
            ctx.reply(ctx.t("meeting.list.empty"));
            return;
        }
        ctx.reply(new Reply.Card(ctx.t("meeting.list.title"), lines, List.of(), List.of(),
                ctx.t("meeting.list.footer")));
    }

    private void show(Context ctx, Member me, MeetingSeries s) {
        finder.requireParticipant(me, s);
        Meeting m = finder.upcoming(s, ctx.instant());
        ctx.reply(view.agenda(s, m, actions.findBySeriesIdAndStatusOrderByDueDate(s.id(), "OPEN"), me, ctx.texts(),
                !m.agendaPublished()));
    }

    @Override
    public void onButton(Context ctx, Inbound.ButtonAction action) {
        if (action.actionId().startsWith(MeetingHolidays.PREFIX)) {
            holidays.onButton(ctx, action);
        } else {
            actionItems.onButton(ctx, action);
        }
    }
}
