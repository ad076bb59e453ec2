package dev.baton.content;

import dev.baton.conversation.Args;
import dev.baton.conversation.CommandHandler;
import dev.baton.conversation.CommandSpec;
import dev.baton.conversation.CommandSpec.Usage;
import dev.baton.conversation.Context;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.conversation.Token;
import dev.baton.conversation.UsageException;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** {@code /content}: plan posts, move them through review to publishing, see the calendar, record results. */
@Component
class ContentCommands implements CommandHandler {

    static final String ACTION_APPROVE = "content.approve";
    static final String ACTION_CHANGES = "content.changes";
    static final LocalTime DEFAULT_PUBLISH_TIME = LocalTime.of(20, 0);
    private static final Pattern REF = Pattern.compile("(?i)(?:c-?)?(\\d{1,12})");
    static final String[] OPTION_WORDS = {"review", "reviewer", "owner", "campaign", "draft", "approve",
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
    private final ContentPlanning planning;
    private final ContentChanges changes;
    private final ContentViews views;
    private final Team team;

    ContentCommands(ContentItems items, ContentPlanning planning, ContentChanges changes, ContentViews views,
            Team team) {
        this.items = items;
        this.planning = planning;
        this.changes = changes;
        this.views = views;
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
            views.calendar(ctx, me, args.forUsage("content.week"), false);
            return;
        }
        String sub = args.subcommand("content", "plan", "move", "approve", "reschedule", "reassign", "reviewer",
                "show", "week", "month", "metrics", "top", "channel", "feed");
        Args a = args.forUsage("content." + sub);
        switch (sub) {
            case "plan" -> planning.plan(ctx, me, a);
            case "move" -> changes.move(ctx, me, a);
            case "approve" -> changes.approve(ctx, me, requireItem(items, me, a));
            case "reschedule" -> changes.reschedule(ctx, me, a);
            case "reassign", "reviewer" -> changes.assign(ctx, me, a, sub.equals("reviewer"));
            case "show" -> views.show(ctx, me, a);
            case "week" -> views.calendar(ctx, me, a, false);
            case "month" -> views.calendar(ctx, me, a, true);
            case "metrics" -> views.metrics(ctx, me, a);
            case "top" -> views.top(ctx, me, a);
            case "channel" -> views.channelOwner(ctx, me, a);
            default -> views.feed(ctx, me, a);
        }
    }

    static List<Reply.Button> reviewButtons(Texts t, ContentItem item) {
        return List.of(new Reply.Button(t.t("content.button.approve"), ACTION_APPROVE, String.valueOf(item.id()),
                        Reply.Button.Style.PRIMARY),
                new Reply.Button(t.t("content.button.changes"), ACTION_CHANGES, String.valueOf(item.id()),
                        Reply.Button.Style.DEFAULT));
    }

    @Override
    public void onButton(Context ctx, Inbound.ButtonAction action) {
        Member me = team.member(ctx.speaker().memberId());
        ContentItem item = items.findById(Long.valueOf(action.value()))
                .filter(i -> i.workspace().equals(me.workspace()))
                .orElseThrow(() -> new UsageException(null, "error.unknown-action"));
        switch (action.actionId()) {
            case ACTION_APPROVE -> changes.approve(ctx, me, item);
            case ACTION_CHANGES -> changes.move(ctx, me, argsOf(item.ref(), "draft"));
            case ACTION_ADVANCE -> changes.move(ctx, me, argsOf(item.ref(), next(item.stage()).name()));
            case ACTION_RESCHEDULE -> ctx.openForm(new Reply.Form(FORM_RESCHEDULE, ctx.t("content.form.reschedule"),
                    ctx.t("content.form.save"), List.of(new Reply.FormField("when", ctx.t("content.form.when"),
                            Reply.FormField.Kind.TEXT, false, null, List.of(), ctx.t("content.form.when-hint"))),
                    String.valueOf(item.id())));
            case ACTION_REASSIGN -> ctx.openForm(new Reply.Form(FORM_REASSIGN, ctx.t("content.form.reassign"),
                    ctx.t("content.form.save"), List.of(
                            new Reply.FormField("owner", ctx.t("content.field.owner"), Reply.FormField.Kind.PERSON,
                                    false, team.member(item.ownerId()).platformUserId(), team.peopleToPick(me),
                                    null),
                            new Reply.FormField("reviewer", ctx.t("content.field.reviewer"),
                                    Reply.FormField.Kind.PERSON, true, item.reviewerId() == null ? null
                                            : team.member(item.reviewerId()).platformUserId(),
                                    team.peopleToPick(me), null)),
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
    static Stage next(Stage stage) {
        return switch (stage) {
            case IDEA -> Stage.DRAFT;
            case DRAFT -> Stage.IN_REVIEW;
            case APPROVED -> Stage.SCHEDULED;
            case SCHEDULED -> Stage.PUBLISHED;
            default -> stage;
        };
    }

    @Override
    public void onForm(Context ctx, Inbound.FormSubmission form) {
        Member me = team.member(ctx.speaker().memberId());
        Map<String, String> v = form.values();
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        switch (form.formId()) {
            case FORM_PLAN -> planning.onPlanForm(ctx, me, v);
            case FORM_RESCHEDULE -> {
                ContentItem item = formItem(me, form);
                Instant when = ContentPlanning.formTime(ctx, v.get("when"), errors);
                if (!errors.isEmpty()) {
                    ctx.formErrors(errors);
                    return;
                }
                changes.reschedule(ctx, me, item, when);
            }
            case FORM_REASSIGN -> {
                ContentItem item = formItem(me, form);
                Member owner = team.picked(me, v.get("owner")).orElse(null);
                Member reviewer = team.picked(me, v.get("reviewer")).orElse(null);
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
                    changes.assign(ctx, me, item, owner, false);
                }
                if (reviewer != null && !Long.valueOf(reviewer.id()).equals(item.reviewerId())) {
                    changes.assign(ctx, me, items.findById(item.id()).orElseThrow(), reviewer, true);
                }
            }
            default -> throw new UsageException(null, "error.unknown-action");
        }
    }

    private ContentItem formItem(Member me, Inbound.FormSubmission form) {
        return items.findById(Long.valueOf(form.metadata())).filter(i -> i.workspace().equals(me.workspace()))
                .orElseThrow(() -> new UsageException(null, "error.unknown-action"));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static ContentItem requireItem(ContentItems items, Member me, Args args) {
        String ref = args.word("content.error.item-missing");
        Matcher m = REF.matcher(ref);
        return (m.matches() ? items.findByWorkspaceAndNumber(me.workspace(), Long.parseLong(m.group(1)))
                : Optional.<ContentItem>empty())
                .orElseThrow(() -> args.fail("content.error.unknown-item", ref));
    }

    /** The owner, their manager or an admin. */
    static boolean mayChange(Team team, Member me, ContentItem item) {
        return team.canManage(me, team.member(item.ownerId()));
    }

    static String when(Context ctx, Instant at, Member viewer) {
        return when(ctx.texts(), at, viewer);
    }

    static String when(Texts t, Instant at, Member viewer) {
        return t.dateTime(at, viewer.zone());
    }
}
