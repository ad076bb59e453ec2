package dev.baton.content;

import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.conversation.Texts;
import dev.baton.conversation.UsageException;
import dev.baton.conversation.When;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** Changes to a planned post: its stage, the reviewer's approval, its time, its owner or reviewer. */
@Component
class ContentChanges {

    private final ContentItems items;
    private final ContentReminders reminders;
    private final Team team;

    ContentChanges(ContentItems items, ContentReminders reminders, Team team) {
        this.items = items;
        this.reminders = reminders;
        this.team = team;
    }

    void move(Context ctx, Member me, Args args) {
        ContentItem item = ContentCommands.requireItem(items, me, args);
        String word = args.word("content.error.stage-missing");
        args.expectEnd();
        Stage target = Stage.parse(word).orElseThrow(() -> args.fail("content.error.bad-stage", word));
        if (target == Stage.APPROVED) {
            approve(ctx, me, item);
            return;
        }
        boolean reviewer = item.reviewerId() != null && item.reviewerId() == me.id();
        if (!reviewer && !ContentCommands.mayChange(team, me, item)) {
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
            // without a reviewer nobody can approve it: say what is missing (#30 item 19)
            throw item.reviewerId() == null ? new UsageException(null, "content.error.no-reviewer", item.ref())
                    : args.fail("content.error.needs-approval", item.ref(), ctx.t(item.stage().key()));
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
                            t.t(item.platform().key()), ContentCommands.when(t, item.publishAt(), rev),
                            ContentCommands.when(t, item.reviewDueAt(), rev))), List.of(),
                                    ContentCommands.reviewButtons(t, item), null));
        } else if (before == Stage.IN_REVIEW && target.compareTo(Stage.IN_REVIEW) < 0 && reviewer) {
            Member owner = team.member(item.ownerId());
            ctx.send(new Target.Direct(owner.platformUserId()), new Reply.Text(ctx.texts().in(owner.locale())
                    .t("content.review.changes", me.displayName(), item.ref(), item.title())));
        }
    }

    void approve(Context ctx, Member me, ContentItem item) {
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
                    me.displayName(), item.ref(), item.title(), ContentCommands.when(t, item.publishAt(), owner))));
        }
    }

    void reschedule(Context ctx, Member me, Args args) {
        ContentItem item = ContentCommands.requireItem(items, me, args);
        Instant newTime = When.dateTime(args, ctx.now(), ContentCommands.DEFAULT_PUBLISH_TIME,
                "content.error.when-missing",
                "error.bad-date").toInstant();
        args.expectEnd();
        if (!newTime.isAfter(ctx.instant())) {
            throw args.fail("content.error.in-past");
        }
        reschedule(ctx, me, item, newTime);
    }

    void reschedule(Context ctx, Member me, ContentItem item, Instant newTime) {
        if (!ContentCommands.mayChange(team, me, item)) {
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
        ctx.reply(ctx.t("content.rescheduled", item.ref(), item.title(), ContentCommands.when(ctx, before, me),
                ContentCommands.when(ctx, newTime, me)));
    }

    void assign(Context ctx, Member me, Args args, boolean asReviewer) {
        ContentItem item = ContentCommands.requireItem(items, me, args);
        Member who = team.mentioned(me, args.next("error.mention-missing"),
                asReviewer ? "content.reviewer" : "content.reassign");
        args.expectEnd();
        assign(ctx, me, item, who, asReviewer);
    }

    void assign(Context ctx, Member me, ContentItem item, Member who, boolean asReviewer) {
        String usage = asReviewer ? "content.reviewer" : "content.reassign";
        if (!ContentCommands.mayChange(team, me, item)) {
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
                    item.title(), t.t(item.platform().key()), ContentCommands.when(t, item.publishAt(), who))));
        }
    }
}
