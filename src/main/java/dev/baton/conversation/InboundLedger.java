package dev.baton.conversation;

import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Remembers platform event ids; the unique key makes a concurrent redelivery wait for, then lose to, the first. */
@Component
class InboundLedger {

    private static final String RECORD = "INSERT IGNORE INTO inbound_event (event_key, received_at) VALUES (?, ?)";

    private final JdbcClient jdbc;
    private final Clock clock;

    InboundLedger(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    boolean firstDelivery(String eventKey) {
        return jdbc.sql(RECORD).params(eventKey, Timestamp.from(clock.instant())).update() == 1;
    }

    /** Forgets a key recorded in this transaction (a form sent back with errors may be submitted again). */
    void forget(String eventKey) {
        jdbc.sql("DELETE FROM inbound_event WHERE event_key = ?").param(eventKey).update();
    }
}
