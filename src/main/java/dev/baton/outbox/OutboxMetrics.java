package dev.baton.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** How the outbox is doing, read from its table at each scrape, so every replica reports the shared truth. */
@Component
class OutboxMetrics implements MeterBinder {

    private final JdbcClient jdbc;
    private final Clock clock;

    OutboxMetrics(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("baton.outbox.pending", () -> read(() -> count("PENDING")))
                .description("Messages waiting to be sent").register(registry);
        Gauge.builder("baton.outbox.dead", () -> read(() -> count("DEAD")))
                .description("Messages parked after permanent failure, waiting for an admin").register(registry);
        Gauge.builder("baton.outbox.oldest.age", () -> read(this::oldestAgeSeconds)).baseUnit("seconds")
                .description("Age of the oldest message not yet sent").register(registry);
    }

    private double count(String status) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE status = ?").param(status).query(Long.class)
                .single();
    }

    private double oldestAgeSeconds() {
        Timestamp oldest = jdbc.sql("SELECT MIN(created_at) FROM outbox_message WHERE status IN ('PENDING', 'SENDING')")
                .query(Timestamp.class).single();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), clock.instant()).toMillis() / 1000.0);
    }

    /** A scrape must not fail because the database is down; the gauge then reports no value. */
    static double read(Supplier<Double> query) {
        try {
            return query.get();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
