package dev.baton.okr;

import java.sql.Timestamp;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * Writes a check-in and the key result it moves, in two plain statements. A check-in is the write Baton makes most
 * (everyone, every week, in bursts before a review), and Spring Data JDBC's generic save of the two aggregates cost a
 * quarter of a check-in's CPU (BENCHMARKS.md). The key result keeps its optimistic lock: when someone changed it
 * meanwhile the update finds no row at the version read, and the engine runs the command again on fresh data.
 */
@Component
class CheckInLedger {

    private final JdbcClient jdbc;

    CheckInLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(KeyResult kr, CheckIn checkIn) {
        int updated = jdbc.sql("""
                UPDATE key_result SET current_value = ?, confidence = ?, last_checkin_at = ?, version = version + 1
                WHERE id = ? AND version = ?""")
                .params(kr.currentValue(), kr.confidence(), Timestamp.from(kr.lastCheckinAt()), kr.id(), kr.version())
                .update();
        if (updated != 1) {
            throw new OptimisticLockingFailureException("Key result " + kr.id() + " changed while checking in");
        }
        kr.written();
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO check_in (key_result_id, member_id, previous_value, value, confidence, note, blocker,
                    created_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                .params(checkIn.keyResultId(), checkIn.memberId(), checkIn.previousValue(), checkIn.value(),
                        checkIn.confidence(), checkIn.note(), checkIn.blocker(), Timestamp.from(checkIn.createdAt()))
                .update(key, "id");
        checkIn.stored(key.getKey().longValue());
    }
}
