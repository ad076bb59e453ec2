package dev.baton.conversation;

import dev.baton.system.RoundTrip;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
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

    /**
     * {@link #firstDelivery(String)} for several events, recorded in {@code trip} as one statement; once it ran, true
     * when every one of them was a first delivery (which one was not is not known: the caller then does them one by
     * one).
     */
    Supplier<Boolean> firstDeliveries(List<String> eventKeys, RoundTrip trip) {
        Timestamp now = Timestamp.from(clock.instant());
        Object[] params = new Object[eventKeys.size() * 2];
        for (int i = 0; i < eventKeys.size(); i++) {
            params[2 * i] = eventKeys.get(i);
            params[2 * i + 1] = now;
        }
        RoundTrip.Count recorded = trip.update("INSERT IGNORE INTO inbound_event (event_key, received_at) VALUES "
                + RoundTrip.repeated("(?, ?)", eventKeys.size()), params);
        return () -> recorded.get() == eventKeys.size();
    }

    /** {@link #firstDelivery(String)}, recorded in {@code trip} with other statements; true once it ran if first. */
    Supplier<Boolean> firstDelivery(String eventKey, RoundTrip trip) {
        RoundTrip.Count recorded = trip.update(RECORD, eventKey, Timestamp.from(clock.instant()));
        return () -> recorded.get() == 1;
    }
}
