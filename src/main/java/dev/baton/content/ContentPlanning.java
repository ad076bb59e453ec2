package dev.baton.content;

import dev.baton.calendar.WorkingCalendar;
import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Reply;
import dev.baton.conversation.UsageException;
import dev.baton.conversation.When;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Planning a post, typed ({@code /content plan "Title" wechat wed 20:00 review @carol}) or through its form: the
 * milestones before it, who reviews it, a warning for a milestone on a day off, and its reminders.
 */
@Component
class ContentPlanning {

    private final WorkingCalendar calendar;
    private final ContentItems items;
    private final ContentReminders reminders;
    private final Team team;

    ContentPlanning(ContentItems items, ContentReminders reminders, Team team, WorkingCalendar calendar) {
        this.calendar = calendar;
        this.items = items;
        this.reminders = reminders;
        this.team = team;
    }

    void plan(Context ctx, Member me, Args args) {
        if (!args.hasMore() && ctx.origin().triggerId() != null) {
            ctx.openForm(planForm(ctx, me));
            return;
        }
        String title = args.phrase("content.error.title-missing", ContentCommands.OPTION_WORDS);
        String platformWord = args.word("content.error.platform-missing");
        Platform platform = Platform.parse(platformWord)
                .orElseThrow(() -> args.fail("content.error.bad-platform", platformWord));
        ZonedDateTime now = ctx.now();
        Instant publishAt = When.dateTime(args, now, ContentCommands.DEFAULT_PUBLISH_TIME, "content.error.when-missing",
                "error.bad-date").toInstant();
        Member owner = me;
        Member reviewer = null;
        String campaign = null;
        Instant draftDue = null;
        Instant reviewDue = null;
        while (args.hasMore()) {
            String opt = args.take(ContentCommands.OPTION_WORDS)
                    .orElseThrow(() -> args.fail("error.unexpected", args.peek().orElseThrow().text()));
            switch (opt) {
                case "review", "reviewer" -> reviewer = team.mentioned(me, args.next("error.mention-missing"),
                        "content.plan");
                case "owner" -> owner = team.mentioned(me, args.next("error.mention-missing"), "content.plan");
                case "campaign" -> campaign = args.phrase("content.error.campaign-missing",
                        ContentCommands.OPTION_WORDS);
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
        // milestones default to two days and one day before publishing; one that would already be past falls on the
        // publish time (a post planned an hour ahead is not overdue at once), and a draft never after its review
        if (reviewDue == null) {
            reviewDue = aheadOr(publishAt.minus(Duration.ofDays(1)), publishAt, ctx.instant());
        }
        if (draftDue == null) {
            draftDue = earliest(aheadOr(publishAt.minus(Duration.ofDays(2)), publishAt, ctx.instant()), reviewDue);
        }
        if (reviewDue.isAfter(publishAt) || draftDue.isAfter(reviewDue)) {
            throw new UsageException(usage, "content.error.milestones-order");
        }
        ContentItem item = items.save(ContentItem.plan(me.workspace(), title, platform, owner.id(),
                reviewer == null ? null : reviewer.id(), campaign, draftDue, reviewDue, publishAt, ctx.instant()));
        reminders.plan(item, ctx.instant());
        String planned = reviewer == null
                // nobody can approve it yet: no approval deadline, and say how to get a reviewer (#30 item 19)
                ? ctx.t("content.planned.no-reviewer", item.ref(), item.title(), ctx.t(platform.key()),
                        ContentCommands.when(ctx, publishAt, me), owner.displayName(),
                        ContentCommands.when(ctx, draftDue, me))
                : ctx.t("content.planned", item.ref(), item.title(), ctx.t(platform.key()),
                        ContentCommands.when(ctx, publishAt, me), owner.displayName(), reviewer.displayName(),
                        ContentCommands.when(ctx, draftDue, me), ContentCommands.when(ctx, reviewDue, me));
        ctx.reply(planned + dayOffNote(ctx, owner, draftDue, reviewer == null ? null : reviewDue));
    }

    /**
     * A milestone (draft, approval) on a day off — a weekend or a public holiday — in the owner's calendar: said
     * when the post is planned, so someone moves it while there is time (publishing on a weekend is normal).
     */
    private String dayOffNote(Context ctx, Member owner, Instant draftDue, Instant reviewDue) {
        java.util.function.Predicate<java.time.LocalDate> workday = calendar.workdays(team.calendarOf(owner));
        List<String> off = new ArrayList<>();
        for (Instant due : reviewDue == null ? List.of(draftDue) : List.of(draftDue, reviewDue)) {
            java.time.LocalDate day = due.atZone(owner.zone()).toLocalDate();
            if (!workday.test(day) && !off.contains(ctx.texts().date(day))) {
                off.add(ctx.texts().date(day));
            }
        }
        return off.isEmpty() ? "" : "\n" + ctx.t("content.planned.day-off", String.join(", ", off));
    }

    private static Instant aheadOr(Instant wanted, Instant otherwise, Instant now) {
        return wanted.isAfter(now) ? wanted : otherwise;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private Reply.Form planForm(Context ctx, Member me) {
        List<Reply.Option> platforms = new ArrayList<>();
        for (Platform p : Platform.values()) {
            platforms.add(new Reply.Option(p.name(), ctx.t(p.key())));
        }
        List<Reply.Option> reviewers = team.peopleToPick(me).stream()
                .filter(o -> !o.value().equals(me.platformUserId())).toList();
        return new Reply.Form(ContentCommands.FORM_PLAN, ctx.t("content.form.plan"), ctx.t("content.form.save"),
                List.of(
                new Reply.FormField("title", ctx.t("content.form.title"), Reply.FormField.Kind.TEXT, false, null,
                        List.of(), null),
                new Reply.FormField("platform", ctx.t("content.field.platform"), Reply.FormField.Kind.SELECT, false,
                        Platform.WECHAT.name(), platforms, null),
                new Reply.FormField("when", ctx.t("content.form.when"), Reply.FormField.Kind.TEXT, false, null,
                        List.of(), ctx.t("content.form.when-hint")),
                new Reply.FormField("reviewer", ctx.t("content.field.reviewer"), Reply.FormField.Kind.PERSON, true,
                        null, reviewers, null),
                new Reply.FormField("campaign", ctx.t("content.field.campaign"), Reply.FormField.Kind.TEXT, true,
                        null, List.of(), null)), "");
    }

    /** The plan form sent back: each problem at its field, the post planned once all are right. */
    void onPlanForm(Context ctx, Member me, Map<String, String> v) {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
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
        Member reviewer = team.picked(me, v.get("reviewer")).orElse(null);
        if (reviewer != null && reviewer.id() == me.id()) {
            errors.put("reviewer", ctx.t("content.error.self-review"));
        }
        if (!errors.isEmpty()) {
            ctx.formErrors(errors);
            return;
        }
        create(ctx, me, title, platform.get(), publishAt, me, reviewer, blank(v.get("campaign")), null, null,
                "content.plan");
    }

    /** A time typed into a form; a problem goes to {@code errors} under {@code when} (then null). */
    static Instant formTime(Context ctx, String text, Map<String, String> errors) {
        try {
            Instant at = When.dateTime(Args.of(text == null ? "" : text), ctx.now(),
                    ContentCommands.DEFAULT_PUBLISH_TIME, "content.form.error.when", "content.form.error.when")
                    .toInstant();
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
}
