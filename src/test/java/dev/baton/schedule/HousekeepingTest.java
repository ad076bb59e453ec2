package dev.baton.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.BatonTestSupport;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class HousekeepingTest extends BatonTestSupport {

    @Autowired
    private Housekeeping housekeeping;
    @Autowired
    private JobRunner runner;
    @Autowired
    private Schedule schedule;

    @Test
    void removesOnlyWhatIsNoLongerNeededAndPlansItsNextRun() {
        resetWorld();
        Instant now = Instant.parse("2026-03-10T00:00:00Z");
        clock.set(now);
        jdbc.sql("INSERT INTO inbound_event (event_key, received_at) VALUES ('old', ?), ('recent', ?)")
                .params(Timestamp.from(now.minus(Duration.ofDays(4))), Timestamp.from(now.minus(Duration.ofHours(7))))
                .update();
        jdbc.sql("""
                INSERT INTO outbox_message (platform, workspace, idempotency_key, payload, status, next_attempt_at,
                    created_at, sent_at) VALUES
                ('slack', 'w', 'sent-old', '{}', 'SENT', ?, ?, ?),
                ('slack', 'w', 'dead-old', '{}', 'DEAD', ?, ?, NULL),
                ('slack', 'w', 'sent-new', '{}', 'SENT', ?, ?, ?)""")
                .params(Timestamp.from(now.minus(Duration.ofDays(40))), Timestamp.from(now.minus(Duration.ofDays(40))),
                        Timestamp.from(now.minus(Duration.ofDays(40))), Timestamp.from(now.minus(Duration.ofDays(40))),
                        Timestamp.from(now.minus(Duration.ofDays(40))), Timestamp.from(now), Timestamp.from(now),
                        Timestamp.from(now))
                .update();
        schedule.at(Housekeeping.KEY, Housekeeping.KEY, "", now);
        runner.runDue();
        assertThat(jdbc.sql("SELECT event_key FROM inbound_event").query(String.class).list()).containsExactly("recent");
        assertThat(jdbc.sql("SELECT idempotency_key FROM outbox_message ORDER BY id").query(String.class).list())
                .as("dead letters wait for an admin").containsExactly("dead-old", "sent-new");
        assertThat(schedule.dueAt(Housekeeping.KEY)).contains(now.plus(Housekeeping.EVERY));
    }
}
