package dev.baton.outbox;

import dev.baton.conversation.ChatGateway;
import dev.baton.conversation.Delivery;
import dev.baton.conversation.DeliveryException;
import dev.baton.conversation.Posted;
import dev.baton.outbox.Pacing.Bucket;
import dev.baton.system.BatonProperties;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.dao.DataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A send's first and last steps: claiming a due row (with its pace reserved and its channel's order kept) and
 * recording how the send went, with the backoff of a failed one.
 */
@Component
class Claims {

    private static final Logger log = LoggerFactory.getLogger(Claims.class);
    /** How long a message waits while an earlier one of its channel is in flight. */
    private static final Duration ORDER_WAIT = Duration.ofMillis(100);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Map<String, ChatGateway> gateways;
    private final BatonProperties.Outbox settings;
    private final Pacing pacing;
    private final MeterRegistry meters;

    Claims(JdbcClient jdbc, JsonMapper json, Clock clock, TransactionTemplate tx, List<ChatGateway> gateways,
            BatonProperties properties, Pacing pacing, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.tx = tx;
        this.gateways = gateways.stream().collect(Collectors.toMap(ChatGateway::platform, Function.identity()));
        this.settings = properties.outbox();
        this.pacing = pacing;
        this.meters = meters;
    }

    /** {@code sendAt}: the pace's slot reserved for the send, now or a few milliseconds ahead. */
    record Claim(OutboxRow row, Delivery delivery, ChatGateway gateway, List<Bucket> buckets, Instant sendAt) {

        Claim(OutboxRow row) {
            this(row, null, null, List.of(), null);
        }
    }

    record Outcome(Instant at, DeliveryException failure, RuntimeException error, Posted posted) {
    }

    /**
     * Claims the next due row in a transaction of its own, committed before the send; null when none is due. A claim
     * without a delivery was postponed (the pace, an earlier message of its channel) or failed before sending.
     */
    Claim next() {
        Claim claim = tx.execute(status -> claim(clock.instant()));
        // how often the workers look, and how often for nothing: an idle replica should look once a poll
        meters.counter("baton.outbox.claims", "found", String.valueOf(claim != null)).increment();
        return claim;
    }

    /*
     * Earliest due first, in the order of ix_outbox_due (status, next_attempt_at, then the primary key): ordering by
     * id alone made the database walk the primary key from the oldest row, through every sent one, on each claim —
     * the benchmark's backlog of 20,000 answers drained at 45 a second. A channel's order is kept by its backlog
     * being held back together and by earlierInFlight.
     */
    private Claim claim(Instant now) {
        Optional<OutboxRow> claimed = jdbc.sql("""
                SELECT id, payload, attempts, created_at FROM outbox_message
                WHERE status = 'PENDING' AND next_attempt_at <= ?
                ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .param(now)
                .query(OutboxRow.MAPPER)
                .optional();
        if (claimed.isEmpty()) {
            return null;
        }
        OutboxRow row = claimed.get();
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
        String channel = Pacing.channelKey(delivery);
        List<Bucket> buckets = Pacing.buckets(delivery, gateway);
        if (channel != null && earlierInFlight(channel, row.id(), now)) {
            // another worker or replica is sending an earlier message of this channel: keep the channel in order
            jdbc.sql("UPDATE outbox_message SET next_attempt_at = ? WHERE id = ?")
                    .params(now.plus(ORDER_WAIT), row.id()).update();
            return new Claim(row);
        }
        Instant allowedAt = pacing.lock(buckets);
        // the pace is kept by the time its rows were locked, not by when this claim began: a worker that waited for
        // the lock would otherwise reserve its send from a time already past, and sends could bunch
        Instant locked = clock.instant();
        if (allowedAt.isAfter(locked.plus(reserveAhead(buckets)))) {
            meters.counter("baton.outbox.paced", "platform", delivery.platform()).increment();
            // hold back the whole backlog of this channel in one statement, not row by row
            jdbc.sql("UPDATE outbox_message SET next_attempt_at = ? WHERE id = ?").params(allowedAt, row.id())
                    .update();
            if (channel != null) {
                jdbc.sql("""
                        UPDATE outbox_message SET next_attempt_at = ?
                        WHERE status = 'PENDING' AND channel_key = ? AND next_attempt_at < ?""")
                        .params(allowedAt, channel, allowedAt).update();
            }
            return new Claim(row);
        }
        // the slot is taken now even when it is a few milliseconds ahead: the worker waits for it
        // rather than turning the claim away, which under a paced burst had been most claims, each for nothing
        Instant sendAt = allowedAt.isAfter(locked) ? allowedAt : locked;
        pacing.reserve(buckets, sendAt);
        jdbc.sql("""
                UPDATE outbox_message SET status = 'SENDING', lease_until = ?, attempts = attempts + 1
                WHERE id = ?""").params(sendAt.plus(settings.lease()), row.id()).update();
        return new Claim(row.tried(), delivery, gateway, buckets, sendAt);
    }

    /**
     * Must this message wait for an earlier one of its channel? Yes while one is being sent or held for an adapter's
     * acknowledgement, or has never been tried
     * (it waits itself, for the pace or for its own predecessor). An earlier one that failed and waits for a retry
     * does not hold the channel, or a message bound to be parked as DEAD could hold it for a day.
     */
    private boolean earlierInFlight(String channel, long id, Instant now) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM outbox_message WHERE status IN ('SENDING', 'PENDING', 'HELD') AND channel_key = ?
                AND id < ? AND (status <> 'PENDING' OR attempts = 0 OR next_attempt_at <= ?)""")
                .params(channel, id, now).query(Long.class).single() > 0;
    }

    /**
     * The send happened: its outcome must be written, or the row would stay in flight until its lease ends and be
     * sent again. A transaction chosen as a deadlock victim is therefore tried again. Returns the messages of the
     * channel that waited behind it, now released: how many.
     */
    int record(Claim claim, Outcome outcome) {
        // successors are released only where that lets them go sooner: behind a channel's own pace (Slack's second,
        // Feishu's 200 ms) the pace holds them anyway, and looking for them cost a read for every send of a burst
        String channel = Pacing.channelInterval(claim.buckets()).compareTo(ORDER_WAIT) < 0
                ? Pacing.channelKey(claim.delivery()) : null;
        List<Long> waiting;
        for (int attempt = 1; ; attempt++) {
            try {
                // one statement, so no transaction of its own (bench/run: three round trips fewer for every send)
                waiting = record(claim.row(), channel, outcome);
                break;
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
        return releaseSuccessors(waiting, claim.row().id(), clock.instant());
    }

    /** The platform asked for quiet: hold everything else for the claim's channel and workspace too. */
    void quiet(Claim claim, Instant until) {
        tx.executeWithoutResult(s -> claim.buckets().forEach(b -> pacing.pace(b.key(), until)));
    }

    /** Writes the outcome; returns the messages of the channel that waited behind it. */
    private List<Long> record(OutboxRow row, String channel, Outcome outcome) {
        if (outcome.failure() != null) {
            fail(row, outcome.at(), outcome.failure().permanent(), outcome.failure().retryAfter(),
                    outcome.failure().getMessage());
        } else if (outcome.error() != null) {
            fail(row, outcome.at(), false, null, outcome.error().toString());
        } else {
            jdbc.sql("""
                    UPDATE outbox_message SET status = 'SENT', sent_at = ?, lease_until = NULL, posted_channel = ?,
                        posted_message_id = ?
                    WHERE id = ? AND status = 'SENDING'""")
                    .params(outcome.at(), outcome.posted() == null ? null : outcome.posted().channelId(),
                            outcome.posted() == null ? null : outcome.posted().messageId(), row.id())
                    .update();
        }
        return channel == null ? List.of() : waitingBehind(channel, row.id(), clock.instant());
    }

    /**
     * A message of a channel is out: the ones that waited behind it are due now, so this worker goes on with them
     * instead of leaving them to the next poll. One held back by the pace is checked against it again when claimed.
     * They were read with the outcome.
     */
    private int releaseSuccessors(List<Long> waiting, long id, Instant now) {
        int released = 0;
        try {
            // row by row, each on its own (autocommit): this never holds one row while waiting for another, so it
            // cannot deadlock with a claim that is holding back the channel
            for (long next : waiting) {
                released += jdbc.sql("""
                        UPDATE outbox_message SET next_attempt_at = ?
                        WHERE id = ? AND status = 'PENDING' AND next_attempt_at > ?""")
                        .params(now, next, now).update();
            }
        } catch (DataAccessException e) {
            log.debug("Could not release the messages waiting behind {}; the next poll does", id, e);
        }
        return released;
    }

    /** Messages of the channel that have waited behind this one and were never tried (a plain read, no lock). */
    private List<Long> waitingBehind(String channel, long id, Instant now) {
        return jdbc.sql("""
                SELECT id FROM outbox_message
                WHERE status = 'PENDING' AND channel_key = ? AND id > ? AND attempts = 0 AND next_attempt_at > ?
                ORDER BY id LIMIT 20""").params(channel, id, now).query(Long.class).list();
    }

    /**
     * How far ahead a claim may take the pace's next slot and wait for it: as many of the workspace's intervals as
     * there are workers (at Slack's 50 ms and 4 workers, 200 ms), so each worker holds at most about one slot. A
     * channel's own pace (a second) is further than that, and its messages are postponed as before.
     */
    private Duration reserveAhead(List<Bucket> buckets) {
        return Pacing.workspaceInterval(buckets).multipliedBy(Math.max(1, settings.workers()));
    }

    /**
     * A transient failure is retried with doubling delays up to {@code maxRetryDelay} for as long as
     * {@code maxAge} allows, so an outage of hours loses nothing; a permanent one is parked as DEAD at once.
     * {@code row.attempts()} already counts the failed try.
     */
    private void fail(OutboxRow row, Instant now, boolean permanent, Duration retryAfter, String error) {
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
        jdbc.sql("""
                UPDATE outbox_message SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?,
                    lease_until = NULL WHERE id = ?""")
                .params(dead ? "DEAD" : "PENDING", attempts, now.plus(backoff),
                        error == null ? null : error.substring(0, Math.min(error.length(), 1000)), row.id())
                .update();
    }
}
