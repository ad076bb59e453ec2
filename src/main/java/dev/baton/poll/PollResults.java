package dev.baton.poll;

import dev.baton.conversation.Context;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.conversation.Texts;
import dev.baton.conversation.UsageException;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** A poll's end and what it shows: closing, results, the chart, the CSV export, the list of polls. */
@Component
class PollResults {

    private final Polls polls;
    private final Ballots ballots;
    private final PollView view;
    private final PollLifecycle lifecycle;
    private final Team team;

    PollResults(Polls polls, Ballots ballots, PollView view, PollLifecycle lifecycle, Team team) {
        this.polls = polls;
        this.ballots = ballots;
        this.view = view;
        this.lifecycle = lifecycle;
        this.team = team;
    }

    void close(Context ctx, Member me, Poll poll) {
        requireOwner(me, poll, "poll.error.not-yours-close");
        if (!poll.open()) {
            throw new UsageException(null, "poll.error.already-closed", poll.ref());
        }
        lifecycle.close(poll, ctx.instant());
        ctx.reply(ctx.t("poll.closed", poll.ref(), poll.question()));
    }

    void results(Context ctx, Member me, Poll poll) {
        PollView.Tally tally = view.tally(poll);
        boolean owner = poll.creatorId() == me.id() || me.isAdmin();
        String withheld = view.withheld(poll, tally, owner, ctx.texts());
        if (withheld != null) {
            ctx.reply(ctx.t("poll.results.withheld", poll.ref(), withheld));
            return;
        }
        List<String> lines = new ArrayList<>();
        int base = poll.multiple() ? tally.voters() : tally.choices();
        for (PollOption o : poll.options()) {
            int n = tally.count(o.position());
            lines.add(o.label() + ": " + ctx.t("poll.result", PollView.percent(n, base), n));
        }
        view.summary(poll, tally, ctx.texts()).ifPresent(lines::add);
        ctx.reply(new Reply.Card(ctx.t("poll.results.title", poll.ref(), poll.question()), lines, List.of(),
                List.of(), ctx.t("poll.voters", tally.voters())));
    }

    void chart(Context ctx, Member me, Poll poll) {
        PollView.Tally tally = view.tally(poll);
        boolean owner = poll.creatorId() == me.id() || me.isAdmin();
        String withheld = view.withheld(poll, tally, owner, ctx.texts());
        if (withheld != null) {
            throw new UsageException(null, "poll.results.withheld", poll.ref(), withheld);
        }
        // images cannot be ephemeral: the chart comes as a direct message
        ctx.send(new Target.Direct(ctx.origin().userId()), view.chart(poll, tally));
        ctx.reply(ctx.t("poll.chart.sent", poll.ref()));
    }

    void export(Context ctx, Member me, Poll poll) {
        requireOwner(me, poll, "poll.error.not-yours-export");
        PollView.Tally tally = view.tally(poll);
        if (poll.anonymous() && tally.voters() < poll.minVoters()) {
            throw new UsageException(null, "poll.error.export-withheld", poll.ref(), poll.minVoters(),
                    tally.voters());
        }
        ctx.send(new Target.Direct(ctx.origin().userId()), view.csv(poll, ctx.texts()));
        ctx.reply(ctx.t("poll.export.sent", poll.ref()));
    }

    void list(Context ctx, Member me) {
        List<Poll> mine = polls.findTop20ByCreatorIdOrderByIdDesc(me.id());
        if (mine.isEmpty()) {
            ctx.reply(ctx.t("poll.list.empty"));
            return;
        }
        Texts t = ctx.texts();
        List<String> lines = mine.stream().map(p -> t.t(p.open() ? "poll.list.open" : "poll.list.closed", p.ref(),
                p.question(), ballots.voters(p.id()))).toList();
        ctx.reply(new Reply.Card(ctx.t("poll.list.title"), lines, List.of(), List.of(), ctx.t("poll.list.footer")));
    }

    void requireOwner(Member me, Poll poll, String key) {
        if (poll.creatorId() != me.id() && !me.isAdmin()) {
            throw new UsageException(null, key, poll.ref(), team.member(poll.creatorId()).displayName());
        }
    }
}
