package dev.baton.poll;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The read every click on a poll makes (the poll with its options), as one plain statement mapped by hand. Through
 * the repository it was two statements, and the repository proxy, its interceptors and the generic entity mapping
 * took more of Baton's CPU during a vote storm than anything else a vote does (BENCHMARKS.md, section 2). The poll
 * comes back as the repository would give it, version included, so it can be saved through the repository.
 */
@Component
class PollRows {

    private static final String WITH_OPTIONS = """
            SELECT p.id, p.workspace, p.channel_id, p.creator_id, p.question, p.kind, p.multiple, p.anonymous,
                p.hidden, p.allow_add, p.min_voters, p.status, p.closes_at, p.closed_at, p.final_voters, p.follows_id,
                p.locale, p.zone, p.created_at, p.version, o.position, o.label, o.added_by
            FROM poll p LEFT JOIN poll_option o ON o.poll_id = p.id WHERE p.id = ?""";

    private final JdbcClient jdbc;

    PollRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Poll> byId(long id) {
        return jdbc.sql(WITH_OPTIONS).param(id).query(PollRows::poll);
    }

    private static Optional<Poll> poll(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return Optional.empty();
        }
        Set<PollOption> options = new HashSet<>();
        // the poll's columns are the same on each of its options' rows: read from the first
        long id = rs.getLong(1);
        String workspace = rs.getString(2);
        String channelId = rs.getString(3);
        long creatorId = rs.getLong(4);
        String question = rs.getString(5);
        Poll.Kind kind = Poll.Kind.valueOf(rs.getString(6));
        boolean multiple = rs.getBoolean(7);
        boolean anonymous = rs.getBoolean(8);
        boolean hidden = rs.getBoolean(9);
        boolean allowAdd = rs.getBoolean(10);
        int minVoters = rs.getInt(11);
        Poll.Status status = Poll.Status.valueOf(rs.getString(12));
        Instant closesAt = instant(rs, 13);
        Instant closedAt = instant(rs, 14);
        Integer finalVoters = rs.getObject(15, Integer.class);
        Long followsId = rs.getObject(16, Long.class);
        String locale = rs.getString(17);
        String zone = rs.getString(18);
        Instant createdAt = instant(rs, 19);
        Integer version = rs.getObject(20, Integer.class);
        do {
            if (rs.getObject(21) != null) {
                options.add(new PollOption(rs.getInt(21), rs.getString(22), rs.getObject(23, Long.class)));
            }
        } while (rs.next());
        return Optional.of(new Poll(id, workspace, channelId, creatorId, question, kind, multiple, anonymous, hidden,
                allowAdd, minVoters, status, closesAt, closedAt, finalVoters, followsId, locale, zone, createdAt, options,
                version));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
