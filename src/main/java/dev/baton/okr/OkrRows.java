package dev.baton.okr;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The reads every check-in makes (its key result, locked; that key result's objective; the owner's key results for
 * "still open this week"), as plain statements mapped by hand. Through the repositories each one went through the
 * repository proxy, a transaction interceptor and the generic entity mapping: more CPU than the statement itself
 * under the command benchmark (BENCHMARKS.md). Writes and every other read stay with the repositories.
 */
@Component
class OkrRows {

    private static final String KEY_RESULT_COLUMNS = "id, objective_id, owner_id, title, start_value, target_value, "
            + "current_value, unit, confidence, last_checkin_at, version";

    private static final RowMapper<KeyResult> KEY_RESULT = (rs, i) -> new KeyResult(rs.getLong(1), rs.getLong(2),
            rs.getLong(3), rs.getString(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7),
            rs.getString(8), rs.getInt(9), instant(rs, 10), rs.getInt(11));

    private static final RowMapper<Objective> OBJECTIVE = (rs, i) -> new Objective(rs.getLong(1), rs.getString(2),
            rs.getString(3), rs.getLong(4), (Long) rs.getObject(5, Long.class), rs.getString(6),
            (Long) rs.getObject(7, Long.class), instant(rs, 8), rs.getInt(9));

    private final JdbcClient jdbc;

    OkrRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Read to be changed: concurrent check-ins on one key result wait for each other instead of conflicting. */
    Optional<KeyResult> keyResultForUpdate(long id) {
        return jdbc.sql("SELECT " + KEY_RESULT_COLUMNS + " FROM key_result WHERE id = ? FOR UPDATE").param(id)
                .query(KEY_RESULT).optional();
    }

    List<KeyResult> keyResultsOwnedBy(long ownerId) {
        return jdbc.sql("SELECT " + KEY_RESULT_COLUMNS + " FROM key_result WHERE owner_id = ? ORDER BY id")
                .param(ownerId).query(KEY_RESULT).list();
    }

    Optional<Objective> objective(long id) {
        return jdbc.sql("SELECT id, workspace, title, owner_id, department_id, period, parent_id, created_at, version "
                + "FROM objective WHERE id = ?").param(id).query(OBJECTIVE).optional();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
