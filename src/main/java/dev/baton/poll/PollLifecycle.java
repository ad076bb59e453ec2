package dev.baton.poll;

import dev.baton.conversation.Deliveries;
import dev.baton.conversation.Delivery;
import dev.baton.conversation.Posted;
import dev.baton.conversation.Target;
import dev.baton.conversation.Texts;
import dev.baton.schedule.Job;
import dev.baton.schedule.JobHandler;
import dev.baton.schedule.Schedule;
import dev.baton.system.BatonProperties;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A poll's life after it is posted: its channel message is refreshed a moment after votes arrive — all votes of
 * that moment in one update, so a vote storm costs a handful of platform calls — and it closes on time or when its
 * creator says so, with the final results, a chart in the channel and a note to the creator.
 */
@Component
class PollLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PollLifecycle.class);
    static final String REFRESH = "poll.refresh";
    static final String CLOSE = "poll.close";
    /** How long to wait for the poll's own message to be sent before giving up on updating it. */
    private static final Duration POST_PATIENCE = Duration.ofHours(6);

    private final Polls polls;
    private final Ballots ballots;
    private final PollView view;
    private final Schedule schedule;
    private final Deliveries deliveries;
    private final Team team;
    private final MessageSource messages;
    private final Duration refreshDelay;
    private final PollAudience audience;

    PollLifecycle(Polls polls, Ballots ballots, PollView view, Schedule schedule, Deliveries deliveries, Team team,
            MessageSource messages, BatonProperties properties, PollAudience audience) {
        this.audience = audience;
        this.polls = polls;
        this.ballots = ballots;
        this.view = view;
        this.schedule = schedule;
        this.deliveries = deliveries;
        this.team = team;
        this.messages = messages;
        this.refreshDelay = properties.polls().refreshDelay();
    }

    void opened(Poll poll) {
        audience.opened(poll, poll.createdAt());
        poll.closesAt().ifPresent(at -> schedule.at(CLOSE + ":" + poll.id(), CLOSE,
                String.valueOf(at.toEpochMilli()), at));
    }

    /** Something shown in the poll's message changed: refresh it soon, together with whatever else changes. */
    void changed(Poll poll, Instant now) {
        schedule.atIfAbsent(REFRESH + ":" + poll.id(), REFRESH, String.valueOf(poll.id()), now.plus(refreshDelay));
    }

    /** Closes the poll now: no more votes, anonymous voters unlinked for good, final results out. */
    void close(Poll poll, Instant now) {
        int voters = ballots.voters(poll.id());
        // those who had not voted had it in their week
        team.weekChanged(audience.of(poll.id()));
        poll.close(now, voters);
        polls.save(poll);
        if (poll.anonymous()) {
            ballots.unlink(poll.id(), BallotKeys.freshSalt());
        }
        schedule.cancel(CLOSE + ":" + poll.id());
        Member creator = team.member(poll.creatorId());
        Optional<Posted> posted = deliveries.posted(poll.postKey());
        if (posted.isPresent()) {
            // the final state goes out at once, not after the refresh delay
            schedule.cancel(REFRESH + ":" + poll.id());
            deliveries.enqueue(new Delivery(creator.platform(), creator.workspace(),
                    new Target.Update(posted.get().channelId(), posted.get().messageId(), null),
                    view.message(poll, poll.followsId().flatMap(polls::findById).orElse(null)),
                    "poll:" + poll.id() + ":final"));
        } else {
            schedule.at(REFRESH + ":" + poll.id(), REFRESH, String.valueOf(poll.id()), now);
        }
        Texts t = view.texts(poll);
        PollView.Tally tally = view.tally(poll);
        boolean shown = view.withheld(poll, tally, false, t) == null && tally.voters() > 0;
        if (shown) {
            deliveries.enqueue(new Delivery(creator.platform(), creator.workspace(),
                    new Target.Channel(poll.channelId()), view.chart(poll, tally), "poll:" + poll.id() + ":chart"));
        }
        Texts ct = new Texts(messages, creator.locale());
        String note = voters == 0 ? ct.t("poll.closed.note.none", poll.ref(), poll.question())
                : shown ? ct.t("poll.closed.note", poll.ref(), poll.question(), voters)
                : ct.t("poll.closed.note.withheld", poll.ref(), poll.question(), voters, poll.minVoters());
        deliveries.enqueue(creator.dm(new dev.baton.conversation.Reply.Text(note), "poll:" + poll.id() + ":closed"));
    }

    /** Re-renders the poll's message where it landed. */
    @Component
    static class Refresh implements JobHandler {

        private final Polls polls;
        private final PollView view;
        private final Deliveries deliveries;
        private final Team team;
        private final Clock clock;

        Refresh(Polls polls, PollView view, Deliveries deliveries, Team team, Clock clock) {
            this.polls = polls;
            this.view = view;
            this.deliveries = deliveries;
            this.team = team;
            this.clock = clock;
        }

        @Override
        public String kind() {
            return REFRESH;
        }

        @Override
        public Optional<Instant> run(Job job) {
            Optional<Poll> found = polls.findById(Long.valueOf(job.payload()));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Poll poll = found.get();
            Instant now = clock.instant();
            Optional<Posted> posted = deliveries.posted(poll.postKey());
            if (posted.isEmpty()) {
                if (now.isBefore(poll.createdAt().plus(POST_PATIENCE))) {
                    return Optional.of(now.plusSeconds(5)); // the poll itself is still on its way
                }
                log.warn("Poll {} was never posted; its message cannot be updated", poll.id());
                return Optional.empty();
            }
            Poll follows = poll.followsId().flatMap(polls::findById).orElse(null);
            Member creator = team.member(poll.creatorId());
            deliveries.enqueue(new Delivery(creator.platform(), creator.workspace(),
                    new Target.Update(posted.get().channelId(), posted.get().messageId(), null),
                    view.message(poll, follows), "poll:" + poll.id() + ":refresh:" + now.toEpochMilli()));
            return Optional.empty();
        }
    }

    /** Closes a poll at its closing time, unless it was closed or given another time meanwhile. */
    @Component
    static class Close implements JobHandler {

        private final Polls polls;
        private final PollLifecycle lifecycle;
        private final Clock clock;

        Close(Polls polls, PollLifecycle lifecycle, Clock clock) {
            this.polls = polls;
            this.lifecycle = lifecycle;
            this.clock = clock;
        }

        @Override
        public String kind() {
            return CLOSE;
        }

        @Override
        public Optional<Instant> run(Job job) {
            long id = Long.parseLong(job.key().substring(job.key().indexOf(':') + 1));
            polls.findById(id)
                    .filter(Poll::open)
                    .filter(p -> p.closesAt().map(at -> at.toEpochMilli() == Long.parseLong(job.payload()))
                            .orElse(false))
                    .ifPresent(p -> lifecycle.close(p, clock.instant()));
            return Optional.empty();
        }
    }
}
