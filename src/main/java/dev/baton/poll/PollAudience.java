package dev.baton.poll;

import dev.baton.conversation.Pending;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.schedule.Job;
import dev.baton.schedule.JobHandler;
import dev.baton.schedule.Schedule;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who a channel poll is for, and the polls a person has not answered yet, for their week. A poll's audience is
 * its channel's members Baton knows, asked of the platform by a job right after the poll is posted (Slack's
 * conversations.members, Feishu's chat members; Telegram does not tell a bot, so there polls stay in the channel
 * only). Whether someone voted is read the way a vote is written: their member id for a named poll, their keyed
 * hash for an anonymous one — nothing stored says who voted in an anonymous poll.
 */
@Component
public class PollAudience implements JobHandler {

    static final String KIND = "poll.audience";
    /** A channel bigger than this keeps its poll to the channel. */
    static final int MAX_AUDIENCE = 2000;
    /** Polls with more options than this are answered in the channel; the week says so. */
    static final int MAX_BUTTONS = 4;

    private final Polls polls;
    private final Ballots ballots;
    private final BallotKeys keys;
    private final Schedule schedule;
    private final Team team;
    private final JdbcClient jdbc;

    PollAudience(Polls polls, Ballots ballots, BallotKeys keys, Schedule schedule, Team team, JdbcClient jdbc) {
        this.polls = polls;
        this.ballots = ballots;
        this.keys = keys;
        this.schedule = schedule;
        this.team = team;
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Asks the platform for the channel's members a moment after the poll is posted. */
    void opened(Poll poll, Instant now) {
        schedule.at(KIND + ":" + poll.id(), KIND, String.valueOf(poll.id()), now);
    }

    @Override
    public Optional<Instant> run(Job job) {
        Optional<Poll> found = polls.findById(Long.valueOf(job.payload()));
        if (found.isEmpty() || !found.get().open()) {
            return Optional.empty();
        }
        Poll poll = found.get();
        List<Long> ids = team.channelMembers(team.member(poll.creatorId()), poll.channelId(), MAX_AUDIENCE).stream()
                .map(Member::id).toList();
        for (long id : ids) {
            jdbc.sql("INSERT IGNORE INTO poll_audience (poll_id, member_id) VALUES (?, ?)").params(poll.id(), id)
                    .update();
        }
        team.weekChanged(ids);
        return Optional.empty();
    }

    List<Long> of(long pollId) {
        return jdbc.sql("SELECT member_id FROM poll_audience WHERE poll_id = ?").param(pollId).query(Long.class)
                .list();
    }

    /** Open polls of the person's channels they have not voted in, each with its options as buttons when few. */
    public List<Pending> unvoted(Member me, Texts t) {
        List<Long> ids = jdbc.sql("""
                SELECT p.id FROM poll p JOIN poll_audience a ON a.poll_id = p.id
                WHERE a.member_id = ? AND p.status = 'OPEN' ORDER BY p.closes_at IS NULL, p.closes_at, p.id""")
                .param(me.id()).query(Long.class).list();
        return ids.stream().map(id -> polls.findById(id).orElseThrow()).filter(p -> !voted(p, me)).map(p -> {
            String closes = p.closesAt().map(at -> t.t("week.poll.closes", t.dateTime(at, me.zone())))
                    .orElse(t.t("week.poll.open"));
            List<Reply.Button> buttons = p.options().size() > MAX_BUTTONS ? List.of()
                    : p.options().stream().map(o -> new Reply.Button(o.label(), PollCommands.ACTION_VOTE,
                            p.id() + ":" + o.position(), Reply.Button.Style.DEFAULT)).toList();
            return new Pending(t.t(buttons.isEmpty() ? "week.poll.line.channel" : "week.poll.line", p.ref(),
                    p.question(), closes), buttons);
        }).toList();
    }

    private boolean voted(Poll p, Member me) {
        String voter = p.anonymous() ? keys.voter("poll:" + p.id(), me.id()) : String.valueOf(me.id());
        return !ballots.choicesOf(p.id(), voter).isEmpty();
    }
}
