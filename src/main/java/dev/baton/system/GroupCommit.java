package dev.baton.system;

import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transactions of concurrent requests committed together. A request hands its unit of work to one of
 * {@code baton.inbound.writers} threads; a writer takes every unit waiting at that moment (at most
 * {@code baton.inbound.group}) and runs them one after the other in one transaction, each in a savepoint of its own,
 * then commits once. Committing each request's few statements on its own connection cost more than the statements
 * (BENCHMARKS.md, section 1: a check-in's statements run a group at a time went from a third of the baseline's
 * throughput to more than half of it).
 *
 * <p>Each unit sees what it would see alone, run in the order the units arrived: the units before it in the group
 * are as good as committed, and its own changes are undone when it throws or marks itself rollback-only, without
 * touching the others'. The caller gets its result or exception as from {@link TransactionTemplate#execute}, once the
 * group is committed, so nothing is answered before it is kept. When the database gives up a whole group's
 * transaction (a deadlock victim, a lock wait that timed out) or a savepoint cannot be rolled back to, nothing of the
 * group was kept and each unit is run again alone, in its own transaction, as without grouping; the caller's retries
 * handle what that run meets. A failed commit fails every unit of the group, as it fails a lone one.
 *
 * <p>What units share: the connection and its session, the transaction's synchronizations (a unit undone still has
 * its after-commit callbacks run: only wake-ups are registered that way, and a needless one is harmless), and
 * nothing else: {@link TransactionCache}s start empty for every unit.
 */
@Component
public class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final ThreadLocal<Boolean> ON_WRITER = ThreadLocal.withInitial(() -> false);

    private final TransactionTemplate alone;
    private final TransactionTemplate savepoint;
    private final int most;
    private final LinkedBlockingQueue<Unit<?>> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private final AtomicInteger groups = new AtomicInteger();
    private volatile boolean stopping;

    @Autowired
    public GroupCommit(PlatformTransactionManager transactions, BatonProperties properties) {
        this(transactions, properties.inbound().writers(), properties.inbound().group());
    }

    /** {@code writers} 0: every unit runs in its own transaction on the caller's thread. */
    public GroupCommit(PlatformTransactionManager transactions, int writerCount, int most) {
        this.alone = new TransactionTemplate(transactions);
        this.savepoint = new TransactionTemplate(transactions);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.most = Math.max(1, most);
        for (int i = 1; i <= writerCount; i++) {
            Thread t = new Thread(this::write, "group-commit-" + i);
            t.setDaemon(true);
            writers.add(t);
            t.start();
        }
    }

    /**
     * Runs {@code work} in a transaction, shared with other callers' work when some is waiting; returns its result
     * once committed, or throws what it threw (its changes undone).
     */
    public <T> T execute(TransactionCallback<T> work) {
        if (writers.isEmpty() || stopping || TransactionSynchronizationManager.isActualTransactionActive()) {
            return alone.execute(work);
        }
        Unit<T> unit = new Unit<>(work, MDC.getCopyOfContextMap());
        waiting.add(unit);
        if (stopping && waiting.remove(unit)) {
            return alone.execute(work);
        }
        return unit.outcome();
    }

    /** How many groups have been committed or given up since start; for tests. */
    int groups() {
        return groups.get();
    }

    /** How many units wait for a writer; for tests. */
    int waiting() {
        return waiting.size();
    }

    @PreDestroy
    void stop() {
        stopping = true;
        for (Thread t : writers) {
            waiting.add(Unit.STOP);
        }
        for (Thread t : writers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // what came in while the writers stopped is run here, so no caller waits for nobody
        for (Unit<?> unit; (unit = waiting.poll()) != null; ) {
            if (unit != Unit.STOP) {
                unit.runAlone(alone);
            }
        }
    }

    /**
     * Whether this thread is a writer, running transactions of several requests: work that may take long (a platform
     * call) must then be done outside, before the transaction, or it holds up the whole group.
     */
    public static boolean onWriter() {
        return ON_WRITER.get();
    }

    private void write() {
        ON_WRITER.set(true);
        while (true) {
            List<Unit<?>> group = new ArrayList<>();
            try {
                group.add(waiting.take());
            } catch (InterruptedException e) {
                return;
            }
            waiting.drainTo(group, most - 1);
            boolean stop = group.remove(Unit.STOP);
            // a writer's stop sign taken by another writer is handed back
            while (group.remove(Unit.STOP)) {
                waiting.add(Unit.STOP);
            }
            if (!group.isEmpty()) {
                run(group);
            }
            if (stop) {
                // whatever is still waiting is run by the writers left, or alone by the caller after them
                return;
            }
        }
    }

    private void run(List<Unit<?>> group) {
        groups.incrementAndGet();
        if (group.size() == 1) {
            group.get(0).runAlone(alone);
            return;
        }
        boolean broken;
        try {
            broken = Boolean.TRUE.equals(alone.execute(status -> {
                for (Unit<?> unit : group) {
                    TransactionCache.forget();
                    if (!unit.runIn(savepoint)) {
                        status.setRollbackOnly();
                        return true;
                    }
                }
                return false;
            }));
        } catch (RuntimeException | Error e) {
            // the commit (or the rollback of a broken group) failed: what the group did is not known to be kept
            for (Unit<?> unit : group) {
                unit.fail(e);
            }
            return;
        }
        if (broken) {
            log.info("A group of {} transactions met a lock conflict; running each alone", group.size());
            for (Unit<?> unit : group) {
                unit.runAlone(alone);
            }
        } else {
            for (Unit<?> unit : group) {
                unit.finish();
            }
        }
    }

    private static final class Unit<T> {

        static final Unit<Object> STOP = new Unit<>(status -> null, null);

        private final TransactionCallback<T> work;
        private final Map<String, String> mdc;
        private final CompletableFuture<T> outcome = new CompletableFuture<>();
        private T result;
        private Throwable failure;

        Unit(TransactionCallback<T> work, Map<String, String> mdc) {
            this.work = work;
            this.mdc = mdc;
        }

        /** In the group's transaction; false when the group must be given up (nothing of it may be kept). */
        boolean runIn(TransactionTemplate savepoint) {
            Map<String, String> before = MDC.getCopyOfContextMap();
            with(mdc);
            try {
                result = savepoint.execute(work);
                failure = null;
                return true;
            } catch (ConcurrencyFailureException e) {
                return false;
            } catch (TransactionException e) {
                // the savepoint could not be set or rolled back to: the transaction is not what the units expect
                log.warn("A grouped transaction's savepoint failed; running the group's transactions alone", e);
                return false;
            } catch (RuntimeException | Error e) {
                result = null;
                failure = e;
                return true;
            } finally {
                with(before);
            }
        }

        void runAlone(TransactionTemplate alone) {
            Map<String, String> before = MDC.getCopyOfContextMap();
            with(mdc);
            try {
                outcome.complete(alone.execute(work));
            } catch (RuntimeException | Error e) {
                outcome.completeExceptionally(e);
            } finally {
                with(before);
            }
        }

        void finish() {
            if (failure != null) {
                outcome.completeExceptionally(failure);
            } else {
                outcome.complete(result);
            }
        }

        void fail(Throwable e) {
            outcome.completeExceptionally(e);
        }

        /** The caller's wait; an interrupt is kept for later, since the work may already be committed. */
        T outcome() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return outcome.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof RuntimeException r) {
                            throw r;
                        }
                        if (e.getCause() instanceof Error err) {
                            throw err;
                        }
                        throw new IllegalStateException(e.getCause());
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static void with(Map<String, String> context) {
            if (context == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(context);
            }
        }
    }
}
