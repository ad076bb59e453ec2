package dev.baton.schedule;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Scheduler lag: how late the most overdue job is (0 when nothing is due), and how many jobs are failing. */
@Component
class ScheduleMetrics implements MeterBinder {

    private final JdbcClient jdbc;
    private final Clock clock;

    ScheduleMetrics(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("baton.scheduler.lag", this::lagSeconds).baseUnit("seconds")
                .description("How long the most overdue job has waited").register(registry);
        Gauge.builder("baton.scheduler.failing", this::failing)
                .description("Jobs that failed and wait for a retry").register(registry);
    }

    private double lagSeconds() {
        try {
            Timestamp due = jdbc.sql("SELECT MIN(due_at) FROM scheduled_job WHERE due_at <= ?")
                    .param(Timestamp.from(clock.instant())).query(Timestamp.class).single();
            return due == null ? 0 : Duration.between(due.toInstant(), clock.instant()).toMillis() / 1000.0;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private double failing() {
        try {
            return jdbc.sql("SELECT COUNT(*) FROM scheduled_job WHERE attempts > 0").query(Long.class).single();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
