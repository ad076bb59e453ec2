package dev.baton.outbox;

import dev.baton.conversation.Delivery;
import dev.baton.conversation.Target;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** What an admin sees of the outbox of their workspace, and the replay of messages parked as DEAD. */
@Service
public class OutboxAdmin {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    OutboxAdmin(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    public record Summary(long pending, long dead, long sentLastDay, Optional<Instant> oldestPending) {
    }

    /** {@code recipient} is {@code @<user id>}, {@code #<channel id>} or {@code form}. */
    public record DeadLetter(long id, String recipient, String error, int attempts, Instant createdAt) {
    }

    public Summary summary(String workspace) {
        Instant dayAgo = clock.instant().minus(Duration.ofDays(1));
        long pending = count(workspace, "status IN ('PENDING', 'SENDING')");
        long dead = count(workspace, "status = 'DEAD'");
        long sent = jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE workspace = ? AND status = 'SENT' "
                + "AND sent_at >= ?").params(workspace, Timestamp.from(dayAgo)).query(Long.class).single();
        Optional<Instant> oldest = jdbc.sql("SELECT MIN(created_at) FROM outbox_message WHERE workspace = ? "
                + "AND status IN ('PENDING', 'SENDING')").param(workspace).query(Timestamp.class).list().stream()
                .filter(java.util.Objects::nonNull).map(Timestamp::toInstant).findFirst();
        return new Summary(pending, dead, sent, oldest);
    }

    public List<DeadLetter> dead(String workspace, int limit) {
        return jdbc.sql("""
                SELECT id, payload, last_error, attempts, created_at FROM outbox_message
                WHERE workspace = ? AND status = 'DEAD' ORDER BY id DESC LIMIT ?""")
                .params(workspace, limit)
                .query((rs, i) -> new DeadLetter(rs.getLong("id"), recipient(rs.getString("payload")),
                        rs.getString("last_error"), rs.getInt("attempts"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** Sends dead messages again (one, or all when {@code id} is null), with a fresh day of retries. */
    public int replay(String workspace, Long id) {
        Timestamp now = Timestamp.from(clock.instant());
        if (id == null) {
            return jdbc.sql("""
                    UPDATE outbox_message SET status = 'PENDING', attempts = 0, next_attempt_at = ?, created_at = ?,
                        last_error = NULL WHERE workspace = ? AND status = 'DEAD'""")
                    .params(now, now, workspace).update();
        }
        return jdbc.sql("""
                UPDATE outbox_message SET status = 'PENDING', attempts = 0, next_attempt_at = ?, created_at = ?,
                    last_error = NULL WHERE workspace = ? AND status = 'DEAD' AND id = ?""")
                .params(now, now, workspace, id).update();
    }

    private long count(String workspace, String condition) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE workspace = ? AND " + condition)
                .param(workspace).query(Long.class).single();
    }

    private String recipient(String payload) {
        try {
            Delivery d = json.readValue(payload, Delivery.class);
            return d.target().accept(new Target.Visitor<String>() {
                @Override
                public String ephemeral(Target.Ephemeral t) {
                    return "@" + t.userId();
                }

                @Override
                public String direct(Target.Direct t) {
                    return "@" + t.userId();
                }

                @Override
                public String channel(Target.Channel t) {
                    return "#" + t.channelId();
                }

                @Override
                public String update(Target.Update t) {
                    return "#" + t.channelId();
                }

                @Override
                public String modal(Target.Modal t) {
                    return "form";
                }

                @Override
                public String home(Target.Home t) {
                    return "home @" + t.userId();
                }
            });
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
