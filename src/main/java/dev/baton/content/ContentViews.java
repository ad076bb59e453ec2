package dev.baton.content;

import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.conversation.Token;
import dev.baton.conversation.UsageException;
import dev.baton.team.Member;
import dev.baton.team.Role;
import dev.baton.team.Team;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import org.springframework.stereotype.Component;

/**
 * What {@code /content} shows and records around the plan: one post, week and month views, results after publishing,
 * the top posts, channel owners and calendar feeds.
 */
@Component
class ContentViews {

    private final ContentItems items;
    private final ContentChannels channels;
    private final CalendarFeeds feeds;
    private final Team team;

    ContentViews(ContentItems items, ContentChannels channels, CalendarFeeds feeds, Team team) {
        this.items = items;
        this.channels = channels;
        this.feeds = feeds;
        this.team = team;
    }

    void show(Context ctx, Member me, Args args) {
        ContentItem item = ContentCommands.requireItem(items, me, args);
        args.expectEnd();
        List<Reply.Field> fields = new ArrayList<>();
        fields.add(new Reply.Field(ctx.t("content.field.platform"), ctx.t(item.platform().key())));
        fields.add(new Reply.Field(ctx.t("content.field.stage"), ctx.t(item.stage().key())));
        fields.add(new Reply.Field(ctx.t("content.field.owner"), team.member(item.ownerId()).displayName()));
        fields.add(new Reply.Field(ctx.t("content.field.reviewer"), item.reviewerId() == null
                ? ctx.t("content.nobody") : team.member(item.reviewerId()).displayName()));
        fields.add(new Reply.Field(ctx.t("content.field.draft-due"), ContentCommands.when(ctx, item.draftDueAt(), me)));
        if (item.reviewerId() != null) {
            // nobody can approve a post without a reviewer: no approval deadline to show (#30 item 19)
            fields.add(new Reply.Field(ctx.t("content.field.review-due"), ContentCommands.when(ctx,
                    item.reviewDueAt(), me)));
        }
        fields.add(new Reply.Field(ctx.t("content.field.publish"), ContentCommands.when(ctx, item.publishAt(), me)));
        if (item.campaign() != null) {
            fields.add(new Reply.Field(ctx.t("content.field.campaign"), item.campaign()));
        }
        if (item.reads() != null || item.likes() != null) {
            fields.add(new Reply.Field(ctx.t("content.field.metrics"), metricsText(ctx.texts(), item)));
        }
        List<Reply.Button> buttons = new ArrayList<>();
        if (ContentCommands.next(item.stage()) != item.stage()) {
            buttons.add(new Reply.Button(ctx.t("content.button.advance",
                    ctx.t(ContentCommands.next(item.stage()).key())),
                    ContentCommands.ACTION_ADVANCE, String.valueOf(item.id()), Reply.Button.Style.PRIMARY));
        }
        if (item.stage() != Stage.PUBLISHED) {
            buttons.add(new Reply.Button(ctx.t("content.button.reschedule"), ContentCommands.ACTION_RESCHEDULE,
                    String.valueOf(item.id()), Reply.Button.Style.DEFAULT));
            buttons.add(new Reply.Button(ctx.t("content.button.reassign"), ContentCommands.ACTION_REASSIGN,
                    String.valueOf(item.id()), Reply.Button.Style.DEFAULT));
        }
        ctx.reply(new Reply.Card(item.ref() + " “" + item.title() + "”", List.of(), fields, buttons,
                overdue(item, ctx.instant()) ? ctx.t("content.overdue-note") : null));
    }

    void calendar(Context ctx, Member me, Args args, boolean month) {
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

    static boolean overdue(ContentItem item, Instant now) {
        return item.stage() != Stage.PUBLISHED && !item.dueOfStage().isAfter(now);
    }

    private static final Map<String, String> METRICS = Map.of("reads", "reads", "阅读", "reads", "likes", "likes",
            "点赞", "likes", "shares", "shares", "分享", "shares", "comments", "comments", "评论", "comments");

    void metrics(Context ctx, Member me, Args args) {
        ContentItem item = ContentCommands.requireItem(items, me, args);
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
        if (!ContentCommands.mayChange(team, me, item)) {
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

    static String metricsText(Texts t, ContentItem item) {
        return t.t("content.metrics.line", n(item.reads()), n(item.likes()), n(item.shares()), n(item.comments()));
    }

    static String n(Integer v) {
        return v == null ? "–" : String.valueOf(v);
    }

    void top(Context ctx, Member me, Args args) {
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

    void channelOwner(Context ctx, Member me, Args args) {
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

    void feed(Context ctx, Member me, Args args) {
        boolean reset = args.take("reset").isPresent();
        args.expectEnd();
        CalendarFeeds.Links links = feeds.linksFor(me, reset);
        ctx.reply(ctx.t(reset ? "content.feed.reset" : "content.feed", links.team(), links.personal()));
    }
}
