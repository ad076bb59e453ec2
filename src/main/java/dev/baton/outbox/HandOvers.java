package dev.baton.outbox;

import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Held answers that their adapter handed over (a slash command's acknowledgement carried them), recorded as sent a
 * few at a time. One {@code UPDATE} and commit per command was a tenth of a check-in's CPU on request threads
 * (BENCHMARKS.md); gathered for {@link #DELAY}, a burst's confirmations share one statement and the request thread
 * does not wait for it.
 *
 * <p>Nothing is lost by waiting: a confirmation not yet written leaves the answer HELD, and HELD is never sent
 * before its hold ends (15 s, far longer than {@link #DELAY}). This replica's own poll writes what is pending before
 * it releases expired holds, a failed write is tried again, and stopping writes what is left. Only a replica that
 * dies in those milliseconds leaves answers to be sent a second time when their hold ends — as it did before, between
 * writing an acknowledgement and recording it.
 */
@Component
class HandOvers {

    private static final Logger log = LoggerFactory.getLogger(HandOvers.class);
    /** How long confirmations gather before they are written together. */
    static final Duration DELAY = Duration.ofMillis(10);
    /** After a failed write, the next try. */
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Long> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ReentrantLock writing = new ReentrantLock();
    private final ScheduledExecutorService writer;

    HandOvers(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-handovers");
            t.setDaemon(true);
            return t;
        });
    }

    /** The adapter handed the held answer {@code id} over: it is recorded as sent within {@link #DELAY}. */
    void add(long id) {
        pending.add(id);
        schedule(DELAY);
    }

    private void schedule(Duration after) {
        if (scheduled.compareAndSet(false, true)) {
            try {
                writer.schedule(this::scheduledWrite, after.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                scheduled.set(false);
                write();
            }
        }
    }

    private void scheduledWrite() {
        scheduled.set(false);
        if (!write()) {
            schedule(RETRY);
        }
    }

    /**
     * Records every confirmation taken so far, on the calling thread; false when the database refused (they stay
     * pending and are tried again).
     */
    boolean write() {
        writing.lock();
        try {
            while (!pending.isEmpty()) {
                List<Long> ids = new ArrayList<>();
                for (Long id; ids.size() < BATCH && (id = pending.poll()) != null; ) {
                    ids.add(id);
                }
                try {
                    update(ids);
                } catch (DataAccessException | TransactionException e) {
                    pending.addAll(ids);
                    log.warn("Could not record {} handed-over answers yet; trying again: {}", ids.size(),
                            e.getMessage());
                    return false;
                }
            }
            return true;
        } finally {
            writing.unlock();
        }
    }

    /**
     * Only rows still HELD: one whose hold ended meanwhile has been released and is the outbox's to send. In a
     * transaction of its own: two round trips (the statement, the commit), where auto-commit took three (a pooled
     * connection is switched to it and back, {@code DeferredAutoCommit}).
     */
    private void update(List<Long> ids) {
        for (int attempt = 1; ; attempt++) {
            try {
                tx.executeWithoutResult(status -> jdbc.sql("UPDATE outbox_message SET status = 'SENT', attempts = 1, "
                        + "lease_until = NULL, sent_at = :now WHERE id IN (:ids) AND status = 'HELD'")
                        .param("now", Timestamp.from(clock.instant())).param("ids", ids).update());
                return;
            } catch (ConcurrencyFailureException e) {
                // a deadlock or lock timeout rolled back only this statement's transaction: run it again
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(5, TimeUnit.SECONDS);
        write();
    }
}
