package dev.baton.schedule;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Hourly clean-up of bookkeeping that is only needed for a while: event ids and signatures (platforms redeliver for
 * hours, not days), sent messages (kept a month for admins), pace rows of quiet channels, and the keys of Telegram
 * buttons sent half a year ago.
 */
@Component
class Housekeeping implements JobHandler {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    static final String KEY = "system.housekeeping";
    static final Duration EVERY = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final Schedule schedule;
    private final Clock clock;

    Housekeeping(JdbcClient jdbc, Schedule schedule, Clock clock) {
        this.jdbc = jdbc;
        this.schedule = schedule;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KEY;
    }

    @EventListener(ApplicationReadyEvent.class)
    void plan() {
        if (schedule.dueAt(KEY).isEmpty()) {
            schedule.at(KEY, KEY, "", clock.instant().plus(EVERY));
        }
    }

    @Override
    public Optional<Instant> run(Job job) {
        Instant now = clock.instant();
        int events = jdbc.sql("DELETE FROM inbound_event WHERE received_at < ?")
                .param(Timestamp.from(now.minus(Duration.ofDays(3)))).update();
        int sent = jdbc.sql("DELETE FROM outbox_message WHERE status = 'SENT' AND sent_at < ?")
                .param(Timestamp.from(now.minus(Duration.ofDays(30)))).update();
        int paces = jdbc.sql("DELETE FROM send_pace WHERE next_at < ?")
                .param(Timestamp.from(now.minus(Duration.ofDays(1)))).update();
        int buttons = jdbc.sql("DELETE FROM telegram_callback WHERE created_at < ?")
                .param(Timestamp.from(now.minus(Duration.ofDays(180)))).update();
        log.info("Housekeeping removed {} old event ids, {} sent messages, {} pace rows, {} Telegram button keys",
                events, sent, paces, buttons);
        return Optional.of(now.plus(EVERY));
    }
}
