package dev.baton.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.baton.conversation.Deliveries;
import dev.baton.conversation.Delivery;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.outbox.InDoubt;
import dev.baton.outbox.OutboxDispatcher;
import dev.baton.support.BatonTestSupport;
import dev.baton.support.SlackSigner;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database goes away (a restart, a failover): people are told to try again, events are refused so Slack
 * redelivers them, nothing half-written remains, and everything works again once the database is back.
 */
@Import(DatabaseOutageTest.Outage.class)
class DatabaseOutageTest extends BatonTestSupport {

    static final AtomicBoolean DOWN = new AtomicBoolean();

    @TestConfiguration
    static class Outage {
        @Bean
        static BeanPostProcessor switchableDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof DataSource ds && !(bean instanceof Switchable)) {
                        return new Switchable(ds);
                    }
                    return bean;
                }
            };
        }
    }

    static final class Switchable extends DelegatingDataSource {
        Switchable(DataSource ds) {
            super(ds);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (DOWN.get()) {
                throw new SQLTransientConnectionException("Communications link failure");
            }
            return super.getConnection();
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private Deliveries deliveries;

    @Autowired
    private TransactionTemplate tx;

    @Autowired
    private OutboxDispatcher dispatcher;

    @Autowired
    private InDoubt inDoubt;
    private long lastTimestamp;

    @BeforeEach
    void clean() {
        DOWN.set(false);
        resetWorld();
    }

    @AfterEach
    void up() {
        DOWN.set(false);
    }

    private HttpResponse<String> send(String body, String contentType) throws Exception {
        long ts = Math.max(System.currentTimeMillis() / 1000, lastTimestamp + 1);
        lastTimestamp = ts;
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/slack/events"))
                .header("Content-Type", contentType)
                .header("X-Slack-Request-Timestamp", String.valueOf(ts))
                .header("X-Slack-Signature", SlackSigner.sign(SIGNING_SECRET, ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String command(String text) {
        return "team_id=T0001&channel_id=CGENERAL&channel_name=general&user_id=UALICE&user_name=alice"
                + "&command=%2Fokr&text=" + text.replace(" ", "+").replace("\"", "%22")
                + "&response_url=http%3A%2F%2Flocalhost%2Fr&trigger_id=t1&api_app_id=A0BATON";
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    @Test
    void aCommandIsAnsweredWithTryAgainAndChangesNothing() throws Exception {
        DOWN.set(true);
        HttpResponse<String> response = send(command("objective \"Raise lead quality\""),
                "application/x-www-form-urlencoded");
        DOWN.set(false);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("try again in a minute").contains("请一分钟后再试");
        assertThat(count("objective")).isZero();
        assertThat(count("member")).isZero();
        assertThat(count("outbox_message")).isZero();

        HttpResponse<String> again = send(command("objective \"Raise lead quality\""),
                "application/x-www-form-urlencoded");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("Created O-1").doesNotContain("try again");
        assertThat(count("objective")).isEqualTo(1);
    }

    /**
     * An answer rode on the acknowledgement, then the database went away before that was recorded: the answer stays
     * held, and once its hold ends the outbox sends it through response_url. The person may see it twice, never not
     * at all.
     */
    @Test
    void anAnswerWhoseHandOverCouldNotBeRecordedIsSentWhenItsHoldEnds() throws Exception {
        Delivery answer = new Delivery("slack", "slack:" + TEAM, new Target.Ephemeral("CGENERAL", "UALICE",
                SLACK.baseUrl() + "/response/held"), new Reply.Text("Checked in"), "in:outage");
        long id = tx.execute(s -> deliveries.hold(answer, Duration.ofSeconds(15)));
        DOWN.set(true);
        assertThatThrownBy(() -> deliveries.handedOver(id)).isInstanceOf(DataAccessException.class);
        DOWN.set(false);
        assertThat(status(id)).isEqualTo("HELD");
        dispatcher.drain();
        assertThat(SLACK.findAll(postRequestedFor(urlPathEqualTo("/response/held")))).as("not while held").isEmpty();
        clock.set(clock.instant().plusSeconds(16));
        inDoubt.releaseExpiredHolds();
        dispatcher.drain();
        assertThat(SLACK.findAll(postRequestedFor(urlPathEqualTo("/response/held")))).hasSize(1);
        assertThat(status(id)).isEqualTo("SENT");
    }

    private String status(long id) {
        return jdbc.sql("SELECT status FROM outbox_message WHERE id = ?").param(id).query(String.class).single();
    }

    @Test
    void anEventIsRefusedSoSlackDeliversItAgainLater() throws Exception {
        String event = """
                {"token":"t","team_id":"T0001","api_app_id":"A0BATON","type":"event_callback","event_id":"Ev1",
                 "event_time":1700000000,"event":{"type":"message","channel":"DUALICE","channel_type":"im",
                 "user":"UALICE","text":"okr objective \\"From a DM\\"","ts":"1700000000.000001"}}""";
        DOWN.set(true);
        HttpResponse<String> refused = send(event, "application/json");
        DOWN.set(false);
        assertThat(refused.statusCode()).as("a 5xx makes Slack retry").isEqualTo(500);
        assertThat(count("objective")).isZero();

        HttpResponse<String> redelivered = send(event, "application/json");
        assertThat(redelivered.statusCode()).isEqualTo(200);
        assertThat(count("objective")).isEqualTo(1);
        assertThat(send(event, "application/json").statusCode()).isEqualTo(200);
        assertThat(count("objective")).as("a third delivery changes nothing").isEqualTo(1);
    }

    @Test
    void aButtonClickIsAnsweredWithTryAgainThroughItsResponseUrl() throws Exception {
        String click = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T0001\"},\"user\":{\"id\":\"UALICE\"},"
                + "\"channel\":{\"id\":\"CGENERAL\"},\"container\":{\"type\":\"message\",\"message_ts\":\"1.2\"},"
                + "\"response_url\":\"" + SLACK.baseUrl() + "/response/click\",\"trigger_id\":\"t1\","
                + "\"actions\":[{\"action_id\":\"poll.vote:1:0\",\"value\":\"0\"}]}";
        DOWN.set(true);
        HttpResponse<String> response = send("payload=" + URLEncoder.encode(click, StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded");
        DOWN.set(false);
        assertThat(response.statusCode()).isEqualTo(200);
        // sent off the request's thread: the acknowledgement does not wait for Slack
        waitUntil(() -> !SLACK.findAll(postRequestedFor(urlPathEqualTo("/response/click"))).isEmpty(),
                Duration.ofSeconds(5));
        List<LoggedRequest> told = SLACK.findAll(postRequestedFor(urlPathEqualTo("/response/click")));
        assertThat(told).hasSize(1);
        assertThat(told.get(0).getBodyAsString()).contains("try again in a minute").contains("\"ephemeral\"");
        assertThat(count("poll_ballot")).isZero();
    }
}
