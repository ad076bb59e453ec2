package dev.baton.okr;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The reads every check-in makes (its key result, locked, with that key result's objective; the owner's key results
 * for "still open this week"), as plain statements mapped by hand. Through the repositories each one went through the
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

    private static final String LOCKED_WITH_OBJECTIVE = "SELECT " + KEY_RESULT_COLUMNS + ", "
            + Stream.of("workspace", "title", "owner_id", "department_id", "period", "parent_id", "created_at",
                    "version")
                    .map(column -> "(SELECT o." + column + " FROM objective o WHERE o.id = key_result.objective_id)")
                    .collect(Collectors.joining(", "))
            + " FROM key_result WHERE id = ? FOR UPDATE";

    private static final RowMapper<Locked> LOCKED = (rs, i) -> new Locked(KEY_RESULT.mapRow(rs, i),
            new Objective(rs.getLong(2), rs.getString(12), rs.getString(13), rs.getLong(14),
                    (Long) rs.getObject(15, Long.class), rs.getString(16), (Long) rs.getObject(17, Long.class),
                    instant(rs, 18), rs.getInt(19)));

    private final JdbcClient jdbc;

    OkrRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The key result read to be changed, with its objective in the same statement: concurrent check-ins on one key
     * result wait for each other instead of conflicting. The objective's columns come from subqueries, which a
     * locking read does not lock (MySQL and MariaDB alike; {@code OkrRowsTest}), so check-ins on different key
     * results of one objective do not wait for each other, nor does a change to the objective wait for them.
     */
    Optional<Locked> keyResultForUpdate(long id) {
        return jdbc.sql(LOCKED_WITH_OBJECTIVE).param(id).query(LOCKED).optional();
    }

    /** A key result, locked, and its objective as this transaction sees it. */
    record Locked(KeyResult keyResult, Objective objective) {
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
