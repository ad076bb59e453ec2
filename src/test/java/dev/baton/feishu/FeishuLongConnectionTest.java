package dev.baton.feishu;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.outbox.OutboxDispatcher;
import dev.baton.support.BatonTestSupport;
import dev.baton.support.FeishuLongConnectionStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feishu's long connection (#31) against a stand-in speaking the SDK's frames: events are handled and answered in
 * their frame, a redelivered event does nothing twice, and a dropped connection comes back by itself.
 */
@TestPropertySource(properties = "baton.feishu.connection=websocket")
class FeishuLongConnectionTest extends BatonTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private OutboxDispatcher outbox;
    @Autowired
    private FeishuLongConnection connection;
    @Autowired
    private io.micrometer.core.instrument.MeterRegistry meters;

    @BeforeEach
    void connected() throws InterruptedException {
        resetWorld();
        FEISHU.stubFor(get(urlPathMatching("/open-apis/contact/v3/users/.*")).willReturn(okJson(
                "{\"code\":0,\"data\":{\"user\":{\"name\":\"李丽\"}}}")));
        assertThat(FEISHU_LONG.connected(Duration.ofSeconds(30))).as("Baton connects to the stand-in").isTrue();
    }

    /** An event as the long connection carries it: no verification token, nothing encrypted or signed. */
    private static String message(String eventId, String text) {
        return JSON.writeValueAsString(Map.of("schema", "2.0",
                "header", Map.of("event_id", eventId, "event_type", "im.message.receive_v1", "tenant_key",
                        FEISHU_TENANT, "app_id", "cli_test", "create_time", "1700000000000"),
                "event", Map.of("sender", Map.of("sender_id", Map.of("open_id", "ou_lili"), "sender_type", "user"),
                        "message", Map.of("message_id", "om_" + eventId, "chat_id", "oc_p2p_lili", "chat_type",
                                "p2p", "message_type", "text", "content",
                                JSON.writeValueAsString(Map.of("text", text))))));
    }

    private FeishuLongConnectionStandIn.Reply deliver(String body) throws Exception {
        return FEISHU_LONG.response(FEISHU_LONG.send("event", body), Duration.ofSeconds(10));
    }

    private long objectives() {
        return jdbc.sql("SELECT COUNT(*) FROM objective").query(Long.class).single();
    }

    @Test
    void anEventIsHandledOnceAndAnsweredInItsFrame() throws Exception {
        String objective = message("ev-l1", "/okr objective \"Raise lead quality\"");
        assertThat(deliver(objective).code()).isEqualTo(200);
        assertThat(objectives()).isEqualTo(1);
        // Feishu delivers it again (its own retry): nothing changes
        assertThat(deliver(objective).code()).isEqualTo(200);
        assertThat(objectives()).isEqualTo(1);
        outbox.drain();
        assertThat(FEISHU.findAll(postRequestedFor(urlPathEqualTo("/open-apis/im/v1/messages"))))
                .singleElement().satisfies(r -> assertThat(r.getBodyAsString()).contains("O-1"));

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).contains("\"feishuLongConnection\":{\"status\":\"UP\"");
    }

    @Test
    void aDroppedConnectionComesBackByItself() throws Exception {
        connection.watch(); // Baton has seen the first socket
        int before = FEISHU_LONG.connections();
        FEISHU_LONG.drop();
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (FEISHU_LONG.connections() == before && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(FEISHU_LONG.connections()).as("the SDK reconnected").isGreaterThan(before);
        connection.watch();
        assertThat(meters.get("baton.feishu.connection.reconnects").counter().count()).isPositive();
        assertThat(deliver(message("ev-l2", "/okr objective \"After the reconnect\"")).code()).isEqualTo(200);
        assertThat(objectives()).isEqualTo(1);
    }
}
