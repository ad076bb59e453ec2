package dev.baton.schedule;

import dev.baton.system.BatonProperties;
import java.time.Duration;
import java.util.function.UnaryOperator;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Plans jobs. Scheduling a key that exists moves it, so callers never create duplicates. */
@Service
public class Schedule {

    /** Plans a job unless its key is planned already ({@link #atIfAbsent}). */
    private static final String IF_ABSENT = """
            INSERT INTO scheduled_job (job_key, kind, payload, due_at, attempts) VALUES (?, ?, ?, ?, 0)
            ON DUPLICATE KEY UPDATE job_key = job_key""";

    private final JdbcClient jdbc;
    private final Duration spread;

    Schedule(JdbcClient jdbc, BatonProperties properties) {
        this.jdbc = jdbc;
        this.spread = properties.schedule().spread();
    }

    /**
     * Someone's time for a send that many people get at the same time of day (a weekly prompt at 09:00, a Monday
     * digest): {@code at} plus their own offset within {@code baton.schedule.spread}, the same every week. Feishu
     * throttles bursts on the hour and half hour, and a whole company's prompts at 09:00:00 is one.
     */
    public Instant spread(long who, Instant at) {
        return at.plus(offset(who));
    }

    /**
     * The first of someone's spread times after {@code after}, where {@code next} gives the times themselves (the
     * next Monday 09:00 after an instant).
     */
    public Instant nextSpread(long who, UnaryOperator<Instant> next, Instant after) {
        Duration offset = offset(who);
        return next.apply(after.minus(offset)).plus(offset);
    }

    Duration offset(long who) {
        long seconds = spread.toSeconds();
        if (seconds <= 0) {
            return Duration.ZERO;
        }
        long mixed = who * 0x9E3779B97F4A7C15L; // neighbouring ids land far apart
        return Duration.ofSeconds(Math.floorMod(mixed ^ (mixed >>> 29), seconds));
    }

    public void at(String key, String kind, String payload, Instant dueAt) {
        jdbc.sql("""
                INSERT INTO scheduled_job (job_key, kind, payload, due_at, attempts) VALUES (?, ?, ?, ?, 0)
                ON DUPLICATE KEY UPDATE kind = VALUES(kind), payload = VALUES(payload), due_at = VALUES(due_at),
                    attempts = 0, last_error = NULL""")
                .params(key, kind, payload, Timestamp.from(dueAt))
                .update();
    }

    /**
     * Plans {@code key} unless it is already planned, leaving that plan as it is: many changes within a short time
     * (votes) then share one run instead of each pushing it further away.
     */
    public void atIfAbsent(String key, String kind, String payload, Instant dueAt) {
        jdbc.sql(IF_ABSENT)
                .params(key, kind, payload, Timestamp.from(dueAt))
                .update();
    }

    /** Plans {@code key} at {@code dueAt}, or moves its plan that early, keeping the plan's payload. */
    public void noLaterThan(String key, String kind, String payload, Instant dueAt) {
        jdbc.sql("""
                INSERT INTO scheduled_job (job_key, kind, payload, due_at, attempts) VALUES (?, ?, ?, ?, 0)
                ON DUPLICATE KEY UPDATE due_at = LEAST(due_at, VALUES(due_at))""")
                .params(key, kind, payload, Timestamp.from(dueAt))
                .update();
    }

    public void cancel(String key) {
        jdbc.sql("DELETE FROM scheduled_job WHERE job_key = ?").param(key).update();
    }

    public Optional<Instant> dueAt(String key) {
        return jdbc.sql("SELECT due_at FROM scheduled_job WHERE job_key = ?").param(key)
                .query(Timestamp.class).optional().map(Timestamp::toInstant);
    }

    /** The earliest planned job, for operators and for tests that move the clock job by job. */
    public Optional<Instant> nextDue() {
        return jdbc.sql("SELECT MIN(due_at) FROM scheduled_job")
                .query(Timestamp.class).optional().map(Timestamp::toInstant);
    }
}
