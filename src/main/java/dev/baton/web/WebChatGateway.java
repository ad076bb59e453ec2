package dev.baton.web;

import dev.baton.conversation.ChatGateway;
import dev.baton.conversation.Delivery;
import dev.baton.conversation.Posted;
import dev.baton.conversation.Target;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import tools.jackson.databind.json.JsonMapper;

/** "Sends" to the console by writing the reply where the page reads it; no pacing is needed in a browser. */
class WebChatGateway implements ChatGateway {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    WebChatGateway(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String platform() {
        return "web";
    }

    @Override
    public Pace pace() {
        return new Pace(Duration.ZERO, Duration.ZERO);
    }

    private record Row(String user, String channel, String kind, Long replaces) {
    }

    @Override
    public Optional<Posted> send(Delivery d) {
        Row row = d.target().accept(new Target.Visitor<Row>() {
            @Override
            public Row ephemeral(Target.Ephemeral t) {
                return new Row(t.userId(), null, "ephemeral", null);
            }

            @Override
            public Row direct(Target.Direct t) {
                return new Row(t.userId(), null, "dm", null);
            }

            @Override
            public Row channel(Target.Channel t) {
                return new Row(null, t.channelId(), "channel", null);
            }

            @Override
            public Row update(Target.Update t) {
                Long replaces = t.messageId() == null ? null : Long.valueOf(t.messageId().substring(2));
                return new Row(null, null, "update", replaces);
            }

            @Override
            public Row modal(Target.Modal t) {
                return new Row(t.triggerId(), null, "modal", null);
            }

            @Override
            public Row home(Target.Home t) {
                return new Row(t.userId(), null, "dm", null); // the console has no home tab: a message to the person
            }
        });
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO console_message (user_id, channel_id, kind, replaces, payload, created_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(row.user(), row.channel(), row.kind(), row.replaces(), json.writeValueAsString(d.reply()),
                        Timestamp.from(clock.instant()))
                .update(keys);
        long id = keys.getKey().longValue();
        return Optional.of(new Posted(row.channel() != null ? row.channel() : row.user(), "w-" + id));
    }

    @Override
    public Optional<PlatformUser> lookupUser(String workspace, String userId) {
        return profileAtHand(workspace, userId);
    }

    @Override
    public Optional<PlatformUser> profileAtHand(String workspace, String userId) {
        // console people are who they say they are: the name typed is the name; the first one in is the admin,
        // as whoever installs a Slack app is an admin of their workspace, so departments and roles can be set up
        boolean first = jdbc.sql("SELECT COUNT(*) FROM member WHERE workspace = ?").param(workspace)
                .query(Long.class).single() == 0;
        return Optional.of(new PlatformUser(userId, userId, null, null, first));
    }
}
