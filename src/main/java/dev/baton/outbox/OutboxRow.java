package dev.baton.outbox;

import java.time.Instant;
import org.springframework.jdbc.core.RowMapper;

/** An outbox row as a worker reads it to send it. */
record OutboxRow(long id, String payload, int attempts, Instant createdAt) {

    static final RowMapper<OutboxRow> MAPPER = (rs, i) -> new OutboxRow(rs.getLong("id"), rs.getString("payload"),
            rs.getInt("attempts"), rs.getTimestamp("created_at").toInstant());

    /** The row as it is once this try is counted. */
    OutboxRow tried() {
        return new OutboxRow(id, payload, attempts + 1, createdAt);
    }
}
