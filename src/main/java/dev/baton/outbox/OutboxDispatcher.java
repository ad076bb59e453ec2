package dev.baton.outbox;

import dev.baton.conversation.ChatGateway;
import dev.baton.conversation.Delivery;
import dev.baton.conversation.DeliveryException;
import dev.baton.system.BatonProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends pending outbox rows. A row is claimed with {@code FOR UPDATE SKIP LOCKED} inside the transaction that
 * marks it sent, so two replicas never send the same row; a failed send is retried later with exponential
 * backoff (or the platform's Retry-After), and after {@code maxAttempts} it is parked as DEAD for an admin.
 */
@Component
public class OutboxDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final int BATCH = 20;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Map<String, ChatGateway> gateways;
    private final BatonProperties.Outbox settings;
    private final boolean sendAfterCommit;
    private final ExecutorService nudges = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-nudge");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean nudgePending = new AtomicBoolean();

    OutboxDispatcher(JdbcClient jdbc, JsonMapper json, Clock clock, TransactionTemplate tx,
            List<ChatGateway> gateways, BatonProperties properties,
            @Value("${baton.outbox.send-after-commit:true}") boolean sendAfterCommit) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.tx = tx;
        this.gateways = gateways.stream().collect(Collectors.toMap(ChatGateway::platform, Function.identity()));
        this.settings = properties.outbox();
        this.sendAfterCommit = sendAfterCommit;
    }

    /** Sends soon after a commit instead of waiting for the next poll; at most one nudge is queued at a time. */
    void nudge() {
        if (sendAfterCommit && nudgePending.compareAndSet(false, true)) {
            nudges.submit(() -> {
                nudgePending.set(false);
                try {
                    drain();
                } catch (RuntimeException e) {
                    log.warn("Outbox dispatch after commit failed; the poller will retry", e);
                }
            });
        }
    }

    @Scheduled(fixedDelayString = "${baton.outbox.poll-interval:500ms}",
            initialDelayString = "${baton.outbox.poll-interval:500ms}")
    void poll() {
        drain();
    }

    /** Sends everything due now; returns how many rows it handled. */
    public int drain() {
        int total = 0;
        int handled;
        do {
            handled = dispatchBatch();
            total += handled;
        } while (handled == BATCH);
        return total;
    }

    private int dispatchBatch() {
        Integer n = tx.execute(status -> {
            List<Row> rows = jdbc.sql("""
                    SELECT id, payload, attempts FROM outbox_message
                    WHERE status = 'PENDING' AND next_attempt_at <= ?
                    ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""")
                    .params(Timestamp.from(clock.instant()), BATCH)
                    .query((rs, i) -> new Row(rs.getLong("id"), rs.getString("payload"), rs.getInt("attempts")))
                    .list();
            for (Row row : rows) {
                send(row);
            }
            return rows.size();
        });
        return n == null ? 0 : n;
    }

    private void send(Row row) {
        Instant now = clock.instant();
        try {
            Delivery delivery = json.readValue(row.payload(), Delivery.class);
            ChatGateway gateway = gateways.get(delivery.platform());
            if (gateway == null) {
                throw new DeliveryException("No gateway for platform " + delivery.platform(), false,
                        Duration.ofMinutes(1), null);
            }
            gateway.send(delivery);
            jdbc.sql("UPDATE outbox_message SET status = 'SENT', sent_at = ?, attempts = attempts + 1 WHERE id = ?")
                    .params(Timestamp.from(now), row.id()).update();
        } catch (DeliveryException e) {
            fail(row, now, e.permanent(), e.retryAfter(), e.getMessage());
        } catch (RuntimeException e) {
            fail(row, now, false, null, e.toString());
        }
    }

    private void fail(Row row, Instant now, boolean permanent, Duration retryAfter, String error) {
        int attempts = row.attempts() + 1;
        boolean dead = permanent || attempts >= settings.maxAttempts();
        Duration backoff = retryAfter != null ? retryAfter
                : settings.firstRetryDelay().multipliedBy(1L << Math.min(attempts - 1, 12));
        log.warn("Outbox message {} failed (attempt {}{}): {}", row.id(), attempts, dead ? ", giving up" : "", error);
        jdbc.sql("""
                UPDATE outbox_message SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?
                WHERE id = ?""")
                .params(dead ? "DEAD" : "PENDING", attempts, Timestamp.from(now.plus(backoff)),
                        error == null ? null : error.substring(0, Math.min(error.length(), 1000)), row.id())
                .update();
    }

    private record Row(long id, String payload, int attempts) {
    }
}
