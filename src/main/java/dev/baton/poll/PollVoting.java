package dev.baton.poll;

import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Reply;
import dev.baton.conversation.UsageException;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Clicks on a poll: votes (anonymous ones as keyed hashes) and options people suggest. */
@Component
class PollVoting {

    private final Polls polls;
    private final Ballots ballots;
    private final BallotKeys keys;
    private final PollLifecycle lifecycle;
    private final Team team;

    PollVoting(Polls polls, Ballots ballots, BallotKeys keys, PollLifecycle lifecycle, Team team) {
        this.polls = polls;
        this.ballots = ballots;
        this.keys = keys;
        this.lifecycle = lifecycle;
        this.team = team;
    }

    void onButton(Context ctx, Inbound.ButtonAction action) {
        Member me = team.member(ctx.speaker().memberId());
        switch (action.actionId()) {
            case PollCommands.ACTION_VOTE -> {
                String[] parts = action.value().split(":");
                Poll poll = pollById(me, parts[0]);
                vote(ctx, me, poll, (int) Args.actionId(parts.length > 1 ? parts[1] : ""));
            }
            case PollCommands.ACTION_SUGGEST -> {
                Poll poll = pollById(me, action.value());
                requireAddable(poll);
                ctx.openForm(new Reply.Form(PollCommands.FORM_SUGGEST, ctx.t("poll.form.suggest"), ctx.t("poll.form.add"),
                        List.of(new Reply.FormField("option", ctx.t("poll.form.option"), Reply.FormField.Kind.TEXT,
                                false, null, List.of(), poll.question())), String.valueOf(poll.id())));
            }
            default -> throw new UsageException(null, "error.unknown-action");
        }
    }

    void vote(Context ctx, Member me, Poll poll, int position) {
        if (!poll.open()) {
            throw new UsageException(null, "poll.error.closed", poll.ref());
        }
        PollOption option = poll.option(position).orElseThrow(() -> new UsageException(null, "error.unknown-action"));
        String voter = poll.anonymous() ? keys.voter("poll:" + poll.id(), me.id()) : String.valueOf(me.id());
        Long memberId = poll.anonymous() ? null : me.id();
        if (poll.multiple()) {
            ballots.toggle(poll.id(), voter, position, memberId);
        } else {
            ballots.choose(poll.id(), voter, position, memberId);
        }
        lifecycle.changed(poll, ctx.instant());
        team.weekChanged(List.of(me.id()));
        if (poll.anonymous()) {
            // never the choice itself: this answer passes through the outbox table
            ctx.reply(ctx.t("poll.voted.anonymous", poll.ref()));
            return;
        }
        // a single choice is the one just made
        List<Integer> mine = poll.multiple() ? ballots.choicesOf(poll.id(), voter) : List.of(position);
        String chosen = mine.stream().map(p -> poll.option(p).map(PollOption::label).orElse("?"))
                .collect(Collectors.joining(", "));
        ctx.reply(mine.isEmpty() ? ctx.t("poll.voted.none", poll.ref())
                : ctx.t(poll.multiple() ? "poll.voted.multiple" : "poll.voted.single", poll.ref(), chosen,
                        option.label()));
    }

    void suggest(Context ctx, Member me, Poll poll, String label, String usage) {
        requireAddable(poll);
        String l = label.strip();
        if (l.isEmpty()) {
            throw new UsageException(usage, "poll.error.option-blank");
        }
        if (l.length() > PollCommands.MAX_LABEL) {
            throw new UsageException(usage, "poll.error.option-long", l, PollCommands.MAX_LABEL);
        }
        if (poll.options().stream().anyMatch(o -> o.label().equalsIgnoreCase(l))) {
            throw new UsageException(usage, "poll.error.option-exists", l, poll.ref());
        }
        if (poll.options().size() >= Poll.MAX_OPTIONS) {
            throw new UsageException(null, "poll.error.full", poll.ref(), Poll.MAX_OPTIONS);
        }
        poll.add(l, me.id());
        polls.save(poll);
        lifecycle.changed(poll, ctx.instant());
        ctx.reply(ctx.t("poll.option-added", l, poll.ref()));
    }

    void requireAddable(Poll poll) {
        if (!poll.open()) {
            throw new UsageException(null, "poll.error.closed", poll.ref());
        }
        if (!poll.allowAdd()) {
            throw new UsageException(null, "poll.error.no-adding", poll.ref());
        }
    }

    Poll pollById(Member me, String id) {
        return polls.findById(Args.actionId(id)).filter(p -> p.workspace().equals(me.workspace()))
                .orElseThrow(() -> new UsageException(null, "error.unknown-action"));
    }
}
