package dev.baton.okr;

import dev.baton.system.RoundTrip;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reads every check-in makes (its key result, locked, with that key result's objective; the owner's key results
 * for "still open this week", with theirs), as plain statements mapped by hand. Through the repositories each one
 * went through the repository proxy, a transaction interceptor and the generic entity mapping: more CPU than the
 * statement itself under the command benchmark (BENCHMARKS.md). Writes and every other read stay with the
 * repositories.
 */
@Component
class OkrRows {

    private static final List<String> KEY_RESULT_COLUMNS = List.of("id", "objective_id", "owner_id", "title",
            "start_value", "target_value", "current_value", "unit", "confidence", "last_checkin_at", "version");
    private static final List<String> OBJECTIVE_COLUMNS = List.of("id", "workspace", "title", "owner_id",
            "department_id", "period", "parent_id", "created_at", "version");
    /** Where an objective's columns start in a row that begins with a key result's. */
    private static final int OBJECTIVE_AFTER_KEY_RESULT = KEY_RESULT_COLUMNS.size() + 1;

    /**
     * The objective as one JSON array from one subquery: a subquery per column cost the database nine look-ups of the
     * same row, and the statement about twice what the key result alone costs (BENCHMARKS.md); the array costs one.
     * Its time is sent as seconds since the epoch ({@code UNIX_TIMESTAMP} reads it in the session's zone, as the
     * driver does), so no text format of either server is parsed.
     */
    private static final String LOCKED_WITH_OBJECTIVE = "SELECT " + columns("kr.", KEY_RESULT_COLUMNS)
            + ", (SELECT JSON_ARRAY(" + OBJECTIVE_COLUMNS.stream()
                    .map(column -> column.equals("created_at") ? "UNIX_TIMESTAMP(o.created_at)" : "o." + column)
                    .collect(Collectors.joining(", "))
            + ") FROM objective o WHERE o.id = kr.objective_id) FROM key_result kr WHERE kr.id = ? FOR UPDATE";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final RowMapper<WithObjective> LOCKED = (rs, i) -> new WithObjective(keyResult(rs),
            objective(rs.getString(OBJECTIVE_AFTER_KEY_RESULT)));

    private static final String OWNED_WITH_OBJECTIVES = "SELECT " + columns("kr.", KEY_RESULT_COLUMNS) + ", "
            + columns("o.", OBJECTIVE_COLUMNS)
            + " FROM key_result kr JOIN objective o ON o.id = kr.objective_id WHERE kr.owner_id = ? ORDER BY kr.id";

    private static final RowMapper<WithObjective> WITH_OBJECTIVE = (rs, i) -> new WithObjective(keyResult(rs),
            objective(rs, OBJECTIVE_AFTER_KEY_RESULT));

    private final JdbcClient jdbc;

    OkrRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A key result and its objective, as this transaction sees them. */
    record WithObjective(KeyResult keyResult, Objective objective) {
    }

    /**
     * The key result read to be changed, with its objective in the same statement: concurrent check-ins on one key
     * result wait for each other instead of conflicting. The objective's columns come from subqueries, which a
     * locking read does not lock (MySQL and MariaDB alike; {@code OkrRowsTest}), so check-ins on different key
     * results of one objective do not wait for each other, nor does a change to the objective wait for them.
     */
    Optional<WithObjective> keyResultForUpdate(long id) {
        return jdbc.sql(LOCKED_WITH_OBJECTIVE).param(id).query(LOCKED).optional();
    }

    /** The key results someone owns, in the order they were made, each with its objective. */
    List<WithObjective> keyResultsOwnedBy(long ownerId) {
        return jdbc.sql(OWNED_WITH_OBJECTIVES).param(ownerId).query(WITH_OBJECTIVE).list();
    }

    /**
     * {@link #keyResultForUpdate(long)} for several key results in one statement, locked in the order of their ids
     * (as every batch locks them, so two batches wait for each other rather than deadlock); in that order.
     */
    RoundTrip.Rows<WithObjective> keyResultsForUpdate(RoundTrip trip, List<Long> ids) {
        return trip.query(LOCKED_WITH_OBJECTIVE.replace("WHERE kr.id = ? FOR UPDATE", "WHERE kr.id IN (" + RoundTrip.repeated("?", ids.size())
                + ") ORDER BY kr.id FOR UPDATE"), LOCKED, ids.toArray());
    }

    /** {@link #keyResultsOwnedBy(long)} for several owners in one statement, in the order they were made. */
    RoundTrip.Rows<WithObjective> keyResultsOwnedBy(RoundTrip trip, List<Long> ownerIds) {
        return trip.query(OWNED_WITH_OBJECTIVES.replace("WHERE kr.owner_id = ?", "WHERE kr.owner_id IN ("
                + RoundTrip.repeated("?", ownerIds.size()) + ")"), WITH_OBJECTIVE, ownerIds.toArray());
    }

    /** {@link #keyResultsOwnedBy(long)}, read in a round trip with other statements. */
    RoundTrip.Rows<WithObjective> keyResultsOwnedBy(RoundTrip trip, long ownerId) {
        return trip.query(OWNED_WITH_OBJECTIVES, WITH_OBJECTIVE, ownerId);
    }

    Optional<Objective> objective(long id) {
        return jdbc.sql("SELECT " + columns("", OBJECTIVE_COLUMNS) + " FROM objective WHERE id = ?").param(id)
                .query((rs, i) -> objective(rs, 1)).optional();
    }

    private static String columns(String prefix, List<String> names) {
        return names.stream().map(name -> prefix + name).collect(Collectors.joining(", "));
    }

    private static KeyResult keyResult(ResultSet rs) throws SQLException {
        return new KeyResult(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getBigDecimal(5),
                rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getString(8), rs.getInt(9), instant(rs, 10),
                rs.getInt(11));
    }

    /** The objective whose columns start at {@code first}. */
    private static Objective objective(ResultSet rs, int first) throws SQLException {
        return new Objective(rs.getLong(first), rs.getString(first + 1), rs.getString(first + 2),
                rs.getLong(first + 3), (Long) rs.getObject(first + 4, Long.class), rs.getString(first + 5),
                (Long) rs.getObject(first + 6, Long.class), instant(rs, first + 7), rs.getInt(first + 8));
    }

    /** The objective from the locked read's JSON array, its columns in {@link #OBJECTIVE_COLUMNS}' order. */
    private static Objective objective(String json) {
        JsonNode o = JSON.readTree(json);
        return new Objective(o.get(0).asLong(), o.get(1).asString(), o.get(2).asString(), o.get(3).asLong(),
                o.get(4).isNull() ? null : o.get(4).asLong(), o.get(5).asString(),
                o.get(6).isNull() ? null : o.get(6).asLong(),
                o.get(7).isNull() ? null : epoch(o.get(7).decimalValue()), o.get(8).asInt());
    }

    private static Instant epoch(BigDecimal seconds) {
        return Instant.ofEpochSecond(seconds.longValue(),
                seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
