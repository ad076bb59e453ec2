package dev.baton.outbox;

import dev.baton.conversation.Deliveries;
import dev.baton.conversation.Delivery;
import dev.baton.conversation.Posted;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/** Writes deliveries to {@code outbox_message}; a key seen before is ignored, so a re-run never posts twice. */
@Component
class Outbox implements Deliveries {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final OutboxDispatcher dispatcher;

    Outbox(JdbcClient jdbc, JsonMapper json, Clock clock, OutboxDispatcher dispatcher) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.dispatcher = dispatcher;
    }

    @Override
    public void enqueue(Delivery delivery) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                INSERT IGNORE INTO outbox_message (platform, workspace, idempotency_key, channel_key, payload, status,
                    attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)""")
                .params(delivery.platform(), delivery.workspace(), delivery.key(),
                        Pacing.channelKey(delivery), json.writeValueAsString(delivery), now, now)
                .update();
        nudgeAfterCommit();
    }

    /**
     * HELD until {@code lease_until}: no worker claims it, and later messages of its channel wait behind it. The
     * dispatcher's poll turns it PENDING once the hold is over, unless the adapter said it was handed over.
     */
    @Override
    public long hold(Delivery delivery, Duration hold) {
        Instant at = clock.instant();
        Timestamp now = Timestamp.from(at);
        KeyHolder id = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO outbox_message (platform, workspace, idempotency_key, channel_key, payload, status,
                    attempts, next_attempt_at, lease_until, created_at)
                VALUES (?, ?, ?, ?, ?, 'HELD', 0, ?, ?, ?)""")
                .params(delivery.platform(), delivery.workspace(), delivery.key(),
                        Pacing.channelKey(delivery), json.writeValueAsString(delivery), now,
                        Timestamp.from(at.plus(hold)), now)
                .update(id, "id");
        return id.getKey().longValue();
    }

    /** One statement on the request's thread, right after its acknowledgement was written. */
    @Override
    public void handedOver(long id) {
        retryingLockConflicts(() -> jdbc.sql("UPDATE outbox_message SET status = 'SENT', attempts = 1, lease_until = NULL, "
                + "sent_at = ? WHERE id = ? AND status = 'HELD'").params(Timestamp.from(clock.instant()), id)
                .update());
    }

    @Override
    public void release(long id) {
        if (retryingLockConflicts(() -> jdbc.sql("UPDATE outbox_message SET status = 'PENDING', lease_until = NULL, "
                + "next_attempt_at = ? WHERE id = ? AND status = 'HELD'")
                .params(Timestamp.from(clock.instant()), id).update()) > 0) {
            nudgeAfterCommit();
        }
    }

    /**
     * A handed-over or released answer is one statement of its own, after the command's transaction; a deadlock or
     * lock timeout rolled back only that statement, so it is safe to run again. Giving up would leave the answer
     * waiting for its hold to end.
     */
    private int retryingLockConflicts(IntSupplier statement) {
        for (int attempt = 1; ; attempt++) {
            try {
                return statement.getAsInt();
            } catch (ConcurrencyFailureException e) {
                if (attempt == 3 || TransactionSynchronizationManager.isActualTransactionActive()) {
                    throw e;
                }
            }
        }
    }

    private void nudgeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    dispatcher.nudge();
                }
            });
        } else {
            dispatcher.nudge();
        }
    }

    @Override
    public Optional<Posted> posted(String key) {
        return jdbc.sql("""
                SELECT posted_channel, posted_message_id FROM outbox_message
                WHERE idempotency_key = ? AND status = 'SENT' AND posted_message_id IS NOT NULL""")
                .param(key)
                .query((rs, i) -> new Posted(rs.getString(1), rs.getString(2)))
                .optional();
    }
}
