package dev.baton.content;

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
import dev.baton.team.Member;
import dev.baton.team.Role;
import dev.baton.team.Team;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** {@code /content}: plan posts, move them through review to publishing, see the calendar, record results. */
@Component
class ContentCommands implements CommandHandler {

    static final String ACTION_APPROVE = "content.approve";
    static final String ACTION_CHANGES = "content.changes";
    private static final LocalTime DEFAULT_PUBLISH_TIME = LocalTime.of(20, 0);
    private static final Pattern REF = Pattern.compile("(?i)(?:c-?)?(\\d{1,12})");
    private static final String[] OPTION_WORDS = {"review", "reviewer", "owner", "campaign", "draft", "approve",
        "approved-by"};

    private static final CommandSpec SPEC = new CommandSpec("content", "content.summary", List.of(
            new Usage("content.plan", "plan \"Spring launch teaser\" wechat wed 20:00 [review @member] "
                    + "[owner @member] [campaign spring-launch] [draft mon 18:00] [approve tue 18:00]",
                    "content.help.plan"),
            new Usage("content.move", "move C-1 draft|review|scheduled|published", "content.help.move"),
            new Usage("content.approve", "approve C-1", "content.help.approve"),
            new Usage("content.reschedule", "reschedule C-1 thu 20:00", "content.help.reschedule"),
            new Usage("content.reassign", "reassign C-1 @member", "content.help.reassign"),
            new Usage("content.reviewer", "reviewer C-1 @member", "content.help.reviewer"),
            new Usage("content.show", "show C-1", "content.help.show"),
            new Usage("content.week", "week [next] [wechat | @member | campaign spring-launch]", "content.help.week"),
            new Usage("content.month", "month [next] [wechat | @member | campaign spring-launch]",
                    "content.help.month"),
            new Usage("content.metrics", "metrics C-1 reads 1200 likes 80 shares 30 comments 12",
                    "content.help.metrics"),
            new Usage("content.top", "top", "content.help.top"),
            new Usage("content.channel", "channel wechat @member", "content.help.channel"),
            new Usage("content.feed", "feed [reset]", "content.help.feed")));

    private final ContentItems items;
    private final ContentChannels channels;
    private final ContentReminders reminders;
    private final CalendarFeeds feeds;
    private final Team team;

    ContentCommands(ContentItems items, ContentChannels channels, ContentReminders reminders, CalendarFeeds feeds,
            Team team) {
        this.items = items;
        this.channels = channels;
        this.reminders = reminders;
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
            calendar(ctx, me, args.forUsage("content.week"), false);
            return;
        }
        String sub = args.subcommand("content", "plan", "move", "approve", "reschedule", "reassign", "reviewer",
                "show", "week", "month", "metrics", "top", "channel", "feed");
        Args a = args.forUsage("content." + sub);
        switch (sub) {
            case "plan" -> plan(ctx, me, a);
            case "move" -> move(ctx, me, a);
            case "approve" -> approve(ctx, me, requireItem(me, a));
            case "reschedule" -> reschedule(ctx, me, a);
            case "reassign", "reviewer" -> assign(ctx, me, a, sub.equals("reviewer"));
            case "show" -> show(ctx, me, a);
            case "week" -> calendar(ctx, me, a, false);
            case "month" -> calendar(ctx, me, a, true);
            case "metrics" -> metrics(ctx, me, a);
            case "top" -> top(ctx, me, a);
            case "channel" -> channelOwner(ctx, me, a);
            default -> feed(ctx, me, a);
        }
    }

    // ---- planning and moving --------------------------------------------------------------------------------

    private void plan(Context ctx, Member me, Args args) {
        if (!args.hasMore() && ctx.origin().triggerId() != null) {
            ctx.openForm(planForm(ctx, me));
            return;
        }
        String title = args.phrase("content.error.title-missing", OPTION_WORDS);
        String platformWord = args.word("content.error.platform-missing");
        Platform platform = Platform.parse(platformWord)
                .orElseThrow(() -> args.fail("content.error.bad-platform", platformWord));
        ZonedDateTime now = ctx.now();
        Instant publishAt = When.dateTime(args, now, DEFAULT_PUBLISH_TIME, "content.error.when-missing",
                "error.bad-date").toInstant();
        Member owner = me;
        Member reviewer = null;
        String campaign = null;
        Instant draftDue = null;
        Instant reviewDue = null;
        while (args.hasMore()) {
            String opt = args.take(OPTION_WORDS)
                    .orElseThrow(() -> args.fail("error.unexpected", args.peek().orElseThrow().text()));
            switch (opt) {
                case "review", "reviewer" -> reviewer = team.mentioned(me, args.next("error.mention-missing"),
                        "content.plan");
                case "owner" -> owner = team.mentioned(me, args.next("error.mention-missing"), "content.plan");
                case "campaign" -> campaign = args.phrase("content.error.campaign-missing", OPTION_WORDS);
                case "draft" -> draftDue = When.dateTime(args, now, LocalTime.of(18, 0),
                        "content.error.when-missing", "error.bad-date").toInstant();
                default -> reviewDue = When.dateTime(args, now, LocalTime.of(18, 0),
                        "content.error.when-missing", "error.bad-date").toInstant();
            }
        }
        create(ctx, me, title, platform, publishAt, owner, reviewer, campaign, draftDue, reviewDue, "content.plan");
    }

    /** The rules of planning, shared by the command and the form; a broken rule is bad input for {@code usage}. */
    private void create(Context ctx, Member me, String title, Platform platform, Instant publishAt, Member owner,
            Member reviewer, String campaign, Instant draftDue, Instant reviewDue, String usage) {
        if (!publishAt.isAfter(ctx.instant())) {
            throw new UsageException(usage, "content.error.in-past");
        }
        if (!team.canManage(me, owner)) {
            throw new UsageException(null, "content.error.not-allowed-owner", owner.displayName());
        }
        if (reviewer != null && reviewer.id() == owner.id()) {
            throw new UsageException(usage, "content.error.self-review");
        }
        // milestones default to two days and one day ahead, never in the past and never after publishing
        if (reviewDue == null) {
            reviewDue = latest(ctx.instant(), publishAt.minus(Duration.ofDays(1)));
        }
        if (draftDue == null) {
            draftDue = latest(ctx.instant(), publishAt.minus(Duration.ofDays(2)));
        }
        if (reviewDue.isAfter(publishAt) || draftDue.isAfter(reviewDue)) {
            throw new UsageException(usage, "content.error.milestones-order");
        }
        ContentItem item = items.save(ContentItem.plan(me.workspace(), title, platform, owner.id(),
                reviewer == null ? null : reviewer.id(), campaign, draftDue, reviewDue, publishAt, ctx.instant()));
        reminders.plan(item, ctx.instant());
        ctx.reply(ctx.t("content.planned", item.ref(), item.title(), ctx.t(platform.key()),
                when(ctx, publishAt, me), owner.displayName(),
                reviewer == null ? ctx.t("content.nobody") : reviewer.displayName(), when(ctx, draftDue, me),
                when(ctx, reviewDue, me)));
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void move(Context ctx, Member me, Args args) {
        ContentItem item = requireItem(me, args);
        String word = args.word("content.error.stage-missing");
        args.expectEnd();
        Stage target = Stage.parse(word).orElseThrow(() -> args.fail("content.error.bad-stage", word));
        if (target == Stage.APPROVED) {
            approve(ctx, me, item);
            return;
        }
        boolean reviewer = item.reviewerId() != null && item.reviewerId() == me.id();
        if (!reviewer && !mayChange(me, item)) {
            throw new UsageException(null, "content.error.not-allowed", item.ref(),
                    team.member(item.ownerId()).displayName());
        }
        if (target == item.stage()) {
            throw args.fail("content.error.same-stage", item.ref(), ctx.t(target.key()));
        }
        if (target == Stage.IN_REVIEW && item.reviewerId() == null) {
            throw args.fail("content.error.no-reviewer", item.ref());
        }
        if ((target == Stage.SCHEDULED || target == Stage.PUBLISHED) && !item.stage().approved()) {
            throw args.fail("content.error.needs-approval", item.ref(), ctx.t(item.stage().key()));
        }
        Stage before = item.stage();
        item.moveTo(target, ctx.instant());
        items.save(item);
        reminders.plan(item, ctx.instant());
        ctx.reply(ctx.t("content.moved", item.ref(), item.title(), ctx.t(before.key()), ctx.t(target.key())));
        if (target == Stage.IN_REVIEW) {
            Member rev = team.member(item.reviewerId());
            Texts t = ctx.texts().in(rev.locale());
            ctx.send(new Target.Direct(rev.platformUserId()), new Reply.Card(null,
                    List.of(t.t("content.review.requested", me.displayName(), item.ref(), item.title(),
                            t.t(item.platform().key()), when(t, item.publishAt(), rev),
                            when(t, item.reviewDueAt(), rev))), List.of(), reviewButtons(t, item), null));
        } else if (before == Stage.IN_REVIEW && target.compareTo(Stage.IN_REVIEW) < 0 && reviewer) {
            Member owner = team.member(item.ownerId());
            ctx.send(new Target.Direct(owner.platformUserId()), new Reply.Text(ctx.texts().in(owner.locale())
                    .t("content.review.changes", me.displayName(), item.ref(), item.title())));
        }
    }

    static List<Reply.Button> reviewButtons(Texts t, ContentItem item) {
        return List.of(new Reply.Button(t.t("content.button.approve"), ACTION_APPROVE, String.valueOf(item.id()),
                        Reply.Button.Style.PRIMARY),
                new Reply.Button(t.t("content.button.changes"), ACTION_CHANGES, String.valueOf(item.id()),
                        Reply.Button.Style.DEFAULT));
    }

    private void approve(Context ctx, Member me, ContentItem item) {
        boolean reviewer = item.reviewerId() != null && item.reviewerId() == me.id();
        if (!reviewer && !me.isAdmin()) {
            throw new UsageException(null, "content.error.not-reviewer", item.ref(),
                    item.reviewerId() == null ? ctx.t("content.nobody") : team.member(item.reviewerId()).displayName());
        }
        if (item.stage() != Stage.IN_REVIEW) {
            throw new UsageException("content.approve", "content.error.not-in-review", item.ref(),
                    ctx.t(item.stage().key()));
        }
        item.moveTo(Stage.APPROVED, ctx.instant());
        items.save(item);
        reminders.plan(item, ctx.instant());
        ctx.reply(ctx.t("content.approved", item.ref(), item.title()));
        Member owner = team.member(item.ownerId());
        if (owner.id() != me.id()) {
            Texts t = ctx.texts().in(owner.locale());
            ctx.send(new Target.Direct(owner.platformUserId()), new Reply.Text(t.t("content.approved.to-owner",
                    me.displayName(), item.ref(), item.title(), when(t, item.publishAt(), owner))));
        }
    }

    @Override
    public void onButton(Context ctx, Inbound.ButtonAction action) {
        Member me = team.member(ctx.speaker().memberId());
        ContentItem item = items.findById(Long.valueOf(action.value()))
                .filter(i -> i.workspace().equals(me.workspace()))
                .orElseThrow(() -> new UsageException(null, "error.unknown-action"));
        switch (action.actionId()) {
            case ACTION_APPROVE -> approve(ctx, me, item);
            case ACTION_CHANGES -> move(ctx, me, argsOf(item.ref(), "draft"));
            case ACTION_ADVANCE -> move(ctx, me, argsOf(item.ref(), next(item.stage()).name()));
            case ACTION_RESCHEDULE -> ctx.openForm(new Reply.Form(FORM_RESCHEDULE, ctx.t("content.form.reschedule"),
                    ctx.t("content.form.save"), List.of(new Reply.FormField("when", ctx.t("content.form.when"),
                            Reply.FormField.Kind.TEXT, false, null, List.of(), ctx.t("content.form.when-hint"))),
                    String.valueOf(item.id())));
            case ACTION_REASSIGN -> ctx.openForm(new Reply.Form(FORM_REASSIGN, ctx.t("content.form.reassign"),
                    ctx.t("content.form.save"), List.of(
                            new Reply.FormField("owner", ctx.t("content.field.owner"), Reply.FormField.Kind.SELECT,
                                    false, String.valueOf(item.ownerId()), people(me), null),
                            new Reply.FormField("reviewer", ctx.t("content.field.reviewer"),
                                    Reply.FormField.Kind.SELECT, true, item.reviewerId() == null ? null
                                            : String.valueOf(item.reviewerId()), people(me), null)),
                    String.valueOf(item.id())));
            default -> throw new UsageException(null, "error.unknown-action");
        }
    }

    static final String ACTION_ADVANCE = "content.advance";
    static final String ACTION_RESCHEDULE = "content.reschedule-form";
    static final String ACTION_REASSIGN = "content.reassign-form";
    static final String FORM_PLAN = "content.plan-form";
    static final String FORM_RESCHEDULE = "content.reschedule-form";
    static final String FORM_REASSIGN = "content.reassign-form";

    private static Args argsOf(String... words) {
        List<Token> tokens = new ArrayList<>();
        for (String w : words) {
            tokens.add(new Token(Token.Kind.WORD, w, null));
        }
        return new Args(tokens, "content.move");
    }

    /** The natural next stage; in review has none here (the reviewer decides). */
    private static Stage next(Stage stage) {
        return switch (stage) {
            case IDEA -> Stage.DRAFT;
            case DRAFT -> Stage.IN_REVIEW;
            case APPROVED -> Stage.SCHEDULED;
            case SCHEDULED -> Stage.PUBLISHED;
            default -> stage;
        };
    }

    private List<Reply.Option> people(Member me) {
        return team.membersOf(me.workspace()).stream()
                .map(m -> new Reply.Option(String.valueOf(m.id()), m.displayName())).toList();
    }

    private Reply.Form planForm(Context ctx, Member me) {
        List<Reply.Option> platforms = new ArrayList<>();
        for (Platform p : Platform.values()) {
            platforms.add(new Reply.Option(p.name(), ctx.t(p.key())));
        }
        List<Reply.Option> reviewers = people(me).stream()
                .filter(o -> !o.value().equals(String.valueOf(me.id()))).toList();
        return new Reply.Form(FORM_PLAN, ctx.t("content.form.plan"), ctx.t("content.form.save"), List.of(
                new Reply.FormField("title", ctx.t("content.form.title"), Reply.FormField.Kind.TEXT, false, null,
                        List.of(), null),
                new Reply.FormField("platform", ctx.t("content.field.platform"), Reply.FormField.Kind.SELECT, false,
                        Platform.WECHAT.name(), platforms, null),
                new Reply.FormField("when", ctx.t("content.form.when"), Reply.FormField.Kind.TEXT, false, null,
                        List.of(), ctx.t("content.form.when-hint")),
                new Reply.FormField("reviewer", ctx.t("content.field.reviewer"), Reply.FormField.Kind.SELECT, true,
                        null, reviewers, null),
                new Reply.FormField("campaign", ctx.t("content.field.campaign"), Reply.FormField.Kind.TEXT, true,
                        null, List.of(), null)), "");
    }

    @Override
    public void onForm(Context ctx, Inbound.FormSubmission form) {
        Member me = team.member(ctx.speaker().memberId());
        Map<String, String> v = form.values();
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        switch (form.formId()) {
            case FORM_PLAN -> {
                String title = blank(v.get("title"));
                if (title == null) {
                    errors.put("title", ctx.t("content.form.error.title"));
                }
                Optional<Platform> platform = Optional.ofNullable(v.get("platform")).flatMap(p -> {
                    try {
                        return Optional.of(Platform.valueOf(p));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                });
                if (platform.isEmpty()) {
                    errors.put("platform", ctx.t("content.form.error.platform"));
                }
                Instant publishAt = formTime(ctx, v.get("when"), errors);
                Member reviewer = Optional.ofNullable(blank(v.get("reviewer"))).flatMap(id -> memberOf(me, id))
                        .orElse(null);
                if (!errors.isEmpty()) {
                    ctx.formErrors(errors);
                    return;
                }
                create(ctx, me, title, platform.get(), publishAt, me, reviewer, blank(v.get("campaign")), null, null,
                        "content.plan");
            }
            case FORM_RESCHEDULE -> {
                ContentItem item = formItem(me, form);
                Instant when = formTime(ctx, v.get("when"), errors);
                if (!errors.isEmpty()) {
                    ctx.formErrors(errors);
                    return;
                }
                reschedule(ctx, me, item, when);
            }
            case FORM_REASSIGN -> {
                ContentItem item = formItem(me, form);
                Member owner = Optional.ofNullable(blank(v.get("owner"))).flatMap(id -> memberOf(me, id))
                        .orElse(null);
                Member reviewer = Optional.ofNullable(blank(v.get("reviewer"))).flatMap(id -> memberOf(me, id))
                        .orElse(null);
                if (owner == null) {
                    errors.put("owner", ctx.t("content.form.error.owner"));
                } else if (reviewer != null && reviewer.id() == owner.id()) {
                    errors.put("reviewer", ctx.t("content.error.self-review"));
                }
                if (!errors.isEmpty()) {
                    ctx.formErrors(errors);
                    return;
                }
                if (owner.id() != item.ownerId()) {
                    assign(ctx, me, item, owner, false);
                }
                if (reviewer != null && !Long.valueOf(reviewer.id()).equals(item.reviewerId())) {
                    assign(ctx, me, items.findById(item.id()).orElseThrow(), reviewer, true);
                }
            }
            default -> throw new UsageException(null, "error.unknown-action");
        }
    }

    private ContentItem formItem(Member me, Inbound.FormSubmission form) {
        return items.findById(Long.valueOf(form.metadata())).filter(i -> i.workspace().equals(me.workspace()))
                .orElseThrow(() -> new UsageException(null, "error.unknown-action"));
    }

    private Optional<Member> memberOf(Member me, String id) {
        try {
            return team.find(Long.parseLong(id)).filter(m -> m.workspace().equals(me.workspace()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Instant formTime(Context ctx, String text, Map<String, String> errors) {
        try {
            Instant at = When.dateTime(Args.of(text == null ? "" : text), ctx.now(), DEFAULT_PUBLISH_TIME,
                    "content.form.error.when", "content.form.error.when").toInstant();
            if (!at.isAfter(ctx.instant())) {
                errors.put("when", ctx.t("content.error.in-past"));
            }
            return at;
        } catch (UsageException e) {
            errors.put("when", ctx.t("content.form.error.when"));
            return null;
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private void reschedule(Context ctx, Member me, Args args) {
        ContentItem item = requireItem(me, args);
        Instant newTime = When.dateTime(args, ctx.now(), DEFAULT_PUBLISH_TIME, "content.error.when-missing",
                "error.bad-date").toInstant();
        args.expectEnd();
        if (!newTime.isAfter(ctx.instant())) {
            throw args.fail("content.error.in-past");
        }
        reschedule(ctx, me, item, newTime);
    }

    private void reschedule(Context ctx, Member me, ContentItem item, Instant newTime) {
        if (!mayChange(me, item)) {
            throw new UsageException(null, "content.error.not-allowed", item.ref(),
                    team.member(item.ownerId()).displayName());
        }
        if (item.stage() == Stage.PUBLISHED) {
            throw new UsageException("content.reschedule", "content.error.already-published", item.ref());
        }
        Instant before = item.publishAt();
        item.reschedule(newTime);
        items.save(item);
        reminders.plan(item, ctx.instant());
        ctx.reply(ctx.t("content.rescheduled", item.ref(), item.title(), when(ctx, before, me),
                when(ctx, newTime, me)));
    }

    private void assign(Context ctx, Member me, Args args, boolean asReviewer) {
        ContentItem item = requireItem(me, args);
        Member who = team.mentioned(me, args.next("error.mention-missing"),
                asReviewer ? "content.reviewer" : "content.reassign");
        args.expectEnd();
        assign(ctx, me, item, who, asReviewer);
    }

    private void assign(Context ctx, Member me, ContentItem item, Member who, boolean asReviewer) {
        String usage = asReviewer ? "content.reviewer" : "content.reassign";
        if (!mayChange(me, item)) {
            throw new UsageException(null, "content.error.not-allowed", item.ref(),
                    team.member(item.ownerId()).displayName());
        }
        if (asReviewer) {
            if (who.id() == item.ownerId()) {
                throw new UsageException(usage, "content.error.self-review");
            }
            item.assignReviewer(who.id());
        } else {
            if (item.reviewerId() != null && item.reviewerId() == who.id()) {
                throw new UsageException(usage, "content.error.self-review");
            }
            item.assignOwner(who.id());
        }
        items.save(item);
        reminders.plan(item, ctx.instant());
        ctx.reply(ctx.t(asReviewer ? "content.reviewer.done" : "content.reassigned", item.ref(), item.title(),
                who.displayName()));
        if (who.id() != me.id()) {
            Texts t = ctx.texts().in(who.locale());
            ctx.send(new Target.Direct(who.platformUserId()), new Reply.Text(t.t(asReviewer
                    ? "content.reviewer.to-member" : "content.reassigned.to-member", me.displayName(), item.ref(),
                    item.title(), t.t(item.platform().key()), when(t, item.publishAt(), who))));
        }
    }

    // ---- views ----------------------------------------------------------------------------------------------

    private void show(Context ctx, Member me, Args args) {
        ContentItem item = requireItem(me, args);
        args.expectEnd();
        List<Reply.Field> fields = new ArrayList<>();
        fields.add(new Reply.Field(ctx.t("content.field.platform"), ctx.t(item.platform().key())));
        fields.add(new Reply.Field(ctx.t("content.field.stage"), ctx.t(item.stage().key())));
        fields.add(new Reply.Field(ctx.t("content.field.owner"), team.member(item.ownerId()).displayName()));
        fields.add(new Reply.Field(ctx.t("content.field.reviewer"), item.reviewerId() == null
                ? ctx.t("content.nobody") : team.member(item.reviewerId()).displayName()));
        fields.add(new Reply.Field(ctx.t("content.field.draft-due"), when(ctx, item.draftDueAt(), me)));
        fields.add(new Reply.Field(ctx.t("content.field.review-due"), when(ctx, item.reviewDueAt(), me)));
        fields.add(new Reply.Field(ctx.t("content.field.publish"), when(ctx, item.publishAt(), me)));
        if (item.campaign() != null) {
            fields.add(new Reply.Field(ctx.t("content.field.campaign"), item.campaign()));
        }
        if (item.reads() != null || item.likes() != null) {
            fields.add(new Reply.Field(ctx.t("content.field.metrics"), metricsText(ctx.texts(), item)));
        }
        List<Reply.Button> buttons = new ArrayList<>();
        if (next(item.stage()) != item.stage()) {
            buttons.add(new Reply.Button(ctx.t("content.button.advance", ctx.t(next(item.stage()).key())),
                    ACTION_ADVANCE, String.valueOf(item.id()), Reply.Button.Style.PRIMARY));
        }
        if (item.stage() != Stage.PUBLISHED) {
            buttons.add(new Reply.Button(ctx.t("content.button.reschedule"), ACTION_RESCHEDULE,
                    String.valueOf(item.id()), Reply.Button.Style.DEFAULT));
            buttons.add(new Reply.Button(ctx.t("content.button.reassign"), ACTION_REASSIGN,
                    String.valueOf(item.id()), Reply.Button.Style.DEFAULT));
        }
        ctx.reply(new Reply.Card(item.ref() + " “" + item.title() + "”", List.of(), fields, buttons,
                overdue(item, ctx.instant()) ? ctx.t("content.overdue-note") : null));
    }

    private void calendar(Context ctx, Member me, Args args, boolean month) {
        LocalDate today = ctx.now().toLocalDate();
        boolean next = args.take("next").isPresent();
        LocalDate from = month ? today.withDayOfMonth(1) : today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        if (next) {
            from = month ? from.plusMonths(1) : from.plusWeeks(1);
        }
        LocalDate to = month ? from.plusMonths(1) : from.plusWeeks(1);
        Predicate<ContentItem> filter = i -> true;
        String scope = ctx.t("content.scope.all");
        if (args.hasMore()) {
            Token t = args.peek().orElseThrow();
            Optional<Platform> platform = t.kind() == Token.Kind.WORD ? Platform.parse(t.text()) : Optional.empty();
            if (platform.isPresent()) {
                args.next("content.error.platform-missing");
                filter = i -> i.platform() == platform.get();
                scope = ctx.t(platform.get().key());
            } else if (t.kind() == Token.Kind.MENTION) {
                Member who = team.mentioned(me, args.next("error.mention-missing"), "content.week");
                filter = i -> i.ownerId() == who.id() || (i.reviewerId() != null && i.reviewerId() == who.id());
                scope = who.displayName();
            } else if (args.take("campaign").isPresent()) {
                String campaign = args.phrase("content.error.campaign-missing");
                filter = i -> campaign.equalsIgnoreCase(i.campaign());
                scope = campaign;
            } else {
                throw args.fail("content.error.bad-filter", t.text());
            }
        }
        args.expectEnd();
        List<ContentItem> found = items.findByWorkspaceAndPublishAtBetweenOrderByPublishAt(me.workspace(),
                from.atStartOfDay(me.zone()).toInstant(), to.atStartOfDay(me.zone()).toInstant().minusMillis(1))
                .stream().filter(filter).toList();
        DateTimeFormatter day = DateTimeFormatter.ofPattern(ctx.t("format.date"), ctx.texts().locale());
        String title = month ? ctx.t("content.month.title", from.format(DateTimeFormatter.ofPattern(
                ctx.t("format.month"), ctx.texts().locale())), scope)
                : ctx.t("content.week.title", from.format(day), scope);
        if (found.isEmpty()) {
            ctx.reply(new Reply.Card(title, List.of(ctx.t("content.calendar.empty")), List.of(), List.of(), null));
            return;
        }
        List<String> lines = new ArrayList<>();
        LocalDate current = null;
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm");
        Map<Stage, Integer> counts = new EnumMap<>(Stage.class);
        int late = 0;
        for (ContentItem i : found) {
            ZonedDateTime at = i.publishAt().atZone(me.zone());
            if (!at.toLocalDate().equals(current)) {
                current = at.toLocalDate();
                lines.add(current.format(day));
            }
            String line = "    " + at.format(time) + " " + i.ref() + " " + ctx.t(i.platform().key()) + " “" + i.title()
                    + "” · " + ctx.t(i.stage().key()) + " · " + team.member(i.ownerId()).displayName();
            if (overdue(i, ctx.instant())) {
                line += " · " + ctx.t("content.overdue");
                late++;
            }
            lines.add(line);
            counts.merge(i.stage(), 1, Integer::sum);
        }
        ctx.reply(new Reply.Card(title, lines, List.of(), List.of(), ctx.t("content.calendar.footer",
                found.size(), counts.getOrDefault(Stage.PUBLISHED, 0), late)));
    }

    private static boolean overdue(ContentItem item, Instant now) {
        return item.stage() != Stage.PUBLISHED && !item.dueOfStage().isAfter(now);
    }

    // ---- after publishing -----------------------------------------------------------------------------------

    private static final Map<String, String> METRICS = Map.of("reads", "reads", "阅读", "reads", "likes", "likes",
            "点赞", "likes", "shares", "shares", "分享", "shares", "comments", "comments", "评论", "comments");

    private void metrics(Context ctx, Member me, Args args) {
        ContentItem item = requireItem(me, args);
        Map<String, Integer> values = new java.util.HashMap<>();
        while (args.hasMore()) {
            String word = args.word("content.error.metric-missing").toLowerCase(Locale.ROOT);
            String metric = METRICS.get(word);
            if (metric == null) {
                throw args.fail("content.error.bad-metric", word);
            }
            values.put(metric, args.integer("content.error.metric-value-missing", "content.error.bad-metric-value",
                    0, Integer.MAX_VALUE));
        }
        if (values.isEmpty()) {
            throw args.fail("content.error.metric-missing");
        }
        if (!mayChange(me, item)) {
            throw new UsageException(null, "content.error.not-allowed", item.ref(),
                    team.member(item.ownerId()).displayName());
        }
        if (item.stage() != Stage.PUBLISHED) {
            throw args.fail("content.error.not-published", item.ref(), ctx.t(item.stage().key()));
        }
        item.record(values.get("reads"), values.get("likes"), values.get("shares"), values.get("comments"));
        items.save(item);
        ctx.reply(ctx.t("content.metrics.done", item.ref(), item.title(), metricsText(ctx.texts(), item)));
    }

    private static String metricsText(Texts t, ContentItem item) {
        return t.t("content.metrics.line", n(item.reads()), n(item.likes()), n(item.shares()), n(item.comments()));
    }

    private static String n(Integer v) {
        return v == null ? "–" : String.valueOf(v);
    }

    private void top(Context ctx, Member me, Args args) {
        args.expectEnd();
        Instant since = ctx.instant().minus(Duration.ofDays(7));
        List<ContentItem> published = items.findByWorkspaceOrderByPublishAt(me.workspace()).stream()
                .filter(i -> i.stage() == Stage.PUBLISHED && i.publishedAt() != null && !i.publishedAt().isBefore(since))
                .sorted(Comparator.comparing((ContentItem i) -> i.reads() == null ? -1 : i.reads()).reversed()
                        .thenComparing(i -> i.likes() == null ? -1 : -i.likes()))
                .limit(5).toList();
        if (published.isEmpty()) {
            ctx.reply(ctx.t("content.top.empty"));
            return;
        }
        List<String> lines = new ArrayList<>();
        int rank = 1;
        for (ContentItem i : published) {
            lines.add(rank++ + ". " + i.ref() + " " + ctx.t(i.platform().key()) + " “" + i.title() + "” · "
                    + metricsText(ctx.texts(), i));
        }
        ctx.reply(new Reply.Card(ctx.t("content.top.title"), lines, List.of(), List.of(), null));
    }

    // ---- set-up ---------------------------------------------------------------------------------------------

    private void channelOwner(Context ctx, Member me, Args args) {
        String word = args.word("content.error.platform-missing");
        Platform platform = Platform.parse(word).orElseThrow(() -> args.fail("content.error.bad-platform", word));
        Member who = team.mentioned(me, args.next("error.mention-missing"), "content.channel");
        args.expectEnd();
        if (!me.isAdmin() && me.role() != Role.MANAGER) {
            throw new UsageException(null, "content.error.managers-only");
        }
        ContentChannel channel = channels.findByWorkspaceAndPlatform(me.workspace(), platform)
                .orElseGet(() -> ContentChannel.of(me.workspace(), platform, who.id()));
        channel.runBy(who.id());
        channels.save(channel);
        ctx.reply(ctx.t("content.channel.done", ctx.t(platform.key()), who.displayName()));
    }

    private void feed(Context ctx, Member me, Args args) {
        boolean reset = args.take("reset").isPresent();
        args.expectEnd();
        CalendarFeeds.Links links = feeds.linksFor(me, reset);
        ctx.reply(ctx.t(reset ? "content.feed.reset" : "content.feed", links.team(), links.personal()));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private ContentItem requireItem(Member me, Args args) {
        String ref = args.word("content.error.item-missing");
        Matcher m = REF.matcher(ref);
        return (m.matches() ? items.findById(Long.parseLong(m.group(1))) : Optional.<ContentItem>empty())
                .filter(i -> i.workspace().equals(me.workspace()))
                .orElseThrow(() -> args.fail("content.error.unknown-item", ref));
    }

    /** The owner, their manager or an admin. */
    private boolean mayChange(Member me, ContentItem item) {
        return team.canManage(me, team.member(item.ownerId()));
    }

    private static String when(Context ctx, Instant at, Member viewer) {
        return when(ctx.texts(), at, viewer);
    }

    private static String when(Texts t, Instant at, Member viewer) {
        return t.dateTime(at, viewer.zone());
    }
}
