package dev.baton.outbox;

import dev.baton.conversation.Delivery;
import dev.baton.conversation.DeliveryException;
import dev.baton.conversation.Posted;
import dev.baton.outbox.Claims.Claim;
import dev.baton.outbox.Claims.Outcome;
import dev.baton.system.BatonProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends pending outbox rows on {@code baton.outbox.workers} threads. Each send is three steps, so a replica that dies
 * at any point loses and repeats nothing: {@link Claims} claims a due row with {@code FOR UPDATE SKIP LOCKED} (two
 * replicas never send the same row), reserves its pace ({@link Pacing}) and marks it SENDING with a lease; the
 * worker sends it through the platform's gateway holding no lock; {@link Claims} records the outcome (a failed send is
 * retried later with backoff or the platform's Retry-After, and parked as DEAD after {@code maxAge}). What a replica
 * left unfinished is {@link InDoubt}'s.
 */
@Component
public class OutboxDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

    private final Clock clock;
    private final Claims claims;
    private final InDoubt inDoubt;
    private final BatonProperties.Outbox settings;
    private final boolean sendAfterCommit;
    private final ExecutorService workers;
    private final AtomicInteger busy = new AtomicInteger();
    /** Claims owed to nudges not yet made ({@link #nudge}). */
    private final AtomicInteger owed = new AtomicInteger();
    private final MeterRegistry meters;

    OutboxDispatcher(Clock clock, Claims claims, InDoubt inDoubt, BatonProperties properties,
            @Value("${baton.outbox.send-after-commit:true}") boolean sendAfterCommit, MeterRegistry meters) {
        this.clock = clock;
        this.claims = claims;
        this.inDoubt = inDoubt;
        this.settings = properties.outbox();
        this.sendAfterCommit = sendAfterCommit;
        this.meters = meters;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, settings.workers()), r -> {
            Thread t = new Thread(r, "outbox-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Sends soon after a commit instead of waiting for the next poll: wakes one more worker unless all
     * {@code baton.outbox.workers} are already working (they go on while messages are owed, so they find the new row).
     * Workers claim rows with SKIP LOCKED like replicas do, so they never send the same row twice; the pace rows,
     * locked while a send is reserved, keep the platform's limits, and a claim keeps its channel's order.
     * Each nudge owes one claim: a worker woken for it stops when the claims owed are made, instead of claiming once
     * more to find nothing, which had cost two statements for each message of a burst of reminders. What a nudged
     * worker leaves (a row another one took first, one the pace holds back) the poll sends.
     */
    void nudge() {
        if (sendAfterCommit) {
            owed.incrementAndGet();
            wake(Round.OWED);
        }
    }

    /** What a woken worker does: the claims nudges owe, a look for work by the poll, or everything due. */
    private enum Round { OWED, SCOUT, ALL }

    private boolean wake(Round round) {
        for (int now = busy.get(); now < settings.workers(); now = busy.get()) {
            if (busy.compareAndSet(now, now + 1)) {
                workers.submit(() -> {
                    try {
                        switch (round) {
                            case OWED -> drainOwed();
                            case SCOUT -> scout();
                            case ALL -> drain();
                        }
                    } catch (RuntimeException e) {
                        log.warn("Outbox dispatch failed; the poller will retry", e);
                    } finally {
                        busy.decrementAndGet();
                    }
                });
                return true;
            }
        }
        return false;
    }

    /**
     * A backlog (after an outage, or a burst of reminders) is drained by all workers at once; an idle outbox is looked
     * at by one. Waking every worker on each poll had cost a claim and a commit per worker every interval, eight
     * empty transactions a second at rest.
     */
    @Scheduled(fixedDelayString = "${baton.outbox.poll-interval:500ms}",
            initialDelayString = "${baton.outbox.poll-interval:500ms}")
    void poll() {
        inDoubt.releaseExpiredHolds();
        if (settings.workers() <= 1) {
            drain();
            return;
        }
        wake(Round.SCOUT);
    }

    /** Drains like {@link #drain}, and once its first claim found a row, starts every idle worker on the rest. */
    private int scout() {
        AtomicInteger claims = new AtomicInteger();
        return dispatch(() -> {
            if (claims.incrementAndGet() == 2) {
                while (wake(Round.ALL)) {
                    // start every idle worker
                }
            }
            return true;
        });
    }

    /**
     * Sends everything due now (waiting for the pace's slots a few milliseconds ahead, postponing what it allows only
     * later); returns how many rows it handled.
     */
    public int drain() {
        return dispatch(() -> true);
    }

    /** Makes the claims nudges owe, as long as each finds a row. */
    private int drainOwed() {
        return dispatch(() -> owed.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0);
    }

    private int dispatch(BooleanSupplier mayClaim) {
        int handled = 0;
        try {
            inDoubt.recoverIfDue();
            while (mayClaim.getAsBoolean() && dispatchOne()) {
                handled++;
            }
        } catch (TransientDataAccessException e) {
            // lost a lock race with another replica before sending anything; the next round picks it up
            log.info("Outbox round ended early: {}", e.getMessage());
        }
        return handled;
    }

    /** Claims, sends and records one row; false when none was due. */
    private boolean dispatchOne() {
        Claim claim = claims.next();
        if (claim == null) {
            return false;
        }
        if (claim.delivery() == null) {
            return true; // postponed (the pace, an earlier message of its channel), or failed before sending
        }
        MDC.put("outboxId", String.valueOf(claim.row().id()));
        try {
            waitFor(claim.sendAt());
            int released = claims.record(claim, send(claim));
            if (sendAfterCommit) {
                owed.addAndGet(released); // a worker woken by a nudge goes on with what waited behind it too
            }
        } finally {
            MDC.remove("outboxId");
        }
        return true;
    }

    /** Until the pace's slot: a replica that stops meanwhile leaves the row SENDING, which InDoubt resolves. */
    private void waitFor(Instant sendAt) {
        long millis = Duration.between(clock.instant(), sendAt).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Outcome send(Claim claim) {
        Instant at = clock.instant();
        try {
            Optional<Posted> posted = claim.gateway().send(claim.delivery());
            countSent(claim.delivery());
            return new Outcome(at, null, null, posted.orElse(null));
        } catch (DeliveryException e) {
            countFailed(claim.delivery(), e);
            if (e.retryAfter() != null) {
                meters.counter("baton.outbox.rate.limited", "platform", claim.delivery().platform()).increment();
                claims.quiet(claim, at.plus(e.retryAfter()));
            }
            return new Outcome(at, e, null, null);
        } catch (RuntimeException e) {
            return new Outcome(at, null, e, null);
        }
    }

    private void countSent(Delivery delivery) {
        meters.counter("baton.outbox.sent", "platform", delivery.platform()).increment();
    }

    private void countFailed(Delivery delivery, DeliveryException e) {
        meters.counter("baton.outbox.failed", "platform", delivery.platform(), "permanent",
                String.valueOf(e.permanent())).increment();
    }
}
