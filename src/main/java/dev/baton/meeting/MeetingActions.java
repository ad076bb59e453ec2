package dev.baton.meeting;

import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.conversation.Texts;
import dev.baton.conversation.Token;
import dev.baton.conversation.UsageException;
import dev.baton.conversation.When;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Action items after a meeting: each owner's list, done, more time, and the buttons on their reminders. */
@Component
class MeetingActions {

    private final MeetingSeriesRepository seriesRepo;
    private final Meetings meetings;
    private final ActionItems actions;
    private final MeetingView view;
    private final MeetingLifecycle lifecycle;
    private final MeetingFinder finder;
    private final Team team;

    MeetingActions(MeetingSeriesRepository seriesRepo, Meetings meetings, ActionItems actions, MeetingView view,
            MeetingLifecycle lifecycle, MeetingFinder finder, Team team) {
        this.seriesRepo = seriesRepo;
        this.meetings = meetings;
        this.actions = actions;
        this.view = view;
        this.lifecycle = lifecycle;
        this.finder = finder;
        this.team = team;
    }

    void listActions(Context ctx, Member me, Args args) {
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
            MeetingSeries s = finder.series(me, args);
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

    void done(Context ctx, Member me, ActionItem a) {
        finder.requireActionOwner(me, a);
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

    void extend(Context ctx, Member me, Args args) {
        ActionItem a = finder.actionItem(me, args);
        Token d = args.next("meeting.error.due-missing");
        LocalDate due = When.date(d.text(), ctx.now().toLocalDate())
                .orElseThrow(() -> args.fail("error.bad-date", d.text()));
        String reason = args.hasMore() ? args.next("meeting.error.reason-missing").text().strip() : null;
        args.expectEnd();
        extend(ctx, me, a, due, reason, "meeting.extend");
    }

    void extend(Context ctx, Member me, ActionItem a, LocalDate due, String reason, String usage) {
        finder.requireActionOwner(me, a);
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

    void onButton(Context ctx, Inbound.ButtonAction action) {
        Member me = team.member(ctx.speaker().memberId());
        switch (action.actionId()) {
            case MeetingView.ACTION_DONE -> done(ctx, me, finder.actionById(me, action.value()));
            case MeetingView.ACTION_MORE_TIME -> {
                ActionItem a = finder.actionById(me, action.value());
                finder.requireActionOwner(me, a);
                ctx.openForm(new Reply.Form(MeetingCommands.FORM_EXTEND, ctx.t("meeting.form.extend"),
                        ctx.t("meeting.form.save"),
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
}
