package dev.baton.okr;

import dev.baton.system.RoundTrip;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.stereotype.Component;

/**
 * Writes a check-in and the key result it moves, and reads the owner's key results as they are afterwards (for
 * "still open this week"), all in one round trip. A check-in is the write Baton makes most (everyone, every week, in
 * bursts before a review): Spring Data JDBC's generic save of the two aggregates cost a quarter of a check-in's CPU,
 * and one round trip for the three statements spares both sides two thread switches (BENCHMARKS.md, a few per cent).
 * The key result keeps its optimistic lock: when someone changed it meanwhile the update finds no row
 * at the version read, and the engine runs the command again on fresh data.
 */
@Component
class CheckInLedger {

    private final JdbcOperations jdbc;
    private final OkrRows rows;

    CheckInLedger(JdbcOperations jdbc, OkrRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    /** Stores the check-in made on {@code kr}; returns the key results of its owner, each with its objective. */
    List<OkrRows.WithObjective> record(KeyResult kr, CheckIn checkIn) {
        RoundTrip trip = RoundTrip.on(jdbc);
        RoundTrip.Count updated = trip.update("""
                UPDATE key_result SET current_value = ?, confidence = ?, last_checkin_at = ?, version = version + 1
                WHERE id = ? AND version = ?""",
                kr.currentValue(), kr.confidence(), Timestamp.from(kr.lastCheckinAt()), kr.id(), kr.version());
        // the new row's id is not read back (SELECT LAST_INSERT_ID(), a statement more): nothing asks for it
        trip.update("""
                INSERT INTO check_in (key_result_id, member_id, previous_value, value, confidence, note, blocker,
                    created_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)""",
                checkIn.keyResultId(), checkIn.memberId(), checkIn.previousValue(), checkIn.value(),
                checkIn.confidence(), checkIn.note(), checkIn.blocker(), Timestamp.from(checkIn.createdAt()));
        RoundTrip.Rows<OkrRows.WithObjective> owned = rows.keyResultsOwnedBy(trip, kr.ownerId());
        trip.run();
        if (updated.get() != 1) {
            // the check-in row went in with the rest; the exception rolls the transaction back, it included
            throw new OptimisticLockingFailureException("Key result " + kr.id() + " changed while checking in");
        }
        kr.written();
        checkIn.stored();
        return owned.list();
    }
}
