package dev.baton.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.support.BatonTestSupport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Several callers' transactions committed as one, each with the outcome it would have alone: on the real database,
 * with one writer held busy so that the next units are sure to wait and form a group.
 */
class GroupCommitTest extends BatonTestSupport {

    @Autowired
    PlatformTransactionManager transactions;

    GroupCommit groups;
    ExecutorService callers = Executors.newCachedThreadPool();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() {
        groups = new GroupCommit(transactions, 1, 10);
        jdbc.sql("CREATE TABLE IF NOT EXISTS group_probe (id BIGINT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(20))")
                .update();
        jdbc.sql("DELETE FROM group_probe").update();
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        groups.stop();
        callers.shutdownNow();
        jdbc.sql("DROP TABLE IF EXISTS group_probe").update();
    }

    @Test
    void unitsWaitingTogetherCommitOnceEachWithItsOwnOutcome() throws Exception {
        Future<String> first = holdTheWriter();
        AtomicReference<List<Long>> seenByLast = new AtomicReference<>();
        Future<String> kept = queue(() -> groups.execute(status -> insert("b")));
        Future<String> thrown = queue(() -> groups.execute(status -> {
            insert("c");
            throw new IllegalArgumentException("bad input");
        }));
        Future<String> rolledBack = queue(() -> groups.execute(status -> {
            insert("d");
            status.setRollbackOnly();
            return "d";
        }));
        Future<String> last = queue(() -> groups.execute(status -> {
            // what came before in the group is there, what was undone is not
            seenByLast.set(List.of(count("b"), count("c"), count("d")));
            return insert("e");
        }));
        awaitWaiting(4);
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(kept.get(10, TimeUnit.SECONDS)).isEqualTo("b");
        // an answer is given only once it is kept: another connection already sees it
        assertThat(count("b")).isEqualTo(1);
        assertThatThrownBy(() -> thrown.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad input");
        assertThat(rolledBack.get(10, TimeUnit.SECONDS)).isEqualTo("d");
        assertThat(last.get(10, TimeUnit.SECONDS)).isEqualTo("e");
        assertThat(seenByLast.get()).containsExactly(1L, 0L, 0L);
        assertThat(labels()).containsExactly("a", "b", "e");
        assertThat(groups.groups()).isEqualTo(2);
    }

    @Test
    void aLockConflictGivesTheGroupUpAndRunsEachUnitAlone() throws Exception {
        Future<String> first = holdTheWriter();
        AtomicInteger runsOfB = new AtomicInteger();
        AtomicInteger runsOfC = new AtomicInteger();
        Future<String> b = queue(() -> groups.execute(status -> {
            runsOfB.incrementAndGet();
            return insert("b");
        }));
        Future<String> c = queue(() -> groups.execute(status -> {
            insert("c");
            if (runsOfC.incrementAndGet() == 1) {
                throw new CannotAcquireLockException("Deadlock found when trying to get lock");
            }
            return "c";
        }));
        Future<String> d = queue(() -> groups.execute(status -> insert("d")));
        awaitWaiting(3);
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo("b");
        assertThat(c.get(10, TimeUnit.SECONDS)).isEqualTo("c");
        assertThat(d.get(10, TimeUnit.SECONDS)).isEqualTo("d");
        // nothing of the given-up group was kept, and nothing twice
        assertThat(labels()).containsExactly("a", "b", "c", "d");
        assertThat(runsOfB).hasValue(2);
        assertThat(runsOfC).hasValue(2);
    }

    @Test
    void aFailedCommitFailsEveryUnitOfTheGroupAndKeepsNothing() throws Exception {
        Future<String> first = holdTheWriter();
        Future<String> b = queue(() -> groups.execute(status -> insert("b")));
        Future<String> c = queue(() -> groups.execute(status -> {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    throw new IllegalStateException("the commit failed");
                }
            });
            return insert("c");
        }));
        awaitWaiting(2);
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("a");
        assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS)).hasMessageContaining("the commit failed");
        assertThatThrownBy(() -> c.get(10, TimeUnit.SECONDS)).hasMessageContaining("the commit failed");
        assertThat(labels()).containsExactly("a");
    }

    @Test
    void eachUnitReadsForItselfAndKeepsItsCallersLoggingContext() throws Exception {
        TransactionCache<String> cache = new TransactionCache<>("group-probe");
        Future<String> first = holdTheWriter();
        AtomicReference<String> readByC = new AtomicReference<>();
        AtomicReference<String> requestOfB = new AtomicReference<>();
        AtomicReference<String> requestOfC = new AtomicReference<>("unset");
        Future<String> b = queue(() -> {
            MDC.put("requestId", "request-b");
            return groups.execute(status -> {
                requestOfB.set(MDC.get("requestId"));
                cache.put(1, "put by b, then undone");
                throw new IllegalArgumentException("b fails");
            });
        });
        Future<String> c = queue(() -> groups.execute(status -> {
            requestOfC.set(MDC.get("requestId"));
            readByC.set(cache.get(1, id -> Optional.of("read from the database")).orElseThrow());
            return "c";
        }));
        awaitWaiting(2);
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("a");
        assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS)).hasMessageContaining("b fails");
        assertThat(c.get(10, TimeUnit.SECONDS)).isEqualTo("c");
        assertThat(readByC).hasValue("read from the database");
        assertThat(requestOfB).hasValue("request-b");
        assertThat(requestOfC.get()).isNull();
    }

    @Test
    void aBatchDoesItsItemsTogetherAndLeavesTheRestToTheirOwnCallbacks() throws Exception {
        // the batch writes every item it takes in one statement, and leaves the items that are odd numbers
        GroupCommit.Batch<Integer, String> evens = items -> {
            List<Integer> taken = items.stream().filter(i -> i % 2 == 0).toList();
            jdbc.sql("INSERT INTO group_probe (label) VALUES " + String.join(", ",
                    taken.stream().map(i -> "('batch " + i + "')").toList())).update();
            return items.stream().map(i -> i % 2 == 0 ? "batch " + i : null).toList();
        };
        Future<String> first = holdTheWriter();
        Future<String> two = queue(() -> groups.execute(evens, 2, status -> insert("alone 2")));
        Future<String> plain = queue(() -> groups.execute(status -> insert("plain")));
        Future<String> three = queue(() -> groups.execute(evens, 3, status -> insert("alone 3")));
        Future<String> four = queue(() -> groups.execute(evens, 4, status -> insert("alone 4")));
        awaitWaiting(4);
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(two.get(10, TimeUnit.SECONDS)).isEqualTo("batch 2");
        assertThat(three.get(10, TimeUnit.SECONDS)).isEqualTo("alone 3");
        assertThat(four.get(10, TimeUnit.SECONDS)).isEqualTo("batch 4");
        assertThat(plain.get(10, TimeUnit.SECONDS)).isEqualTo("plain");
        // the batch at the place of its first item, the item it left right after it
        assertThat(labels()).containsExactly("a", "batch 2", "batch 4", "alone 3", "plain");
        assertThat(groups.batches()).isEqualTo(1);
    }

    @Test
    void aBatchThatFailsIsUndoneAndEachItemRunsByItsOwnCallback() throws Exception {
        GroupCommit.Batch<String, String> broken = items -> {
            insert("half of a batch");
            throw new IllegalStateException("a bug in the batch");
        };
        Future<String> first = holdTheWriter();
        Future<String> b = queue(() -> groups.execute(broken, "b", status -> insert("b")));
        Future<String> c = queue(() -> groups.execute(broken, "c", status -> insert("c")));
        awaitWaiting(2);
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo("b");
        assertThat(c.get(10, TimeUnit.SECONDS)).isEqualTo("c");
        assertThat(labels()).containsExactly("a", "b", "c");
        assertThat(groups.batches()).isZero();
    }

    @Test
    void withoutWritersOrOnceStoppedEachUnitRunsAloneOnItsCaller() {
        GroupCommit none = new GroupCommit(transactions, 0, 10);
        String caller = Thread.currentThread().getName();
        String ranOn = none.execute(status -> Thread.currentThread().getName());
        assertThat(ranOn).isEqualTo(caller);
        groups.stop();
        String ranAfterStop = groups.execute(status -> {
            insert("after stop");
            return Thread.currentThread().getName();
        });
        assertThat(ranAfterStop).isEqualTo(caller);
        assertThat(labels()).containsExactly("after stop");
    }

    /** A first unit that keeps the only writer busy until {@link #release}, so the next ones wait together. */
    private Future<String> holdTheWriter() throws InterruptedException {
        Future<String> first = call(() -> groups.execute((TransactionCallback<String>) status -> {
            insert("a");
            held.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "a";
        }));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    private void awaitWaiting(int units) throws InterruptedException {
        for (int i = 0; i < 1000 && groups.waiting() < units; i++) {
            Thread.sleep(10);
        }
        assertThat(groups.waiting()).isEqualTo(units);
    }

    private <T> Future<T> call(Callable<T> work) {
        return callers.submit(work);
    }

    /**
     * Submits a unit and waits until it is queued behind the held writer, so units queue in the order the test names
     * them (submitted all at once, their threads could reach the queue in any order).
     */
    private <T> Future<T> queue(Callable<T> work) throws InterruptedException {
        int before = groups.waiting();
        Future<T> submitted = callers.submit(work);
        for (int i = 0; i < 1000 && groups.waiting() == before; i++) {
            Thread.sleep(5);
        }
        assertThat(groups.waiting()).isEqualTo(before + 1);
        return submitted;
    }

    private String insert(String label) {
        jdbc.sql("INSERT INTO group_probe (label) VALUES (?)").param(label).update();
        return label;
    }

    private long count(String label) {
        return jdbc.sql("SELECT COUNT(*) FROM group_probe WHERE label = ?").param(label).query(Long.class).single();
    }

    private List<String> labels() {
        return jdbc.sql("SELECT label FROM group_probe ORDER BY id").query(String.class).list();
    }
}
