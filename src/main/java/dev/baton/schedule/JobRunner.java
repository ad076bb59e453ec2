package dev.baton.schedule;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims due jobs one at a time with {@code FOR UPDATE SKIP LOCKED}, runs them and deletes or reschedules the row
 * in the same transaction. A failing job rolls back its effects and is retried with backoff.
 */
@Component
public class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Map<String, JobHandler> handlers;

    JobRunner(JdbcClient jdbc, Clock clock, TransactionTemplate tx, List<JobHandler> handlers) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tx = tx;
        this.handlers = handlers.stream().collect(Collectors.toMap(JobHandler::kind, Function.identity()));
    }

    @Scheduled(fixedDelayString = "${baton.schedule.poll-interval:5s}",
            initialDelayString = "${baton.schedule.poll-interval:5s}")
    void poll() {
        runDue();
    }

    /** Runs every job due now; returns how many ran. */
    public int runDue() {
        int ran = 0;
        while (true) {
            Optional<Job> claimed;
            try {
                claimed = Optional.ofNullable(tx.execute(status -> runOne().orElse(null)));
            } catch (JobFailed e) {
                recordFailure(e.job, e.getCause());
                ran++;
                continue;
            }
            if (claimed.isEmpty()) {
                return ran;
            }
            ran++;
        }
    }

    private Optional<Job> runOne() {
        Instant now = clock.instant();
        Optional<Job> due = jdbc.sql("""
                SELECT job_key, kind, payload, due_at, attempts FROM scheduled_job
                WHERE due_at <= ? ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .param(Timestamp.from(now))
                .query((rs, i) -> new Job(rs.getString("job_key"), rs.getString("kind"), rs.getString("payload"),
                        rs.getTimestamp("due_at").toInstant(), rs.getInt("attempts")))
                .optional();
        if (due.isEmpty()) {
            return due;
        }
        Job job = due.get();
        MDC.put("job", job.key());
        try {
            return Optional.of(runClaimed(job));
        } finally {
            MDC.remove("job");
        }
    }

    private Job runClaimed(Job job) {
        JobHandler handler = handlers.get(job.kind());
        if (handler == null) {
            throw new JobFailed(job, new IllegalStateException("No handler for job kind " + job.kind()));
        }
        Optional<Instant> next;
        try {
            next = handler.run(job);
        } catch (RuntimeException e) {
            throw new JobFailed(job, e);
        }
        if (next.isPresent()) {
            jdbc.sql("UPDATE scheduled_job SET due_at = ?, attempts = 0, last_error = NULL WHERE job_key = ?")
                    .params(Timestamp.from(next.get()), job.key()).update();
        } else {
            // a handler may have planned its own key anew (another due time or payload): keep that plan
            jdbc.sql("DELETE FROM scheduled_job WHERE job_key = ? AND payload = ? AND due_at = ?")
                    .params(job.key(), job.payload(), Timestamp.from(job.dueAt())).update();
        }
        return job;
    }

    private void recordFailure(Job job, Throwable cause) {
        log.error("Job {} failed (attempt {})", job.key(), job.attempts() + 1, cause);
        Duration backoff = Duration.ofSeconds(30).multipliedBy(1L << Math.min(job.attempts(), 7));
        String error = String.valueOf(cause);
        tx.executeWithoutResult(status -> jdbc.sql("""
                UPDATE scheduled_job SET attempts = attempts + 1, due_at = ?, last_error = ? WHERE job_key = ?""")
                .params(Timestamp.from(clock.instant().plus(backoff)),
                        error.substring(0, Math.min(error.length(), 1000)), job.key())
                .update());
    }

    private static final class JobFailed extends RuntimeException {
        private final transient Job job;

        JobFailed(Job job, Throwable cause) {
            super(cause);
            this.job = job;
        }
    }
}
