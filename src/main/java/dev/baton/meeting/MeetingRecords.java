package dev.baton.meeting;

import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.conversation.Token;
import dev.baton.conversation.UsageException;
import dev.baton.conversation.When;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import org.springframework.stereotype.Component;

/** A meeting's agenda before it and its record after: talking points, decisions, action items, the minutes. */
@Component
class MeetingRecords {

    private final MeetingSeriesRepository seriesRepo;
    private final Meetings meetings;
    private final ActionItems actions;
    private final MeetingView view;
    private final MeetingLifecycle lifecycle;
    private final MeetingFinder finder;
    private final Team team;

    MeetingRecords(MeetingSeriesRepository seriesRepo, Meetings meetings, ActionItems actions, MeetingView view,
            MeetingLifecycle lifecycle, MeetingFinder finder, Team team) {
        this.seriesRepo = seriesRepo;
        this.meetings = meetings;
        this.actions = actions;
        this.view = view;
        this.lifecycle = lifecycle;
        this.finder = finder;
        this.team = team;
    }

    void agenda(Context ctx, Member me, Args args) {
        MeetingSeries s = finder.series(me, args);
        finder.requireParticipant(me, s);
        Meeting m = finder.upcoming(s, ctx.instant());
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
                    Matcher mm = MeetingCommands.MINUTES.matcher(t.text());
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
                Meeting current = finder.recording(s, ctx.instant()).orElse(m);
                finder.requireRecorder(me, s, current);
                if (current.item(position).isEmpty()) {
                    throw args.fail("meeting.error.no-item", position, s.ref());
                }
                current.discussed(position);
                meetings.save(current);
                ctx.reply(ctx.t("meeting.agenda.discussed", position, current.item(position).orElseThrow().title()));
            }
        }
    }

    void decide(Context ctx, Member me, Args args) {
        MeetingSeries s = finder.series(me, args);
        Meeting m = finder.recording(s, ctx.instant())
                .orElseThrow(() -> new UsageException(null, "meeting.error.not-held", s.ref()));
        finder.requireRecorder(me, s, m);
        String text = args.quoted("meeting.error.decision-missing");
        args.expectEnd();
        Decision d = m.decide(text, me.id());
        meetings.save(m);
        ctx.reply(ctx.t("meeting.decided", d.position(), d.text(), s.ref()));
    }

    void action(Context ctx, Member me, Args args) {
        MeetingSeries s = finder.series(me, args);
        Meeting m = finder.recording(s, ctx.instant())
                .orElseThrow(() -> new UsageException(null, "meeting.error.not-held", s.ref()));
        finder.requireRecorder(me, s, m);
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

    void publish(Context ctx, Member me, MeetingSeries s) {
        Meeting m = finder.recording(s, ctx.instant())
                .orElseThrow(() -> new UsageException(null, "meeting.error.not-held", s.ref()));
        finder.requireRecorder(me, s, m);
        if (m.decisions().isEmpty() && actions.findByMeetingIdOrderById(m.id()).isEmpty()) {
            throw new UsageException(null, "meeting.error.minutes-empty", s.ref());
        }
        lifecycle.publishMinutes(s, m, ctx.instant(), false);
        ctx.reply(ctx.t("meeting.minutes.published", s.ref(), s.participantIds().size()));
    }

    Reply.Form recordForm(Context ctx, MeetingSeries s) {
        List<Reply.Option> people = s.participantIds().stream()
                .map(id -> new Reply.Option(String.valueOf(id), view.name(id))).toList();
        return new Reply.Form(MeetingCommands.FORM_RECORD, ctx.t("meeting.form.record"), ctx.t("meeting.form.save"),
                List.of(
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

    void submitRecord(Context ctx, Member me, Inbound.FormSubmission form) {
        MeetingSeries s = seriesRepo.findById(Args.actionId(form.metadata())).filter(x -> x.workspace().equals(me.workspace()))
                .orElseThrow(() -> new UsageException(null, "error.unknown-action"));
        Meeting m = finder.recording(s, ctx.instant())
                .orElseThrow(() -> new UsageException(null, "meeting.error.not-held", s.ref()));
        finder.requireRecorder(me, s, m);
        Map<String, String> v = form.values();
        String decision = MeetingCommands.blank(v.get("decision"));
        String action = MeetingCommands.blank(v.get("action"));
        Map<String, String> errors = new LinkedHashMap<>();
        if (decision == null && action == null) {
            errors.put("decision", ctx.t("meeting.form.error.nothing"));
        }
        Optional<Member> owner = Optional.ofNullable(MeetingCommands.blank(v.get("owner"))).flatMap(id -> {
            try {
                return team.find(Long.parseLong(id)).filter(o -> o.workspace().equals(me.workspace()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
        Optional<LocalDate> due = Optional.ofNullable(MeetingCommands.blank(v.get("due")))
                .flatMap(d -> When.date(d, ctx.now().toLocalDate()));
        if (action != null) {
            if (owner.isEmpty()) {
                errors.put("owner", ctx.t("meeting.error.owner-missing"));
            }
            if (due.isEmpty()) {
                errors.put("due", MeetingCommands.blank(v.get("due")) == null ? ctx.t("meeting.error.due-missing")
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
                    MeetingCommands.blank(v.get("deliverable")), due.get(), ctx.instant()));
            done.add(ctx.t("meeting.action.recorded", view.actionLine(a, ctx.texts()), s.ref()));
        }
        done.add(ctx.t("meeting.form.record.more", s.ref()));
        ctx.reply(String.join("\n", done));
    }
}
