package dev.baton.poll;

import dev.baton.conversation.Args;
import dev.baton.conversation.CommandHandler;
import dev.baton.conversation.CommandSpec;
import dev.baton.conversation.CommandSpec.Usage;
import dev.baton.conversation.Context;
import dev.baton.conversation.Inbound;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code /poll}: quick polls in a channel — create, vote by button, add options, close, results, chart, CSV. */
@Component
class PollCommands implements CommandHandler {

    static final String ACTION_VOTE = "poll.vote";
    static final String ACTION_SUGGEST = "poll.suggest";
    static final String FORM_NEW = "poll.new";
    static final String FORM_SUGGEST = "poll.suggest-form";
    static final int MAX_LABEL = 75; // Slack shows at most 75 characters on a button
    static final int MAX_QUESTION = 300;

    private static final CommandSpec SPEC = new CommandSpec("poll", "poll.summary", List.of(
            new Usage("poll.new", "new \"Question?\" \"Option A\" \"Option B\" … [multi] [anonymous] [hidden] "
                    + "[allow-add] [closes fri 17:00 | for 30m] [min 5]", "poll.help.new"),
            new Usage("poll.likert", "likert \"Statement\" [anonymous] [hidden] [closes … | for …]",
                    "poll.help.likert"),
            new Usage("poll.nps", "nps \"How likely are you to recommend …?\" [anonymous] [hidden] "
                    + "[closes … | for …]", "poll.help.nps"),
            new Usage("poll.followup", "followup P-1 \"Question?\" \"Option A\" \"Option B\" … [options as for new]",
                    "poll.help.followup"),
            new Usage("poll.add", "add P-1 \"Another option\"", "poll.help.add"),
            new Usage("poll.close", "close P-1", "poll.help.close"),
            new Usage("poll.results", "results P-1", "poll.help.results"),
            new Usage("poll.chart", "chart P-1", "poll.help.chart"),
            new Usage("poll.export", "export P-1", "poll.help.export"),
            new Usage("poll.list", "list", "poll.help.list")));

    private final Polls polls;
    private final PollVoting voting;
    private final PollResults results;
    private final PollCreation creation;
    private final Team team;

    PollCommands(Polls polls, PollVoting voting, PollResults results, PollCreation creation, Team team) {
        this.polls = polls;
        this.voting = voting;
        this.results = results;
        this.creation = creation;
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
            results.list(ctx, me);
            return;
        }
        String sub = args.subcommand("poll", "new", "likert", "nps", "followup", "add", "close", "results", "chart",
                "export", "list");
        Args a = args.forUsage("poll." + sub);
        switch (sub) {
            case "new" -> {
                if (!a.hasMore() && ctx.origin().triggerId() != null) {
                    PollCreation.requireChannel(ctx);
                    ctx.openForm(creation.newForm(ctx));
                    return;
                }
                creation.create(ctx, me, a, Poll.Kind.CHOICE, null);
            }
            case "likert" -> creation.create(ctx, me, a, Poll.Kind.LIKERT, null);
            case "nps" -> creation.create(ctx, me, a, Poll.Kind.NPS, null);
            case "followup" -> {
                Poll earlier = requirePoll(me, a);
                creation.create(ctx, me, a, Poll.Kind.CHOICE, earlier);
            }
            case "add" -> {
                Poll poll = requirePoll(me, a);
                String label = a.phrase("poll.error.option-missing");
                a.expectEnd();
                voting.suggest(ctx, me, poll, label, "poll.add");
            }
            case "close" -> results.close(ctx, me, requireEnd(requirePoll(me, a), a));
            case "results" -> results.results(ctx, me, requireEnd(requirePoll(me, a), a));
            case "chart" -> results.chart(ctx, me, requireEnd(requirePoll(me, a), a));
            case "export" -> results.export(ctx, me, requireEnd(requirePoll(me, a), a));
            default -> {
                a.expectEnd();
                results.list(ctx, me);
            }
        }
    }

    @Override
    public void onForm(Context ctx, Inbound.FormSubmission form) {
        creation.onForm(ctx, form);
    }

    // ---- finding polls ----------------------------------------------------------------------------------------

    private Poll requirePoll(Member me, Args args) {
        long id = args.ref('P', "poll.error.ref-missing", "poll.error.bad-ref");
        return polls.findByWorkspaceAndNumber(me.workspace(), id)
                .orElseThrow(() -> args.fail("poll.error.no-such", "P-" + id));
    }

    private static Poll requireEnd(Poll poll, Args args) {
        args.expectEnd();
        return poll;
    }

    @Override
    public void onButton(Context ctx, Inbound.ButtonAction action) {
        voting.onButton(ctx, action);
    }
}
