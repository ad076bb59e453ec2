package dev.baton.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.outbox.OutboxDispatcher;
import dev.baton.support.BatonTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Slack through Socket Mode (#31) against the stand-in: a command's answer rides on its acknowledgement, Slack's
 * request to reconnect and a dropped connection are survived, and a burst cut off mid-way loses and doubles nothing.
 */
// Socket Mode only: no signing secret, so no /slack/events at all (the README's no-public-address set-up)
@TestPropertySource(properties = {"baton.slack.app-token=" + BatonTestSupport.APP_TOKEN, "baton.slack.signing-secret="})
class SlackSocketModeTest extends BatonTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();
    private int events;

    @Autowired
    private OutboxDispatcher outbox;
    @Autowired
    private MeterRegistry meters;

    @BeforeEach
    void connected() throws InterruptedException {
        resetWorld();
        assertThat(SOCKET.connected(Duration.ofSeconds(30))).as("Baton connects to the stand-in").isTrue();
    }

    private static Map<String, Object> command(String user, String text) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("token", "legacy");
        c.put("team_id", TEAM);
        c.put("team_domain", "baton-test");
        c.put("channel_id", "C0GENERAL");
        c.put("channel_name", "general");
        c.put("user_id", user);
        c.put("user_name", user);
        c.put("command", "/okr");
        c.put("text", text);
        c.put("api_app_id", "A0BATON");
        c.put("response_url", SLACK.baseUrl() + "/response/socket");
        c.put("trigger_id", "trigger-socket");
        return c;
    }

    private Map<String, Object> directMessage(String user, String text) {
        events++;
        Map<String, Object> event = Map.of("type", "message", "channel", "D" + user, "channel_type", "im",
                "user", user, "text", text, "ts", "1700000000.0000" + (10 + events));
        return Map.of("token", "legacy", "team_id", TEAM, "api_app_id", "A0BATON", "event", event,
                "type", "event_callback", "event_id", "EvSocket" + events, "event_time", 1700000000 + events);
    }

    private JsonNode commandAnswer(String user, String text) throws Exception {
        return SOCKET.ack(SOCKET.send("slash_commands", command(user, text)), Duration.ofSeconds(10));
    }

    @Test
    void aCommandIsAnsweredInItsAcknowledgementAndHealthShowsTheConnection() throws Exception {
        JsonNode answer = commandAnswer("UALICE", "objective \"Raise lead quality\"");
        assertThat(answer.toString()).contains("O-1").contains("Raise lead quality");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM objective").query(Long.class).single()).isEqualTo(1);
        // the held answer was handed over in the acknowledgement: the outbox does not send it again
        outbox.drain();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE status NOT IN ('SENT', 'HANDED_OVER')")
                .query(Long.class).single()).isZero();
        assertThat(SLACK.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/response/socket")))).isEmpty();

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).contains("\"slackSocketMode\":{\"status\":\"UP\"");
        assertThat(meters.get("baton.slack.socket.envelopes").tag("type", "slash_commands").counter().count())
                .isPositive();
    }

    @Test
    void slacksRequestToReconnectIsFollowed() throws Exception {
        int before = SOCKET.connections();
        // Slack asks clients to move to a fresh connection from time to time
        SOCKET.broadcast("{\"type\":\"disconnect\",\"reason\":\"refresh_requested\",\"debug_info\":{\"host\":\"x\"}}");
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (SOCKET.connections() == before && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(SOCKET.connections()).isGreaterThan(before);
        assertThat(commandAnswer("UALICE", "objective \"After the refresh\"").toString()).contains("O-1");
    }

    @Test
    void aBurstCutOffByADroppedConnectionLosesAndDoublesNothing() throws Exception {
        commandAnswer("UALICE", "objective \"Raise lead quality\"");
        commandAnswer("UALICE", "kr O-1 \"Lead quality score\" from 0 to 100");
        double reconnects = meters.get("baton.slack.socket.reconnects").counter().count();
        List<String> first = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            first.add(SOCKET.send("events_api", directMessage("UALICE", "okr checkin KR-1 " + (10 * i))));
        }
        for (String id : first) {
            SOCKET.ack(id, Duration.ofSeconds(10));
        }
        // the rest of the burst: Baton takes them, but their acknowledgements die with the connection
        SOCKET.holdAcknowledgements(true);
        for (int i = 6; i <= 10; i++) {
            SOCKET.send("events_api", directMessage("UALICE", "okr checkin KR-1 " + (10 * i)));
        }
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (jdbc.sql("SELECT COUNT(*) FROM check_in").query(Long.class).single() < 10
                && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        int before = SOCKET.connections();
        SOCKET.drop();
        SOCKET.holdAcknowledgements(false);
        // Baton notices, reconnects, and Slack delivers the five unacknowledged events again
        until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((SOCKET.connections() == before || SOCKET.pendingEvents() > 0) && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(SOCKET.connections()).isGreaterThan(before);
        assertThat(SOCKET.pendingEvents()).as("every redelivered event acknowledged").isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM check_in").query(Long.class).single()).isEqualTo(10);
        assertThat(jdbc.sql("SELECT current_value FROM key_result").query(Integer.class).single()).isEqualTo(100);
        // one answer per check-in, none twice
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE idempotency_key LIKE 'in:slack:Ev%'")
                .query(Long.class).single()).isEqualTo(10);
        assertThat(meters.get("baton.slack.socket.reconnects").counter().count()).isGreaterThan(reconnects);
    }
}
