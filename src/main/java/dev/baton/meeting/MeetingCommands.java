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
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
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
    private static final Pattern MINUTES = Pattern.compile("(?i)(\\d{1,3})\\s*(m|min|mins|分钟)");
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
    private final Team team;

    MeetingCommands(MeetingSeriesRepository seriesRepo, Meetings meetings, ActionItems actions, MeetingView view,
            MeetingLifecycle lifecycle, MeetingFeeds feeds, Team team) {
        this.seriesRepo = seriesRepo;
        this.meetings = meetings;
        this.actions = actions;
        this.view = view;
        this.lifecycle = lifecycle;
        this.feeds = feeds;
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
                    ctx.openForm(newForm(ctx));
                    return;
                }
                create(ctx, me, a);
            }
            case "minutes" -> {
                MeetingSeries s = end(series(me, a), a);
                Meeting m = recording(s, ctx.instant())
                        .orElseThrow(() -> new UsageException(null, "meeting.error.not-held", s.ref()));
                requireRecorder(me, s, m);
                ctx.openForm(recordForm(ctx, s));
            }
            case "list" -> {
                a.expectEnd();
                list(ctx, me);
            }
            case "show" -> show(ctx, me, end(series(me, a), a));
            case "agenda" -> agenda(ctx, me, a);
            case "decide" -> decide(ctx, me, a);
            case "action" -> action(ctx, me, a);
            case "publish" -> publish(ctx, me, end(series(me, a), a));
            case "actions" -> listActions(ctx, me, a);
            case "done" -> done(ctx, me, end(actionItem(me, a), a));
            case "extend" -> extend(ctx, me, a);
            case "invite" -> {
                MeetingSeries s = end(series(me, a), a);
                requireParticipant(me, s);
                Meeting m = upcoming(s, ctx.instant());
                ctx.send(new Target.Direct(ctx.origin().userId()), view.invite(s, m, ctx.texts()));
                ctx.reply(ctx.t("meeting.invite.sent", s.ref()));
            }
            case "cancel" -> cancel(ctx, me, end(series(me, a), a));
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
        requireOrganiser(me, s);
        Meeting m = upcoming(s, ctx.instant());
        m.cancel();
        meetings.save(m);
        lifecycle.cancelled(m);
        for (long id : s.participantIds()) {
            if (id == me.id()) {
                continue;
            }
            Member to = team.member(id);
            Texts t = lifecycle.texts(to);
            ctx.send(new Target.Direct(to.platformUserId()), new Reply.Text(t.t("meeting.cancelled.note",
                    me.displayName(), s.title(), view.span(m, to, t))), "meeting:" + m.id() + ":cancel:" + id);
        }
        ctx.reply(ctx.t("meeting.cancelled", s.ref(), view.span(m, me, ctx.texts())));
    }

    // ---- agenda -----------------------------------------------------------------------------------------------

    private void agenda(Context ctx, Member me, Args args) {
        MeetingSeries s = series(me, args);
        requireParticipant(me, s);
        Meeting m = upcoming(s, ctx.instant());
        Optional<String> what = args.take("add", "publish", "done");
        if (what.isEmpty()) {
            args.expectEnd();
            ctx.reply(view.agenda(s, m, actions.findBySeriesIdAndStatusOrderByDueDate(s.id(), "OPEN"), me,
                    ctx.texts(), !m.agendaPublished()));
            return;
        }
        switch (what.get()) {
            case "add" -> {
                String topic = args.quoted("meeting.error.topic-missing");
                Member owner = me;
                int minutes = 10;
                while (args.hasMore()) {
                    if (args.take("owner").isPresent()) {
                        owner = team.mentioned(me, args.next("error.mention-missing"), "meeting.agenda");
                        if (!s.participantIds().contains(owner.id())) {
                            throw args.fail("meeting.error.not-participant", owner.displayName(), s.ref());
                        }
                        continue;
                    }
                    Token t = args.next("meeting.error.topic-missing");
                    Matcher mm = MINUTES.matcher(t.text());
                    if (!mm.matches() || Integer.parseInt(mm.group(1)) < 1 || Integer.parseInt(mm.group(1)) > 240) {
                        throw args.fail("meeting.error.bad-timebox", t.text());
                    }
                    minutes = Integer.parseInt(mm.group(1));
                }
                if (m.agenda().size() >= 30) {
                    throw new UsageException(null, "meeting.error.agenda-full", s.ref());
                }
                AgendaItem item = m.addItem(topic, owner.id(), minutes);
                meetings.save(m);
                ctx.reply(ctx.t("meeting.agenda.added", item.position(), item.title(), s.ref(),
                        view.span(m, me, ctx.texts()), owner.displayName(), minutes));
            }
            case "publish" -> {
                args.expectEnd();
                if (m.hostId() != me.id() && !me.isAdmin()) {
                    throw new UsageException(null, "meeting.error.host-only", s.ref(), view.name(m.hostId()));
                }
                if (m.agenda().isEmpty()) {
                    throw new UsageException(null, "meeting.error.agenda-empty", s.ref());
                }
                lifecycle.publishAgenda(s, m, ctx.instant());
                ctx.reply(ctx.t("meeting.agenda.published", s.ref(), s.participantIds().size()));
            }
            default -> {
                int position = args.integer("meeting.error.item-missing", "meeting.error.bad-item", 1, 99);
                args.expectEnd();
                Meeting current = recording(s, ctx.instant()).orElse(m);
                requireRecorder(me, s, current);
                if (current.item(position).isEmpty()) {
                    throw args.fail("meeting.error.no-item", position, s.ref());
                }
                current.discussed(position);
                meetings.save(current);
                ctx.reply(ctx.t("meeting.agenda.discussed", position, current.item(position).orElseThrow().title()));
            }
        }
    }

    // ---- recording --------------------------------------------------------------------------------------------

    private void decide(Context ctx, Member me, Args args) {
        MeetingSeries s = series(me, args);
        Meeting m = recording(s, ctx.instant())
                .orElseThrow(() -> new UsageException(null, "meeting.error.not-held", s.ref()));
        requireRecorder(me, s, m);
        String text = args.quoted("meeting.error.decision-missing");
        args.expectEnd();
        Decision d = m.decide(text, me.id());
        meetings.save(m);
        ctx.reply(ctx.t("meeting.decided", d.position(), d.text(), s.ref()));
    }

    private void action(Context ctx, Member me, Args args) {
        MeetingSeries s = series(me, args);
        Meeting m = recording(s, ctx.instant())
                .orElseThrow(() -> new UsageException(null, "meeting.error.not-held", s.ref()));
        requireRecorder(me, s, m);
        String what = args.quoted("meeting.error.action-missing");
        Member owner = null;
        LocalDate due = null;
        String deliverable = null;
        while (args.hasMore()) {
            Token t = args.peek().orElseThrow();
            if (t.kind() == Token.Kind.MENTION) {
                owner = team.mentioned(me, args.next("error.mention-missing"), "meeting.action");
                continue;
            }
            String flag = args.take("due", "deliverable", "截止", "交付")
                    .orElseThrow(() -> args.fail("error.unexpected", t.text()));
            if (flag.equals("due") || flag.equals("截止")) {
                Token d = args.next("meeting.error.due-missing");
                due = When.date(d.text(), ctx.now().toLocalDate())
                        .orElseThrow(() -> args.fail("error.bad-date", d.text()));
            } else {
                Token d = args.next("meeting.error.deliverable-missing");
                deliverable = d.text().strip();
            }
        }
        if (owner == null) {
            throw args.fail("meeting.error.owner-missing");
        }
        if (due == null) {
            throw args.fail("meeting.error.due-missing");
        }
        if (due.isBefore(ctx.now().toLocalDate())) {
            throw args.fail("error.date-in-past", MeetingView.day(due, ctx.texts()));
        }
        ActionItem a = actions.save(ActionItem.record(s.workspace(), s.id(), m.id(), owner.id(), what,
                deliverable, due, ctx.instant()));
        if (m.minutesPublished()) {
            // minutes already out: the owner hears about it now rather than never
            Member o = owner;
            ctx.send(new Target.Direct(o.platformUserId()),
                    view.actionCard(s, a, lifecycle.texts(o), "meeting.action.assigned"), "action:" + a.id()
                            + ":assigned");
            lifecycle.planAction(a, ctx.instant());
        }
        ctx.reply(ctx.t("meeting.action.recorded", view.actionLine(a, ctx.texts()), s.ref()));
    }

    private void publish(Context ctx, Member me, MeetingSeries s) {
        Meeting m = recording(s, ctx.instant())
                .orElseThrow(() -> new UsageException(null, "meeting.error.not-held", s.ref()));
        requireRecorder(me, s, m);
        if (m.decisions().isEmpty() && actions.findByMeetingIdOrderById(m.id()).isEmpty()) {
            throw new UsageException(null, "meeting.error.minutes-empty", s.ref());
        }
        lifecycle.publishMinutes(s, m, ctx.instant(), false);
        ctx.reply(ctx.t("meeting.minutes.published", s.ref(), s.participantIds().size()));
    }

    // ---- action items -----------------------------------------------------------------------------------------

    private void listActions(Context ctx, Member me, Args args) {
        List<ActionItem> found;
        String whose;
        Optional<Token> next = args.peek();
        if (next.isEmpty() || args.take("mine").isPresent()) {
            found = actions.findByOwnerIdAndStatusOrderByDueDate(me.id(), "OPEN");
            whose = ctx.t("meeting.actions.mine");
        } else if (next.get().kind() == Token.Kind.MENTION) {
            Member who = team.mentioned(me, args.next("error.mention-missing"), "meeting.actions");
            found = actions.findByOwnerIdAndStatusOrderByDueDate(who.id(), "OPEN").stream()
                    .filter(a -> a.workspace().equals(me.workspace())).toList();
            whose = who.displayName();
        } else {
            MeetingSeries s = series(me, args);
            found = actions.findBySeriesIdAndStatusOrderByDueDate(s.id(), "OPEN");
            whose = s.ref() + " " + s.title();
        }
        args.expectEnd();
        if (found.isEmpty()) {
            ctx.reply(ctx.t("meeting.actions.none", whose));
            return;
        }
        LocalDate today = ctx.now().toLocalDate();
        List<String> lines = found.stream().sorted(Comparator.comparing(ActionItem::dueDate))
                .map(a -> view.actionLine(a, ctx.texts()) + (a.dueDate().isBefore(today)
                        ? " · " + ctx.t("meeting.actions.overdue") : ""))
                .toList();
        ctx.reply(new Reply.Card(ctx.t("meeting.actions.title", whose), lines, List.of(), List.of(),
                ctx.t("meeting.actions.footer")));
    }

    private void done(Context ctx, Member me, ActionItem a) {
        requireActionOwner(me, a);
        if (!a.open()) {
            throw new UsageException(null, "meeting.error.already-done", a.ref());
        }
        a.done(ctx.instant());
        actions.save(a);
        lifecycle.actionClosed(a);
        MeetingSeries s = seriesRepo.findById(a.seriesId()).orElseThrow();
        Meeting origin = meetings.findById(a.meetingId()).orElseThrow();
        if (origin.hostId() != me.id()) {
            Member host = team.member(origin.hostId());
            Texts t = lifecycle.texts(host);
            ctx.send(new Target.Direct(host.platformUserId()), new Reply.Text(t.t("meeting.action.done-note",
                    me.displayName(), a.ref(), a.title(), s.ref())), "action:" + a.id() + ":done-note");
        }
        ctx.update(new Reply.Text(ctx.t("meeting.action.done", a.ref(), a.title())));
    }

    private void extend(Context ctx, Member me, Args args) {
        ActionItem a = actionItem(me, args);
        Token d = args.next("meeting.error.due-missing");
        LocalDate due = When.date(d.text(), ctx.now().toLocalDate())
                .orElseThrow(() -> args.fail("error.bad-date", d.text()));
        String reason = args.hasMore() ? args.next("meeting.error.reason-missing").text().strip() : null;
        args.expectEnd();
        extend(ctx, me, a, due, reason, "meeting.extend");
    }

    private void extend(Context ctx, Member me, ActionItem a, LocalDate due, String reason, String usage) {
        requireActionOwner(me, a);
        if (!a.open()) {
            throw new UsageException(null, "meeting.error.already-done", a.ref());
        }
        if (!due.isAfter(a.dueDate()) || !due.isAfter(ctx.now().toLocalDate())) {
            throw new UsageException(usage, "meeting.error.extend-earlier", MeetingView.day(a.dueDate(),
                    ctx.texts()));
        }
        LocalDate old = a.dueDate();
        a.extend(due);
        actions.save(a);
        lifecycle.planAction(a, ctx.instant());
        MeetingSeries s = seriesRepo.findById(a.seriesId()).orElseThrow();
        Meeting origin = meetings.findById(a.meetingId()).orElseThrow();
        if (origin.hostId() != me.id()) {
            Member host = team.member(origin.hostId());
            Texts t = lifecycle.texts(host);
            ctx.send(new Target.Direct(host.platformUserId()), new Reply.Text(t.t("meeting.action.extended-note",
                    me.displayName(), a.ref(), a.title(), MeetingView.day(old, t), MeetingView.day(due, t),
                    reason == null ? t.t("meeting.action.no-reason") : reason, s.ref())),
                    "action:" + a.id() + ":extended:" + due);
        }
        ctx.reply(ctx.t("meeting.action.extended", a.ref(), MeetingView.day(due, ctx.texts())));
    }

    @Override
    public void onButton(Context ctx, Inbound.ButtonAction action) {
        Member me = team.member(ctx.speaker().memberId());
        switch (action.actionId()) {
            case MeetingView.ACTION_DONE -> done(ctx, me, actionById(me, action.value()));
            case MeetingView.ACTION_MORE_TIME -> {
                ActionItem a = actionById(me, action.value());
                requireActionOwner(me, a);
                ctx.openForm(new Reply.Form(FORM_EXTEND, ctx.t("meeting.form.extend"), ctx.t("meeting.form.save"),
                        List.of(new Reply.FormField("due", ctx.t("meeting.form.due"), Reply.FormField.Kind.TEXT,
                                        false, null, List.of(), ctx.t("meeting.form.due.hint")),
                                new Reply.FormField("reason", ctx.t("meeting.form.reason"),
                                        Reply.FormField.Kind.MULTILINE, true, null, List.of(), null)),
                        String.valueOf(a.id())));
            }
            case MeetingView.ACTION_INVITE -> {
                Meeting m = meetings.findById(Args.actionId(action.value()))
                        .orElseThrow(() -> new UsageException(null, "error.unknown-action"));
                MeetingSeries s = seriesRepo.findById(m.seriesId()).filter(x -> x.workspace().equals(me.workspace()))
                        .orElseThrow(() -> new UsageException(null, "error.unknown-action"));
                ctx.send(new Target.Direct(ctx.origin().userId()), view.invite(s, m, ctx.texts()));
            }
            default -> throw new UsageException(null, "error.unknown-action");
        }
    }

    private Reply.Form newForm(Context ctx) {
        List<Reply.Option> lengths = java.util.stream.Stream.of(15, 30, 45, 60, 90, 120)
                .map(n -> new Reply.Option(n + "m", ctx.t("meeting.form.minutes", n))).toList();
        List<Reply.Option> recurrences = java.util.Arrays.stream(MeetingSeries.Recurrence.values())
                .map(r -> new Reply.Option(r.name().toLowerCase(Locale.ROOT),
                        ctx.t("meeting.recurrence." + r.name().toLowerCase(Locale.ROOT)))).toList();
        return new Reply.Form(FORM_NEW, ctx.t("meeting.form.new"), ctx.t("meeting.form.save"), List.of(
                new Reply.FormField("title", ctx.t("meeting.form.title"), Reply.FormField.Kind.TEXT, false, null,
                        List.of(), ctx.t("meeting.form.title.hint")),
                new Reply.FormField("when", ctx.t("meeting.form.when"), Reply.FormField.Kind.TEXT, false, null,
                        List.of(), ctx.t("meeting.form.when.hint")),
                new Reply.FormField("length", ctx.t("meeting.form.length"), Reply.FormField.Kind.SELECT, false, "60m",
                        lengths, null),
                new Reply.FormField("recurrence", ctx.t("meeting.form.recurrence"), Reply.FormField.Kind.SELECT,
                        false, "weekly", recurrences, null),
                new Reply.FormField("participants", ctx.t("meeting.form.participants"), Reply.FormField.Kind.TEXT,
                        false, null, List.of(), ctx.t("meeting.form.participants.hint"))), null);
    }

    private Reply.Form recordForm(Context ctx, MeetingSeries s) {
        List<Reply.Option> people = s.participantIds().stream()
                .map(id -> new Reply.Option(String.valueOf(id), view.name(id))).toList();
        return new Reply.Form(FORM_RECORD, ctx.t("meeting.form.record"), ctx.t("meeting.form.save"), List.of(
                new Reply.FormField("decision", ctx.t("meeting.form.decision"), Reply.FormField.Kind.MULTILINE, true,
                        null, List.of(), null),
                new Reply.FormField("action", ctx.t("meeting.form.action"), Reply.FormField.Kind.TEXT, true, null,
                        List.of(), null),
                new Reply.FormField("owner", ctx.t("meeting.form.owner"), Reply.FormField.Kind.SELECT, true, null,
                        people, null),
                new Reply.FormField("due", ctx.t("meeting.form.due"), Reply.FormField.Kind.TEXT, true, null,
                        List.of(), ctx.t("meeting.form.due.hint")),
                new Reply.FormField("deliverable", ctx.t("meeting.form.deliverable"), Reply.FormField.Kind.TEXT, true,
                        null, List.of(), null)), String.valueOf(s.id()));
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
        try {
            create(ctx, me, new Args(tokens, null));
        } catch (UsageException e) {
            String k = e.key();
            String field = k.contains("title") ? "title"
                    : k.contains("when") || k.contains("date") || k.contains("past") || k.contains("far") ? "when"
                    : "participants";
            ctx.formErrors(Map.of(field, ctx.t(k, e.args())));
        }
    }

    private void submitRecord(Context ctx, Member me, Inbound.FormSubmission form) {
        MeetingSeries s = seriesRepo.findById(Args.actionId(form.metadata())).filter(x -> x.workspace().equals(me.workspace()))
                .orElseThrow(() -> new UsageException(null, "error.unknown-action"));
        Meeting m = recording(s, ctx.instant())
                .orElseThrow(() -> new UsageException(null, "meeting.error.not-held", s.ref()));
        requireRecorder(me, s, m);
        Map<String, String> v = form.values();
        String decision = blank(v.get("decision"));
        String action = blank(v.get("action"));
        Map<String, String> errors = new LinkedHashMap<>();
        if (decision == null && action == null) {
            errors.put("decision", ctx.t("meeting.form.error.nothing"));
        }
        Optional<Member> owner = Optional.ofNullable(blank(v.get("owner"))).flatMap(id -> {
            try {
                return team.find(Long.parseLong(id)).filter(o -> o.workspace().equals(me.workspace()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
        Optional<LocalDate> due = Optional.ofNullable(blank(v.get("due")))
                .flatMap(d -> When.date(d, ctx.now().toLocalDate()));
        if (action != null) {
            if (owner.isEmpty()) {
                errors.put("owner", ctx.t("meeting.error.owner-missing"));
            }
            if (due.isEmpty()) {
                errors.put("due", blank(v.get("due")) == null ? ctx.t("meeting.error.due-missing")
                        : ctx.t("error.bad-date", v.get("due").strip()));
            } else if (due.get().isBefore(ctx.now().toLocalDate())) {
                errors.put("due", ctx.t("error.date-in-past", MeetingView.day(due.get(), ctx.texts())));
            }
        }
        if (!errors.isEmpty()) {
            ctx.formErrors(errors);
            return;
        }
        List<String> done = new ArrayList<>();
        if (decision != null) {
            Decision d = m.decide(decision, me.id());
            meetings.save(m);
            done.add(ctx.t("meeting.decided", d.position(), d.text(), s.ref()));
        }
        if (action != null) {
            ActionItem a = actions.save(ActionItem.record(s.workspace(), s.id(), m.id(), owner.get().id(), action,
                    blank(v.get("deliverable")), due.get(), ctx.instant()));
            done.add(ctx.t("meeting.action.recorded", view.actionLine(a, ctx.texts()), s.ref()));
        }
        done.add(ctx.t("meeting.form.record.more", s.ref()));
        ctx.reply(String.join("\n", done));
    }

    private static String blank(String s) {
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
            submitRecord(ctx, me, form);
            return;
        }
        if (!form.formId().equals(FORM_EXTEND)) {
            throw new UsageException(null, "error.unknown-action");
        }
        ActionItem a = actionById(me, form.metadata());
        String dueText = Optional.ofNullable(form.values().get("due")).map(String::strip).orElse("");
        Optional<LocalDate> due = When.date(dueText, ctx.now().toLocalDate());
        if (due.isEmpty()) {
            ctx.formErrors(Map.of("due", ctx.t("error.bad-date", dueText)));
            return;
        }
        String reason = Optional.ofNullable(form.values().get("reason")).map(String::strip).filter(r -> !r.isEmpty())
                .orElse(null);
        try {
            extend(ctx, me, a, due.get(), reason, null);
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
            findUpcoming(s, ctx.instant()).ifPresent(m -> lines.add(ctx.t("meeting.list.line", s.ref(), s.title(),
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
        requireParticipant(me, s);
        Meeting m = upcoming(s, ctx.instant());
        ctx.reply(view.agenda(s, m, actions.findBySeriesIdAndStatusOrderByDueDate(s.id(), "OPEN"), me, ctx.texts(),
                !m.agendaPublished()));
    }

    // ---- finding ----------------------------------------------------------------------------------------------

    private Optional<Meeting> findUpcoming(MeetingSeries s, Instant now) {
        return meetings.findBySeriesIdOrderBySeq(s.id()).stream()
                .filter(m -> !m.cancelled() && m.endsAt().isAfter(now)).findFirst();
    }

    /** The next occurrence that has not ended (agenda goes there). */
    private Meeting upcoming(MeetingSeries s, Instant now) {
        return findUpcoming(s, now).orElseThrow(() -> new UsageException(null, "meeting.error.no-upcoming",
                s.ref()));
    }

    /** The latest occurrence that has started and whose minutes are not yet published. */
    private Optional<Meeting> recording(MeetingSeries s, Instant now) {
        return meetings.findBySeriesIdOrderBySeq(s.id()).stream()
                .filter(m -> !m.cancelled() && !m.startsAt().isAfter(now) && !m.minutesPublished())
                .reduce((a, b) -> b);
    }

    private MeetingSeries series(Member me, Args args) {
        long id = args.ref('M', "meeting.error.ref-missing", "meeting.error.bad-ref");
        return seriesRepo.findById(id).filter(s -> s.workspace().equals(me.workspace()))
                .orElseThrow(() -> args.fail("meeting.error.no-such", "M-" + id));
    }

    private ActionItem actionItem(Member me, Args args) {
        long id = args.ref('A', "meeting.error.action-ref-missing", "meeting.error.bad-action-ref");
        return actions.findById(id).filter(a -> a.workspace().equals(me.workspace()))
                .orElseThrow(() -> args.fail("meeting.error.no-such-action", "A-" + id));
    }

    private ActionItem actionById(Member me, String id) {
        return actions.findById(Args.actionId(id)).filter(a -> a.workspace().equals(me.workspace()))
                .orElseThrow(() -> new UsageException(null, "error.unknown-action"));
    }

    private static <T> T end(T value, Args args) {
        args.expectEnd();
        return value;
    }

    private void requireParticipant(Member me, MeetingSeries s) {
        if (!s.participantIds().contains(me.id()) && !me.isAdmin()) {
            throw new UsageException(null, "meeting.error.not-invited", s.ref(), s.title());
        }
    }

    private void requireOrganiser(Member me, MeetingSeries s) {
        if (s.creatorId() != me.id() && !me.isAdmin()) {
            throw new UsageException(null, "meeting.error.organiser-only", s.ref(), view.name(s.creatorId()));
        }
    }

    private void requireRecorder(Member me, MeetingSeries s, Meeting m) {
        if (m.recorderId() != me.id() && m.hostId() != me.id() && !me.isAdmin()) {
            throw new UsageException(null, "meeting.error.recorder-only", s.ref(), view.name(m.recorderId()),
                    view.name(m.hostId()));
        }
    }

    private void requireActionOwner(Member me, ActionItem a) {
        if (a.ownerId() != me.id() && !me.isAdmin()) {
            throw new UsageException(null, "meeting.error.not-your-action", a.ref(), view.name(a.ownerId()));
        }
    }
}
