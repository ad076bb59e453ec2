package dev.baton.outbox;

import dev.baton.conversation.ChatGateway;
import dev.baton.conversation.Delivery;
import dev.baton.conversation.DeliveryException;
import dev.baton.conversation.Posted;
import dev.baton.conversation.Target;
import dev.baton.system.BatonProperties;
import dev.baton.system.RoundTrip;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends pending outbox rows. A row is claimed with {@code FOR UPDATE SKIP LOCKED} inside the transaction that
 * marks it sent, so two replicas never send the same row; sends are paced per channel and per workspace
 * ({@code send_pace}); a failed send is retried later with exponential backoff (or the platform's Retry-After),
 * and after {@code maxAttempts} it is parked as DEAD for an admin to list and replay.
 */
@Component
public class OutboxDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    /** How long a message waits while an earlier one of its channel is in flight. */
    private static final Duration ORDER_WAIT = Duration.ofMillis(100);
    /**
     * How often a replica looks for sends left in flight by a replica that died. They wait for their lease to end
     * (minutes) anyway; looking on every drain cost two statements a message in a burst, where each commit wakes a
     * worker for the message it wrote (BENCHMARKS.md, section 3).
     */
    private static final Duration IN_DOUBT_EVERY = Duration.ofSeconds(1);
    private static final String WORKSPACE_BUCKET = "ws:";

    private final JdbcClient jdbc;
    /** For statements sent together in one round trip (claiming, reserving the pace, recording the outcome). */
    private final JdbcOperations statements;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Map<String, ChatGateway> gateways;
    private final BatonProperties.Outbox settings;
    private final boolean sendAfterCommit;
    private final ExecutorService workers;
    private final AtomicInteger busy = new AtomicInteger();
    /** Claims owed to nudges not yet made ({@link #nudge}). */
    private final AtomicInteger owed = new AtomicInteger();
    /** When this replica last looked for sends in doubt (epoch millis of the clock). */
    private final AtomicLong inDoubtLookedAt = new AtomicLong(Long.MIN_VALUE);
    /** Pace buckets of workspaces this replica has seen in the table: a few, one per workspace. */
    private final Set<String> workspaceBuckets = ConcurrentHashMap.newKeySet();
    private final MeterRegistry meters;
    private final HandOvers handOvers;
    /** Sends answers held for their adapter that the adapter asked to be sent at once ({@link #sendHeld}). */
    private final ExecutorService heldSenders;
    /** Held answers given to {@link #heldSenders} and not yet sent or given back. */
    private final AtomicInteger heldInFlight = new AtomicInteger();

    OutboxDispatcher(JdbcClient jdbc, JdbcOperations statements, JsonMapper json, Clock clock, TransactionTemplate tx,
            List<ChatGateway> gateways, BatonProperties properties,
            @Value("${baton.outbox.send-after-commit:true}") boolean sendAfterCommit, MeterRegistry meters,
            HandOvers handOvers) {
        this.handOvers = handOvers;
        this.jdbc = jdbc;
        this.statements = statements;
        this.json = json;
        this.clock = clock;
        this.tx = tx;
        this.gateways = gateways.stream().collect(Collectors.toMap(ChatGateway::platform, Function.identity()));
        this.settings = properties.outbox();
        this.sendAfterCommit = sendAfterCommit;
        this.meters = meters;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, settings.workers()), r -> {
            Thread t = new Thread(r, "outbox-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AtomicInteger h = new AtomicInteger();
        this.heldSenders = Executors.newFixedThreadPool(Math.max(1, settings.workers()), r -> {
            Thread t = new Thread(r, "outbox-held-" + h.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Sends a held answer now, on one of {@code baton.outbox.workers} threads of its own, and says how it went:
     * {@code sent} once the platform took it, {@code notSent} when it refused or failed, or when the send could not
     * start by {@code startBy} (a backlog): then the outbox's own round sends it, with its retries. It skips the
     * round's claim and outcome, two transactions, because the row is HELD: no worker or replica sends it while
     * the hold lasts. Sends to a request's reply URL only: those are never paced ({@link #buckets}).
     */
    void sendHeld(Delivery delivery, Instant startBy, Runnable sent, Runnable notSent) {
        ChatGateway gateway = gateways.get(delivery.platform());
        if (gateway == null || !answersThroughReplyUrl(delivery)) {
            notSent.run();
            return;
        }
        heldInFlight.incrementAndGet();
        try {
            heldSenders.submit(() -> {
                try {
                    sendHeld(delivery, gateway, startBy, sent, notSent);
                } finally {
                    heldInFlight.decrementAndGet();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            heldInFlight.decrementAndGet();
            notSent.run();
        }
    }

    private void sendHeld(Delivery delivery, ChatGateway gateway, Instant startBy, Runnable sent, Runnable notSent) {
        boolean ok = false;
        if (!clock.instant().isAfter(startBy)) {
            try {
                gateway.send(delivery);
                countSent(delivery);
                ok = true;
            } catch (DeliveryException e) {
                countFailed(delivery, e);
                log.info("A held answer could not be sent at once; the outbox sends it: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.warn("A held answer could not be sent at once; the outbox sends it", e);
            }
        }
        try {
            (ok ? sent : notSent).run();
        } catch (DataAccessException e) {
            // it stays held; when the hold ends the outbox sends it (again, if it was sent)
            log.warn("Could not record the fate of a held answer: {}", e.getMessage());
        }
    }

    /**
     * Waits until every held answer given to {@link #sendHeld} so far was sent or given back, at most {@code max};
     * false if some still were not. For tests that look at what reached the platform right after a click.
     */
    public boolean awaitHeldSends(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (heldInFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /**
     * Sends soon after a commit instead of waiting for the next poll: wakes one more worker unless all
     * {@code baton.outbox.workers} are already working (they go on while messages are owed, so they find the new row).
     * Workers claim rows with SKIP LOCKED like replicas do, so they never send the same row twice; the pace rows,
     * locked while a send is reserved, keep the platform's limits, and {@link #earlierInFlight} a channel's order.
     * Each nudge owes one claim: a worker woken for it stops when the claims owed are made, instead of claiming once
     * more to find nothing, which had cost two statements for each message of a burst of reminders (BENCHMARKS.md,
     * section 3). What a nudged worker leaves (a row another one took first, one the pace holds back) the poll sends.
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
        releaseExpiredHolds();
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
     * An answer held for an adapter's acknowledgement whose hold is over was never confirmed: the replica died between
     * committing and answering, or could not tell. It goes out like any other message (at worst a private answer
     * arrives twice; never not at all).
     */
    void releaseExpiredHolds() {
        // what this replica confirmed is written first, so it never releases an answer it has handed over itself
        handOvers.write();
        try {
            Integer released = tx.execute(status -> {
                Instant now = clock.instant();
                // skip what a request thread is confirming right now: it is not expired for long, and waiting on it
                // while holding other rows is how the two used to deadlock
                List<Long> expired = jdbc.sql("""
                        SELECT id FROM outbox_message WHERE status = 'HELD' AND lease_until <= ?
                        ORDER BY lease_until LIMIT 500 FOR UPDATE SKIP LOCKED""")
                        .param(now).query(Long.class).list();
                if (expired.isEmpty()) {
                    return 0;
                }
                return jdbc.sql("UPDATE outbox_message SET status = 'PENDING', lease_until = NULL, "
                        + "next_attempt_at = :now WHERE id IN (:ids) AND status = 'HELD'")
                        .param("now", now).param("ids", expired).update();
            });
            if (released != null && released > 0) {
                log.warn("{} answers held for an acknowledgement were never confirmed; sending them", released);
            }
        } catch (DataAccessException e) {
            log.info("Could not release expired holds; the next poll does: {}", e.getMessage());
        }
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
        // a later answer of a channel waits behind a held one; what this replica handed over is not held any more
        handOvers.write();
        try {
            if (inDoubtLookDue()) {
                recoverInDoubt();
            }
            while (mayClaim.getAsBoolean() && dispatchOne()) {
                handled++;
            }
        } catch (TransientDataAccessException e) {
            // lost a lock race with another replica before sending anything; the next round picks it up
            log.info("Outbox round ended early: {}", e.getMessage());
        }
        return handled;
    }

    /** At most one worker looks every {@link #IN_DOUBT_EVERY}; a clock set back makes it look again. */
    private boolean inDoubtLookDue() {
        long now = clock.millis();
        long last = inDoubtLookedAt.get();
        boolean due = last == Long.MIN_VALUE || now < last || now - last >= IN_DOUBT_EVERY.toMillis();
        return due && inDoubtLookedAt.compareAndSet(last, now);
    }

    /**
     * Three steps, so a replica that dies at any point loses and repeats nothing: (1) in one transaction claim a
     * due row with SKIP LOCKED, check and reserve the pace, mark it SENDING with a lease, commit; (2) send, holding
     * no lock; (3) record the outcome. A row left SENDING past its lease is resolved by {@link #recoverInDoubt()}.
     */
    private boolean dispatchOne() {
        Claim claim = tx.execute(status -> claim(clock.instant()));
        if (claim == null) {
            return false;
        }
        if (claim.delivery() == null) {
            return true; // postponed (the pace, an earlier message of its channel), or failed before sending
        }
        MDC.put("outboxId", String.valueOf(claim.row().id()));
        try {
            waitFor(claim.sendAt());
            Outcome outcome = send(claim);
            List<Long> waiting = recordOutcome(claim, outcome);
            releaseSuccessors(waiting, claim.row().id(), clock.instant());
        } finally {
            MDC.remove("outboxId");
        }
        return true;
    }

    /** {@code sendAt}: the pace's slot reserved for the send, now or a few milliseconds ahead. */
    private record Claim(Row row, Delivery delivery, ChatGateway gateway, List<Bucket> buckets, Instant sendAt) {

        Claim(Row row) {
            this(row, null, null, List.of(), null);
        }
    }

    private record Outcome(Instant at, DeliveryException failure, RuntimeException error, Posted posted) {
    }

    /*
     * Earliest due first, in the order of ix_outbox_due (status, next_attempt_at, then the primary key): ordering by
     * id alone made the database walk the primary key from the oldest row, through every sent one, on each claim —
     * the benchmark's backlog of 20,000 answers drained at 45 a second. A channel's order is kept by its backlog
     * being held back together and by earlierInFlight.
     */
    private Claim claim(Instant now) {
        Optional<Row> claimed = jdbc.sql("""
                SELECT id, payload, attempts, created_at FROM outbox_message
                WHERE status = 'PENDING' AND next_attempt_at <= ?
                ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .param(now)
                .query(ROW)
                .optional();
        if (claimed.isEmpty()) {
            return null;
        }
        Row row = claimed.get();
        Delivery delivery;
        try {
            delivery = json.readValue(row.payload(), Delivery.class);
        } catch (RuntimeException e) {
            fail(row.tried(), now, true, null, "unreadable payload: " + e.getMessage());
            return new Claim(row);
        }
        ChatGateway gateway = gateways.get(delivery.platform());
        if (gateway == null) {
            fail(row.tried(), now, false, Duration.ofMinutes(1), "No gateway for platform " + delivery.platform());
            return new Claim(row);
        }
        String channel = channelKey(delivery);
        List<Bucket> buckets = buckets(delivery, gateway.pace());
        // whether an earlier message of the channel is in flight, and the pace, in one round trip; the buckets are
        // locked even when the message then waits for its predecessor, until this short transaction ends
        RoundTrip check = RoundTrip.on(statements);
        RoundTrip.Rows<Long> earlier = channel == null ? null : earlierInFlight(check, channel, row.id(), now);
        List<RoundTrip.Rows<Timestamp>> paces = lock(check, buckets);
        check.run();
        if (earlier != null && earlier.optional().orElse(0L) > 0) {
            // another worker or replica is sending an earlier message of this channel: keep the channel in order
            jdbc.sql("UPDATE outbox_message SET next_attempt_at = ? WHERE id = ?")
                    .params(now.plus(ORDER_WAIT), row.id()).update();
            return new Claim(row);
        }
        Instant allowedAt = Instant.EPOCH;
        for (int i = 0; i < buckets.size(); i++) {
            Instant next = paced(buckets.get(i), paces.get(i));
            allowedAt = next.isAfter(allowedAt) ? next : allowedAt;
        }
        // the pace is kept by the time its rows were locked, not by when this claim began: a worker that waited for
        // the lock would otherwise reserve its send from a time already past, and sends could bunch
        Instant locked = clock.instant();
        RoundTrip write = RoundTrip.on(statements);
        if (allowedAt.isAfter(locked.plus(reserveAhead(buckets)))) {
            meters.counter("baton.outbox.paced", "platform", delivery.platform()).increment();
            // hold back the whole backlog of this channel in one statement, not row by row
            write.update("UPDATE outbox_message SET next_attempt_at = ? WHERE id = ?", allowedAt,
                    row.id());
            if (channel != null) {
                write.update("""
                        UPDATE outbox_message SET next_attempt_at = ?
                        WHERE status = 'PENDING' AND channel_key = ? AND next_attempt_at < ?""",
                        allowedAt, channel, allowedAt);
            }
            write.run();
            return new Claim(row);
        }
        // the slot is taken now even when it is a few milliseconds ahead: the worker waits for it (dispatchOne)
        // rather than turning the claim away, which under a paced burst had been most claims, each for nothing
        Instant sendAt = allowedAt.isAfter(locked) ? allowedAt : locked;
        buckets.forEach(b -> pace(write, b.key(), sendAt.plus(b.interval())));
        write.update("""
                UPDATE outbox_message SET status = 'SENDING', lease_until = ?, attempts = attempts + 1
                WHERE id = ?""", sendAt.plus(settings.lease()), row.id());
        write.run();
        return new Claim(row.tried(), delivery, gateway, buckets, sendAt);
    }

    /**
     * Must this message wait for an earlier one of its channel? Yes while one is being sent or held for an adapter's
     * acknowledgement, or has never been tried
     * (it waits itself, for the pace or for its own predecessor). An earlier one that failed and waits for a retry
     * does not hold the channel, or a message bound to be parked as DEAD could hold it for a day.
     */
    private static RoundTrip.Rows<Long> earlierInFlight(RoundTrip trip, String channel, long id, Instant now) {
        return trip.query("""
                SELECT COUNT(*) FROM outbox_message WHERE status IN ('SENDING', 'PENDING', 'HELD') AND channel_key = ?
                AND id < ? AND (status <> 'PENDING' OR attempts = 0 OR next_attempt_at <= ?)""",
                (rs, i) -> rs.getLong(1), channel, id, now);
    }

    /**
     * A message of a channel is out: the ones that waited behind it are due now, so this worker goes on with them
     * instead of leaving them to the next poll. One held back by the pace is checked against it again when claimed.
     * They were read with the outcome ({@link #waitingBehind}).
     */
    private void releaseSuccessors(List<Long> waiting, long id, Instant now) {
        try {
            // row by row, each on its own (autocommit): this never holds one row while waiting for another, so it
            // cannot deadlock with a claim that is holding back the channel
            for (long next : waiting) {
                int released = jdbc.sql("""
                        UPDATE outbox_message SET next_attempt_at = ?
                        WHERE id = ? AND status = 'PENDING' AND next_attempt_at > ?""")
                        .params(now, next, now).update();
                if (sendAfterCommit) {
                    owed.addAndGet(released); // a worker woken by a nudge goes on with them too
                }
            }
        } catch (DataAccessException e) {
            log.debug("Could not release the messages waiting behind {}; the next poll does", id, e);
        }
    }

    /** Messages of the channel that have waited behind this one and were never tried (a plain read, no lock). */
    private static RoundTrip.Rows<Long> waitingBehind(RoundTrip trip, String channel, long id, Instant now) {
        return trip.query("""
                SELECT id FROM outbox_message
                WHERE status = 'PENDING' AND channel_key = ? AND id > ? AND attempts = 0 AND next_attempt_at > ?
                ORDER BY id LIMIT 20""", (rs, i) -> rs.getLong(1), channel, id, now);
    }

    /**
     * The send happened: its outcome must be written, or the row would stay in flight until its lease ends and be
     * sent again. A transaction chosen as a deadlock victim is therefore tried again.
     */
    private List<Long> recordOutcome(Claim claim, Outcome outcome) {
        String channel = channelKey(claim.delivery());
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> record(claim.row(), channel, outcome));
            } catch (TransientDataAccessException e) {
                if (attempt >= 5) {
                    throw e;
                }
                try {
                    Thread.sleep(5L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * How far ahead a claim may take the pace's next slot and wait for it: as many of the workspace's intervals as
     * there are workers (at Slack's 50 ms and 4 workers, 200 ms), so each worker holds at most about one slot. A
     * channel's own pace (a second) is further than that, and its messages are postponed as before.
     */
    private Duration reserveAhead(List<Bucket> buckets) {
        return buckets.isEmpty() ? Duration.ZERO
                : buckets.get(0).interval().multipliedBy(Math.max(1, settings.workers()));
    }

    /** Until the pace's slot: a replica that stops meanwhile leaves the row SENDING, which recoverInDoubt resolves. */
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
                // the platform asked for quiet: hold everything else for this channel and workspace too
                tx.executeWithoutResult(s -> {
                    RoundTrip quiet = RoundTrip.on(statements);
                    claim.buckets().forEach(b -> pace(quiet, b.key(), at.plus(e.retryAfter())));
                    quiet.run();
                });
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

    /** Writes the outcome and reads, in the same round trip, the messages of the channel that waited behind it. */
    private List<Long> record(Row row, String channel, Outcome outcome) {
        RoundTrip trip = RoundTrip.on(statements);
        if (outcome.failure() != null) {
            fail(trip, row, outcome.at(), outcome.failure().permanent(), outcome.failure().retryAfter(),
                    outcome.failure().getMessage());
        } else if (outcome.error() != null) {
            fail(trip, row, outcome.at(), false, null, outcome.error().toString());
        } else {
            trip.update("""
                    UPDATE outbox_message SET status = 'SENT', sent_at = ?, lease_until = NULL, posted_channel = ?,
                        posted_message_id = ?
                    WHERE id = ? AND status = 'SENDING'""",
                    outcome.at(), outcome.posted() == null ? null : outcome.posted().channelId(),
                    outcome.posted() == null ? null : outcome.posted().messageId(), row.id());
        }
        RoundTrip.Rows<Long> waiting = channel == null ? null : waitingBehind(trip, channel, row.id(), clock.instant());
        trip.run();
        return waiting == null ? List.of() : waiting.list();
    }

    /**
     * Rows still SENDING after their lease belong to a replica that died mid-send. Ask the platform whether the
     * message arrived: if so it is SENT, if not (or if the platform cannot tell) it is sent again.
     */
    void recoverInDoubt() {
        while (true) {
            Boolean more = tx.execute(status -> {
                Instant now = clock.instant();
                Optional<Row> doubtful = jdbc.sql("""
                        SELECT id, payload, attempts, created_at FROM outbox_message
                        WHERE status = 'SENDING' AND lease_until <= ?
                        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED""")
                        .param(now)
                        .query(ROW)
                        .optional();
                if (doubtful.isEmpty()) {
                    return false;
                }
                Row row = doubtful.get();
                boolean delivered = false;
                try {
                    Delivery delivery = json.readValue(row.payload(), Delivery.class);
                    ChatGateway gateway = gateways.get(delivery.platform());
                    delivered = gateway != null && gateway.wasDelivered(delivery, row.createdAt()).orElse(false);
                } catch (RuntimeException e) {
                    log.warn("Could not ask whether outbox message {} arrived; sending it again", row.id(), e);
                }
                log.warn("Outbox message {} was in flight when its replica stopped; {}", row.id(),
                        delivered ? "it arrived" : "sending it again");
                if (delivered) {
                    jdbc.sql("UPDATE outbox_message SET status = 'SENT', lease_until = NULL, sent_at = ? WHERE id = ?")
                            .params(now, row.id()).update();
                } else {
                    jdbc.sql("""
                            UPDATE outbox_message SET status = 'PENDING', lease_until = NULL, next_attempt_at = ?
                            WHERE id = ?""").params(now, row.id()).update();
                }
                return true;
            });
            if (!Boolean.TRUE.equals(more)) {
                return;
            }
        }
    }

    private record Bucket(String key, Duration interval) {
    }

    /** Workspace first, then the channel, if the kind of send is limited per channel. */
    private static List<Bucket> buckets(Delivery d, ChatGateway.Pace pace) {
        if (answersThroughReplyUrl(d)) {
            // a reply URL belongs to one request and allows a few uses of its own; the workspace's posting limits
            // do not apply, and pacing them would make a room of voters wait minutes for their confirmations
            return List.of();
        }
        List<Bucket> buckets = new ArrayList<>();
        buckets.add(new Bucket(WORKSPACE_BUCKET + d.workspace(), pace.perWorkspace()));
        String channel = channelKey(d);
        if (channel != null) {
            buckets.add(new Bucket(channel, pace.perChannel()));
        }
        return buckets;
    }

    private static boolean answersThroughReplyUrl(Delivery d) {
        String url = d.target() instanceof Target.Ephemeral e ? e.responseUrl()
                : d.target() instanceof Target.Update u && u.messageId() == null ? u.responseUrl() : null;
        return url != null && !url.isBlank();
    }

    /** The pace key of the channel a delivery goes to, or null where the platform does not limit per channel. */
    static String channelKey(Delivery d) {
        String channel = d.target().accept(new Target.Visitor<String>() {
            @Override
            public String ephemeral(Target.Ephemeral t) {
                // answers to one request keep their order; they are never paced (see buckets)
                return t.responseUrl() != null ? "reply:" + Integer.toHexString(t.responseUrl().hashCode()) + ":"
                        + t.responseUrl().length() : t.channelId();
            }

            @Override
            public String direct(Target.Direct t) {
                return "dm:" + t.userId();
            }

            @Override
            public String channel(Target.Channel t) {
                return t.channelId();
            }

            @Override
            public String update(Target.Update t) {
                return t.channelId();
            }

            @Override
            public String modal(Target.Modal t) {
                return null; // a trigger lives three seconds; forms are never held back
            }
        });
        return channel == null ? null : "ch:" + d.workspace() + ":" + channel;
    }

    /**
     * Locks the buckets; each handle gives the earliest time its bucket allows a send, or nothing when a workspace's
     * bucket that was there has been cleared away since ({@link #paced}).
     */
    private List<RoundTrip.Rows<Timestamp>> lock(RoundTrip trip, List<Bucket> buckets) {
        List<RoundTrip.Rows<Timestamp>> paces = new ArrayList<>();
        for (Bucket b : buckets) {
            if (!workspaceBuckets.contains(b.key())) {
                // an exclusive lock straight away: INSERT IGNORE would take a shared one and two replicas upgrading
                // shared locks deadlock; every lock is held before the send, so nothing can fail after it
                trip.update("INSERT INTO send_pace (bucket, next_at) VALUES (?, ?) "
                        + "ON DUPLICATE KEY UPDATE bucket = bucket", b.key(),
                        Instant.EPOCH.plusSeconds(1));
            }
            paces.add(trip.query("SELECT next_at FROM send_pace WHERE bucket = ? FOR UPDATE",
                    (rs, i) -> rs.getTimestamp(1), b.key()));
        }
        return paces;
    }

    /**
     * When {@code bucket} allows a send, as locked by {@link #lock}. A workspace's bucket is made once and then only
     * locked, a statement less for every message; housekeeping may clear it away when it has been idle, and then it
     * is made again here.
     */
    private Instant paced(Bucket bucket, RoundTrip.Rows<Timestamp> locked) {
        Optional<Timestamp> next = locked.optional();
        if (next.isEmpty()) {
            workspaceBuckets.remove(bucket.key());
            RoundTrip again = RoundTrip.on(statements);
            List<RoundTrip.Rows<Timestamp>> relocked = lock(again, List.of(bucket));
            again.run();
            next = relocked.get(0).optional();
        }
        if (bucket.key().startsWith(WORKSPACE_BUCKET)) {
            workspaceBuckets.add(bucket.key());
        }
        return next.orElseThrow().toInstant();
    }

    private static void pace(RoundTrip trip, String bucket, Instant next) {
        trip.update("UPDATE send_pace SET next_at = GREATEST(next_at, ?) WHERE bucket = ?", next,
                bucket);
    }

    /** {@link #fail(RoundTrip, Row, Instant, boolean, Duration, String)} in a statement of its own. */
    private void fail(Row row, Instant now, boolean permanent, Duration retryAfter, String error) {
        RoundTrip trip = RoundTrip.on(statements);
        fail(trip, row, now, permanent, retryAfter, error);
        trip.run();
    }

    /**
     * A transient failure is retried with doubling delays up to {@code maxRetryDelay} for as long as
     * {@code maxAge} allows, so an outage of hours loses nothing; a permanent one is parked as DEAD at once.
     * {@code row.attempts()} already counts the failed try.
     */
    private void fail(RoundTrip trip, Row row, Instant now, boolean permanent, Duration retryAfter, String error) {
        int attempts = row.attempts();
        boolean dead = permanent || !now.isBefore(row.createdAt().plus(settings.maxAge()));
        Duration backoff = settings.firstRetryDelay().multipliedBy(1L << Math.min(attempts - 1, 20));
        if (backoff.compareTo(settings.maxRetryDelay()) > 0) {
            backoff = settings.maxRetryDelay();
        }
        if (retryAfter != null) {
            backoff = retryAfter;
        }
        log.warn("Outbox message {} failed (attempt {}{}): {}", row.id(), attempts, dead ? ", parked as DEAD" : "",
                error);
        trip.update("""
                UPDATE outbox_message SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?,
                    lease_until = NULL WHERE id = ?""",
                dead ? "DEAD" : "PENDING", attempts, now.plus(backoff),
                error == null ? null : error.substring(0, Math.min(error.length(), 1000)), row.id());
    }

    private static final org.springframework.jdbc.core.RowMapper<Row> ROW = (rs, i) -> new Row(rs.getLong("id"),
            rs.getString("payload"), rs.getInt("attempts"), rs.getTimestamp("created_at").toInstant());

    private record Row(long id, String payload, int attempts, Instant createdAt) {

        /** The row as it is once this try is counted. */
        Row tried() {
            return new Row(id, payload, attempts + 1, createdAt);
        }
    }
}
