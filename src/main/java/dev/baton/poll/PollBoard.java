package dev.baton.poll;

import dev.baton.conversation.Texts;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

/**
 * Recent polls with their results, for the managers' read-only dashboard. The same rules as in the channel hold:
 * hidden results stay hidden until close, anonymous results need their minimum of voters, and no name is shown.
 */
@Service
public class PollBoard {

    private final Polls polls;
    private final PollView view;
    private final MessageSource messages;

    PollBoard(Polls polls, PollView view, MessageSource messages) {
        this.polls = polls;
        this.view = view;
        this.messages = messages;
    }

    public record Option(String label, int votes, int percent) {
    }

    /**
     * {@code withheld} says why results are not shown (then options carry no numbers and there is no chart);
     * {@code summary} is the Likert mean or the NPS when there is one.
     */
    public record Result(String ref, String question, String channel, boolean open, boolean anonymous, int voters,
            Instant createdAt, Instant closedAt, String withheld, String summary, List<Option> options,
            byte[] chartPng) {
    }

    /** The workspace's twenty newest polls, newest first, texts in {@code locale}. */
    public List<Result> recent(String workspace, Locale locale) {
        Texts t = new Texts(messages, locale);
        return polls.findTop20ByWorkspaceOrderByCreatedAtDesc(workspace).stream().map(poll -> {
            PollView.Tally tally = view.tally(poll);
            String withheld = view.withheld(poll, tally, false, t);
            int base = poll.multiple() ? tally.voters() : tally.choices();
            List<Option> options = poll.options().stream().map(o -> withheld != null
                    ? new Option(o.label(), 0, 0)
                    : new Option(o.label(), tally.count(o.position()),
                            PollView.percent(tally.count(o.position()), base))).toList();
            return new Result(poll.ref(), poll.question(), poll.channelId(), poll.open(), poll.anonymous(),
                    tally.voters(), poll.createdAt(), poll.closedAt().orElse(null), withheld,
                    withheld == null ? view.summary(poll, tally, t).orElse(null) : null, options,
                    withheld == null && tally.voters() > 0 ? view.chart(poll, tally).png() : null);
        }).toList();
    }
}
