package dev.baton.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Requests take turns in arrival order, at most so many at once, and a slow one stops holding up the others. */
class TurnsTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private Turns turns;

    @AfterEach
    void stop() {
        pool.shutdownNow();
        turns.stop();
    }

    private void awaitWaiting(int n) throws InterruptedException {
        for (int i = 0; i < 5000 && turns.waiting() != n; i++) {
            Thread.sleep(1);
        }
        assertThat(turns.waiting()).isEqualTo(n);
    }

    @Test
    void requestsGetTheirTurnsInTheOrderTheyArrived() throws Exception {
        turns = new Turns(1, Duration.ofHours(1));
        List<Integer> served = new CopyOnWriteArrayList<>();
        List<Future<?>> waiting = new ArrayList<>();
        try (Turns.Turn first = turns.take()) {
            for (int i = 1; i <= 8; i++) {
                int n = i;
                waiting.add(pool.submit(() -> {
                    try (Turns.Turn t = turns.take()) {
                        served.add(n);
                    }
                }));
                awaitWaiting(i);
            }
            assertThat(served).as("nobody overtakes the request in its turn").isEmpty();
        }
        for (Future<?> f : waiting) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(served).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    @Test
    void noMoreThanTheLimitRunAtOnce() throws Exception {
        turns = new Turns(3, Duration.ofHours(1));
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(pool.submit(() -> {
                try (Turns.Turn t = turns.take()) {
                    most.accumulateAndGet(now.incrementAndGet(), Math::max);
                    Thread.sleep(2);
                    now.decrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(most.get()).isBetween(1, 3);
    }

    @Test
    void aRequestRunningTooLongStopsCountingAgainstTheLimit() throws Exception {
        turns = new Turns(1, Duration.ofMillis(100));
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch hung = new CountDownLatch(1);
        Future<?> slow = pool.submit(() -> {
            try (Turns.Turn t = turns.take()) {
                taken.countDown();
                hung.await(); // a platform call that does not return
            }
            return null;
        });
        assertThat(taken.await(10, TimeUnit.SECONDS)).isTrue();
        Future<String> next = pool.submit(() -> {
            try (Turns.Turn t = turns.take()) {
                return "served";
            }
        });
        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("served");
        hung.countDown();
        slow.get(10, TimeUnit.SECONDS);
        assertThat(turns.free()).as("the slow one's late end gives its turn back only once").isEqualTo(1);
        assertThat(turns.excused()).as("counted once, the quick one not at all").isEqualTo(1);
    }
}
