package dev.baton.outbox;

import dev.baton.conversation.ChatGateway;
import dev.baton.conversation.Delivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a replica left unfinished when it stopped: answers held for an acknowledgement that never came, and sends
 * still in flight past their lease. Neither is lost, and a send that arrived is not made twice.
 */
@Component
public class InDoubt {

    private static final Logger log = LoggerFactory.getLogger(InDoubt.class);
    /**
     * How often a replica looks for sends left in flight by a replica that died. They wait for their lease to end
     * (minutes) anyway, so looking on every round of the workers would only cost statements.
     */
    private static final Duration LOOK_EVERY = Duration.ofSeconds(1);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Map<String, ChatGateway> gateways;
    /** When this replica last looked for sends in doubt (epoch millis of the clock). */
    private final AtomicLong lookedAt = new AtomicLong(Long.MIN_VALUE);

    InDoubt(JdbcClient jdbc, JsonMapper json, Clock clock, TransactionTemplate tx, List<ChatGateway> gateways) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.tx = tx;
        this.gateways = gateways.stream().collect(Collectors.toMap(ChatGateway::platform, Function.identity()));
    }

    /**
     * An answer held for an adapter's acknowledgement whose hold is over was never confirmed: the replica died between
     * committing and answering, or could not tell. It goes out like any other message (at worst a private answer
     * arrives twice; never not at all).
     */
    public void releaseExpiredHolds() {
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

    /** Looks for sends in doubt at most once every {@link #LOOK_EVERY}; a clock set back makes it look again. */
    void recoverIfDue() {
        long now = clock.millis();
        long last = lookedAt.get();
        boolean due = last == Long.MIN_VALUE || now < last || now - last >= LOOK_EVERY.toMillis();
        if (due && lookedAt.compareAndSet(last, now)) {
            recoverInDoubt();
        }
    }

    /**
     * Rows still SENDING after their lease belong to a replica that died mid-send. Ask the platform whether the
     * message arrived: if so it is SENT, if not (or if the platform cannot tell) it is sent again.
     */
    void recoverInDoubt() {
        while (true) {
            Boolean more = tx.execute(status -> {
                Instant now = clock.instant();
                Optional<OutboxRow> doubtful = jdbc.sql("""
                        SELECT id, payload, attempts, created_at FROM outbox_message
                        WHERE status = 'SENDING' AND lease_until <= ?
                        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED""")
                        .param(now)
                        .query(OutboxRow.MAPPER)
                        .optional();
                if (doubtful.isEmpty()) {
                    return false;
                }
                OutboxRow row = doubtful.get();
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
}
