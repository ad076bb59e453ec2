package dev.baton.lead;

import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.conversation.UsageException;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** What the assignee decides about a lead: accept, decline, move it on, rate its quality for marketing. */
@Component
class LeadDecisions {

    private final Leads leads;
    private final LeadEvents events;
    private final LeadView view;
    private final LeadFlow flow;
    private final Team team;

    LeadDecisions(Leads leads, LeadEvents events, LeadView view, LeadFlow flow, Team team) {
        this.leads = leads;
        this.events = events;
        this.view = view;
        this.flow = flow;
        this.team = team;
    }

    void requireAssignee(Member me, Lead lead) {
        if (lead.assigneeId().map(id -> id == me.id()).orElse(false) || me.isAdmin()) {
            return;
        }
        if (lead.assigneeId().isEmpty()) {
            throw new UsageException(null, "lead.error.unassigned", lead.ref());
        }
        throw new UsageException(null, "lead.error.not-yours", lead.ref(), view.name(lead.assigneeId().get()));
    }

    void accept(Context ctx, Member me, Lead lead) {
        requireAssignee(me, lead);
        if (lead.status() != Lead.Status.HANDED_OFF) {
            throw new UsageException(null, "lead.error.not-waiting", lead.ref(), ctx.t(lead.status().key()));
        }
        flow.accepted(lead, me, ctx.instant());
        ctx.update(new Reply.Text(ctx.t("lead.accepted", lead.ref(), lead.company(),
                LeadView.when(ctx.instant().plus(LeadFlow.CONTACT_WINDOW), me.zone(), ctx.texts()))));
    }

    void decline(Context ctx, Member me, Lead lead, String reason) {
        requireAssignee(me, lead);
        if (lead.status() != Lead.Status.HANDED_OFF) {
            throw new UsageException(null, "lead.error.not-waiting", lead.ref(), ctx.t(lead.status().key()));
        }
        if (reason.isBlank()) {
            throw new UsageException("lead.decline", "lead.error.reason-missing");
        }
        flow.declined(lead, me, reason, ctx.instant());
        ctx.update(new Reply.Text(ctx.t("lead.declined", lead.ref(), lead.company())));
    }

    void status(Context ctx, Member me, Args args) {
        Lead lead = LeadCommands.lead(leads, me, args);
        String word = args.word("lead.error.status-missing");
        Lead.Status to = Arrays.stream(Lead.Status.values())
                .filter(s -> s.name().equalsIgnoreCase(word.replace('-', '_')))
                .findFirst().orElseThrow(() -> args.fail("lead.error.bad-status", word));
        String note = note(args);
        args.expectEnd();
        requireAssignee(me, lead);
        if (lead.status() == Lead.Status.HANDED_OFF) {
            throw new UsageException(null, "lead.error.accept-first", lead.ref());
        }
        if (!lead.status().next().contains(to)) {
            throw new UsageException(null, "lead.error.bad-move", lead.ref(), ctx.t(lead.status().key()),
                    ctx.t(to.key()), lead.status().next().isEmpty() ? ctx.t("lead.nothing")
                            : String.join(", ", lead.status().next().stream()
                                    .map(s -> s.name().toLowerCase(Locale.ROOT)).toList()));
        }
        flow.moved(lead, me, to, note, ctx.instant());
        ctx.reply(ctx.t("lead.moved", lead.ref(), lead.company(), ctx.t(to.key())));
    }

    /** The longest note a lead's history keeps (its column). */
    private static final int MAX_NOTE = 1000;

    /** An optional note after a status change, no longer than the history keeps (else bad input, nothing changed). */
    private static String note(Args args) {
        if (!args.hasMore()) {
            return null;
        }
        String note = args.next("lead.error.value-missing", "note").text().strip();
        if (note.length() > MAX_NOTE) {
            throw args.fail("lead.error.too-long", "note", MAX_NOTE);
        }
        return note;
    }

    /** {@code reopen L-1 ["why"]}: a won, lost or disqualified lead taken up again by its owner (or an admin). */
    void reopen(Context ctx, Member me, Args args) {
        Lead lead = LeadCommands.lead(leads, me, args);
        String note = note(args);
        args.expectEnd();
        requireAssignee(me, lead);
        if (!lead.status().closed()) {
            throw new UsageException(null, "lead.error.not-closed", lead.ref(), ctx.t(lead.status().key()));
        }
        flow.reopened(lead, me, note, ctx.instant());
        ctx.reply(ctx.t("lead.reopened", lead.ref(), lead.company(), ctx.t(lead.status().key())));
    }

    void rate(Context ctx, Member me, Args args) {
        Lead lead = LeadCommands.lead(leads, me, args);
        int stars = args.integer("lead.error.rating-missing", "lead.error.bad-rating", 1, 5);
        args.expectEnd();
        requireAssignee(me, lead);
        if (lead.status() == Lead.Status.HANDED_OFF || lead.status() == Lead.Status.NEW) {
            throw new UsageException(null, "lead.error.rate-first", lead.ref());
        }
        lead.rate(stars);
        leads.save(lead);
        events.add(lead, ctx.instant(), me.id(), "rated", String.valueOf(stars));
        lead.createdBy().filter(id -> id != me.id()).map(team::member).ifPresent(author -> {
            Texts t = flow.texts(author);
            ctx.send(new dev.baton.conversation.Target.Direct(author.platformUserId()),
                    new Reply.Text(t.t("lead.rated.note", me.displayName(), lead.ref(), lead.company(), stars)),
                    "lead:" + lead.id() + ":rated:" + stars + ":" + ctx.instant().getEpochSecond());
        });
        ctx.reply(ctx.t("lead.rated", lead.ref(), stars));
    }

    void onButton(Context ctx, Inbound.ButtonAction action) {
        Member me = team.member(ctx.speaker().memberId());
        Lead lead = LeadCommands.leadById(leads, me, action.value());
        switch (action.actionId()) {
            case LeadView.ACTION_ACCEPT -> accept(ctx, me, lead);
            case LeadView.ACTION_DECLINE -> {
                requireAssignee(me, lead);
                if (lead.status() != Lead.Status.HANDED_OFF) {
                    throw new UsageException(null, "lead.error.not-waiting", lead.ref(), ctx.t(lead.status().key()));
                }
                ctx.openForm(new Reply.Form(LeadCommands.FORM_DECLINE, ctx.t("lead.form.decline"),
                        ctx.t("lead.form.send"),
                        List.of(new Reply.FormField("reason", ctx.t("lead.field.reason"),
                                Reply.FormField.Kind.MULTILINE, false, null, List.of(),
                                ctx.t("lead.field.reason.hint"))), String.valueOf(lead.id())));
            }
            default -> throw new UsageException(null, "error.unknown-action");
        }
    }
}
