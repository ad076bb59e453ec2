package dev.baton.system;

import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *
 * <p>Work many callers send at once can be done for all of them together ({@link #execute(Batch, Object,
 * TransactionCallback)}): the units of one {@link Batch} in a group run as one call, in a savepoint of their own, at
 * the place of the first of them (they arrived together, so any order among them and the units between is one they
 * could have had alone). Each item the batch leaves, and every item when the batch throws, is run by its own
 * callback, as any other unit.
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
    private final AtomicInteger batches = new AtomicInteger();
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
        return submit(work, null, null);
    }

    /**
     * Work that can be done for several callers at once: reading what all of them need in one statement rather than
     * one each, and writing their rows in one statement per table.
     */
    public interface Batch<I, R> {

        /**
         * Does the items' work together in the current transaction; returns each item's result in their order, or
         * null for an item left to be run by its own callback after the batch. Throwing undoes the batch's work, and
         * every item is then run by its own callback.
         */
        List<R> runAll(List<I> items);
    }

    /**
     * Thrown by a {@link Batch} that finds, part-way, that its items must be run one by one after all (say one of
     * them is a replay, and which one is not known): its work is undone and each item is run by its own callback.
     */
    public static final class RunEachAlone extends RuntimeException {

        public RunEachAlone(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * As {@link #execute(TransactionCallback)}, for an item of work that {@code batch} can do together with the items
     * other callers send at the same moment; {@code each} does this item alone: when it is the only one, when there
     * are no writers, when the batch leaves it or fails, or when the group is given up.
     */
    public <I, R> R execute(Batch<I, R> batch, I item, TransactionCallback<R> each) {
        return submit(each, batch, item);
    }

    private <T> T submit(TransactionCallback<T> work, Batch<?, ?> batch, Object item) {
        if (writers.isEmpty() || stopping || TransactionSynchronizationManager.isActualTransactionActive()) {
            return alone.execute(work);
        }
        Unit<T> unit = new Unit<>(work, MDC.getCopyOfContextMap(), batch, item);
        waiting.add(unit);
        if (stopping && waiting.remove(unit)) {
            return alone.execute(work);
        }
        return unit.outcome();
    }

    /** How many batches have done two or more items together since start; for tests and the benchmark. */
    public int batches() {
        return batches.get();
    }

    /** How many groups have been committed or given up since start; for tests. */
    public int groups() {
        return groups.get();
    }

    /** How many units wait for a writer; for tests. */
    public int waiting() {
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
                Set<Unit<?>> done = new HashSet<>();
                for (Unit<?> unit : group) {
                    if (done.contains(unit)) {
                        continue;
                    }
                    List<Unit<?>> batched = unit.batch == null ? List.of() : group.stream()
                            .filter(other -> other.batch == unit.batch).toList();
                    boolean kept = batched.size() > 1 ? runBatch(batched, done) : runOne(unit, done);
                    if (!kept) {
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

    private boolean runOne(Unit<?> unit, Set<Unit<?>> done) {
        done.add(unit);
        return runFresh(unit);
    }

    /** A unit in its savepoint, with {@link TransactionCache}s empty; false when the group must be given up. */
    private boolean runFresh(Unit<?> unit) {
        TransactionCache.forget();
        return unit.runIn(savepoint);
    }

    /**
     * The units of one batch as one call in a savepoint; those it leaves, or all when it throws, each by itself after
     * it. False when the group must be given up.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private boolean runBatch(List<Unit<?>> units, Set<Unit<?>> done) {
        done.addAll(units);
        Batch batch = units.get(0).batch;
        List<Object> items = units.stream().map(unit -> unit.item).toList();
        TransactionCache.forget();
        Map<String, String> before = MDC.getCopyOfContextMap();
        List<?> results;
        try {
            results = savepoint.execute(status -> {
                List<?> all = batch.runAll(items);
                if (all == null || all.size() != items.size()) {
                    throw new IllegalStateException("A batch of " + items.size() + " gave "
                            + (all == null ? "no" : String.valueOf(all.size())) + " results");
                }
                return all;
            });
        } catch (ConcurrencyFailureException | TransactionException e) {
            return false;
        } catch (RunEachAlone e) {
            log.info("A batch of {}: {}", items.size(), e.getMessage());
            results = null;
        } catch (RuntimeException e) {
            log.warn("A batch of {} failed; running its items one by one", items.size(), e);
            results = null;
        } finally {
            with(before);
        }
        if (results != null) {
            batches.incrementAndGet();
        }
        for (int i = 0; i < units.size(); i++) {
            Unit unit = units.get(i);
            Object result = results == null ? null : results.get(i);
            if (result != null) {
                unit.kept(result);
            } else if (!runFresh(unit)) {
                return false;
            }
        }
        return true;
    }

    private static void with(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }

    private static final class Unit<T> {

        static final Unit<Object> STOP = new Unit<>(status -> null, null, null, null);

        private final TransactionCallback<T> work;
        private final Map<String, String> mdc;
        private final Batch<?, ?> batch;
        private final Object item;
        private final CompletableFuture<T> outcome = new CompletableFuture<>();
        private T result;
        private Throwable failure;

        Unit(TransactionCallback<T> work, Map<String, String> mdc, Batch<?, ?> batch, Object item) {
            this.work = work;
            this.mdc = mdc;
            this.batch = batch;
            this.item = item;
        }

        /** Done by its batch, in the group's transaction. */
        void kept(T result) {
            this.result = result;
            this.failure = null;
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

    }
}
