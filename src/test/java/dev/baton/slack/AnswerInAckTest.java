package dev.baton.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.outbox.OutboxDispatcher;
import dev.baton.support.BatonTestSupport;
import dev.baton.support.SlackSigner;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A slash command's answer rides on Slack's HTTP acknowledgement, the way Slack shows a command's immediate
 * response: nothing goes to response_url, and the outbox records it as sent.
 */
class AnswerInAckTest extends BatonTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private OutboxDispatcher dispatcher;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void clean() {
        resetWorld();
    }

    static String command(String text, String responseUrl) {
        return "team_id=T0001&channel_id=CGENERAL&channel_name=general&user_id=UALICE&user_name=alice"
                + "&command=%2Fokr&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
                + "&response_url=" + URLEncoder.encode(responseUrl, StandardCharsets.UTF_8)
                + "&trigger_id=t1&api_app_id=A0BATON";
    }

    static HttpResponse<String> send(HttpClient http, int port, String body) throws Exception {
        return send(http, port, body, System.currentTimeMillis() / 1000);
    }

    static HttpResponse<String> send(HttpClient http, int port, String body, long now) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/slack/events"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", String.valueOf(now))
                .header("X-Slack-Signature", SlackSigner.sign(SIGNING_SECRET, now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAnswerComesInTheAcknowledgementAndIsNeverSentAgain() throws Exception {
        HttpResponse<String> response = send(http, port, command("objective \"Raise lead quality\"",
                SLACK.baseUrl() + "/response/1"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        Map<String, Object> answer = JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
        assertThat(answer).containsEntry("response_type", "ephemeral");
        assertThat((String) answer.get("text")).contains("O-1").contains("Raise lead quality");
        assertThat(answer.get("blocks")).asList().isNotEmpty();
        // recorded a few milliseconds after the acknowledgement, without holding it up
        waitUntil(() -> jdbc.sql("SELECT status FROM outbox_message").query(String.class).list()
                .equals(List.of("SENT")), Duration.ofSeconds(5));
        assertThat(jdbc.sql("SELECT status FROM outbox_message").query(String.class).list()).containsExactly("SENT");

        clock.set(clock.instant().plusSeconds(3600));
        dispatcher.drain();
        assertThat(SLACK.findAll(postRequestedFor(urlPathMatching("/response/.*")))).isEmpty();
    }

    @Test
    void aCommandSlackSentLongerAgoThanTheLimitIsAnsweredThroughTheResponseUrl() throws Exception {
        // signed 3 s ago: it waited somewhere on the way, and Slack may have stopped waiting for the acknowledgement
        HttpResponse<String> response = send(http, port, command("objective \"Raise lead quality\"",
                SLACK.baseUrl() + "/response/3"), System.currentTimeMillis() / 1000 - 3);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        // released to the outbox at once
        dispatcher.drain();
        assertThat(SLACK.findAll(postRequestedFor(urlPathMatching("/response/3")))).singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).contains("Raise lead quality"));
    }

    @Test
    void badInputIsAnsweredInTheAcknowledgementToo() throws Exception {
        HttpResponse<String> response = send(http, port, command("checkin KR-99 abc", SLACK.baseUrl() + "/response/2"));
        Map<String, Object> answer = JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
        assertThat((String) answer.get("text")).contains("KR-99").contains("/okr checkin");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM check_in").query(Long.class).single()).isZero();
        dispatcher.drain();
        assertThat(SLACK.findAll(postRequestedFor(urlPathMatching("/response/.*")))).isEmpty();
    }
}
