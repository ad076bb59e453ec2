package dev.baton.system;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Verified platform requests take turns in the order they arrived, at most {@code baton.inbound.concurrency} at once.
 * Under a burst, a few hundred request threads contending for the database pool and two cores were served in
 * whatever order the pool's handoff and the scheduler picked, so some people waited seconds longer than the rest; in
 * arrival order, everyone waits about as long, and fewer threads compete for the cores. A request still running after
 * {@code baton.inbound.slow-after} (a platform call that hangs, a lock held elsewhere) stops counting against the
 * limit, so slow requests never hold up the quick ones behind them.
 */
@Component
public class Turns implements MeterBinder {

    private final Semaphore turns;
    private final long slowAfterNanos;
    private final Set<Taken> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watch;
    private final LongAdder excused = new LongAdder();

    @Autowired
    public Turns(BatonProperties properties) {
        this(properties.inbound().concurrency(), properties.inbound().slowAfter());
    }

    Turns(int concurrency, Duration slowAfter) {
        this.turns = new Semaphore(Math.max(1, concurrency), true);
        this.slowAfterNanos = slowAfter.toNanos();
        // waiters block in arrival order (a timed wait would send them to the back of the line when it ran out),
        // so something else must notice slow requests while nobody new arrives
        this.watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baton-turns");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(10, slowAfter.toMillis() / 4);
        watch.scheduleWithFixedDelay(this::excuseSlow, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        watch.shutdownNow();
    }

    /**
     * Waits for this request's turn; close the turn when the request is done:
     * {@code try (Turns.Turn turn = turns.take()) { ... }}.
     */
    public Turn take() {
        excuseSlow();
        try {
            turns.acquire();
        } catch (InterruptedException e) {
            // shutting down: let the request finish rather than fail it
            Thread.currentThread().interrupt();
            return () -> { };
        }
        Taken taken = new Taken(System.nanoTime());
        running.add(taken);
        return taken;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("baton.inbound.turns.excused", excused, LongAdder::sum)
                .description("Requests that ran longer than baton.inbound.slow-after and stopped counting against "
                        + "baton.inbound.concurrency")
                .register(registry);
        Gauge.builder("baton.inbound.turns.waiting", this, Turns::waiting)
                .description("Platform requests waiting for their turn").register(registry);
    }

    /** Requests whose turn was given to the next ones because they ran too long, since this replica started. */
    long excused() {
        return excused.sum();
    }

    /** Requests waiting for their turn now. */
    public int waiting() {
        return turns.getQueueLength();
    }

    /** Turns free now (for tests). */
    int free() {
        return turns.availablePermits();
    }

    /** Gives the turns of requests running for longer than allowed to the next ones in line. */
    private void excuseSlow() {
        if (running.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (Taken t : running) {
            if (now - t.since > slowAfterNanos && t.giveBack()) {
                excused.increment();
            }
        }
    }

    /** A request's turn; closing it lets the next one in. */
    public interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    private final class Taken implements Turn {
        private final long since;
        private final AtomicBoolean held = new AtomicBoolean(true);

        Taken(long since) {
            this.since = since;
        }

        /** True when this call gave the turn back (false: it was given back before). */
        boolean giveBack() {
            if (held.compareAndSet(true, false)) {
                running.remove(this);
                turns.release();
                return true;
            }
            return false;
        }

        @Override
        public void close() {
            giveBack();
        }
    }
}
