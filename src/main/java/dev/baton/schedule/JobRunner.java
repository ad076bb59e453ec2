package dev.baton.schedule;

import dev.baton.system.BatonProperties;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims due jobs one at a time with {@code FOR UPDATE SKIP LOCKED}, runs them and deletes or reschedules the row
 * in the same transaction. A failing job rolls back its effects and is retried with backoff.
 * <p>
 * The jobs run on the runner's own {@code baton.schedule.workers} threads (one by default; several work side by side
 * as replicas do); the poll only wakes them. Run on the scheduler's single thread, 100,000 prompts due at once had
 * held up the outbox's poll and the lead webhooks for the five minutes they took. A second worker did not make that
 * burst faster on two cores (bench/run: 313/s against 306/s; the outbox then waited for the CPU).
 */
@Component
public class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    /** A job whose transaction lost a lock conflict this often in a row is counted as failed (with its backoff). */
    private static final int CONFLICT_RETRIES = 5;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Map<String, JobHandler> handlers;
    private final int workers;
    private final ExecutorService pool;
    private final AtomicInteger busy = new AtomicInteger();

    JobRunner(JdbcClient jdbc, Clock clock, TransactionTemplate tx, List<JobHandler> handlers,
            BatonProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tx = tx;
        this.handlers = handlers.stream().collect(Collectors.toMap(JobHandler::kind, Function.identity()));
        this.workers = Math.max(1, properties.schedule().workers());
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "jobs-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts every idle worker on the jobs due now; each stops when it finds none. */
    @Scheduled(fixedDelayString = "${baton.schedule.poll-interval:5s}",
            initialDelayString = "${baton.schedule.poll-interval:5s}")
    void poll() {
        for (int now = busy.get(); now < workers; now = busy.get()) {
            if (busy.compareAndSet(now, now + 1)) {
                pool.submit(() -> {
                    try {
                        runDue();
                    } catch (RuntimeException e) {
                        log.warn("Running due jobs failed; the next poll tries again", e);
                    } finally {
                        busy.decrementAndGet();
                    }
                });
            }
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /** Runs every job due now on the calling thread; returns how many ran. */
    public int runDue() {
        int ran = 0;
        int conflicts = 0;
        while (true) {
            Optional<Job> claimed;
            try {
                claimed = Optional.ofNullable(tx.execute(status -> runOne().orElse(null)));
                conflicts = 0;
            } catch (JobFailed e) {
                if (e.getCause() instanceof ConcurrencyFailureException && ++conflicts < CONFLICT_RETRIES) {
                    // a deadlock with a job of another worker: rolled back, and due as before; claim again
                    continue;
                }
                conflicts = 0;
                recordFailure(e.job, e.getCause());
                ran++;
                continue;
            } catch (ConcurrencyFailureException e) {
                // the commit lost a lock conflict: everything was rolled back and the job is still due
                if (++conflicts >= CONFLICT_RETRIES) {
                    throw e;
                }
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
