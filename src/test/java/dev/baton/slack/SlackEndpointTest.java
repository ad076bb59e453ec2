package dev.baton.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.BatonTestSupport;
import dev.baton.support.SlackSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackEndpointTest extends BatonTestSupport {

    private static final String BODY = "team_id=T0001&channel_id=CGENERAL&channel_name=general&user_id=UALICE"
            + "&user_name=alice&command=%2Fokr&text=objective+%22Sneaky%22&response_url=http%3A%2F%2Flocalhost%2Fr"
            + "&trigger_id=t1&api_app_id=A0BATON";

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void clean() {
        resetWorld();
    }

    private HttpResponse<String> post(String body, long timestamp, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/slack/events"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", String.valueOf(timestamp))
                .header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long objectives() {
        return jdbc.sql("SELECT COUNT(*) FROM objective").query(Long.class).single();
    }

    @Test
    void rejectsABadSignatureWith401AndChangesNothing() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        HttpResponse<String> response = post(BODY, now, SlackSigner.sign("not-the-secret", now, BODY));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(objectives()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM member").query(Long.class).single()).isZero();
    }

    @Test
    void rejectsMalformedSignaturesWith401() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String good = SlackSigner.sign(SIGNING_SECRET, now, BODY);
        for (String bad : List.of("", "v0=", good.substring(3), "v1=" + good.substring(3), good + "00",
                good.substring(0, good.length() - 2), good.substring(0, good.length() - 2) + "zz")) {
            assertThat(post(BODY, now, bad).statusCode()).as(bad).isEqualTo(401);
        }
        assertThat(objectives()).isZero();
    }

    @Test
    void checksTheSignatureOverTheBodysUtf8Bytes() throws Exception {
        // an event's JSON carries Chinese as it is, not percent-encoded as a command's form does
        long now = System.currentTimeMillis() / 1000;
        String body = "{\"token\":\"t\",\"challenge\":\"挑战-42\",\"type\":\"url_verification\"}";
        String signature = SlackSigner.sign(SIGNING_SECRET, now, body);
        // the changed body first: had it passed, the right one would be refused as its replay
        assertThat(postJson(body.replace("挑战", "挑站"), now, signature)).as("one character changed").isEqualTo(401);
        assertThat(postJson(body, now, signature)).isEqualTo(200);
    }

    private int postJson(String body, long timestamp, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/slack/events"))
                .header("Content-Type", "application/json")
                .header("X-Slack-Request-Timestamp", String.valueOf(timestamp))
                .header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body, java.nio.charset.StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void rejectsASignatureOlderThanFiveMinutes() throws Exception {
        long stale = System.currentTimeMillis() / 1000 - 6 * 60;
        HttpResponse<String> response = post(BODY, stale, SlackSigner.sign(SIGNING_SECRET, stale, BODY));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(objectives()).isZero();
    }

    /**
     * Bolt only refuses timestamps older than five minutes; a request signed with one far ahead would stay replayable
     * long after the signatures Baton remembers were forgotten (#30).
     */
    @Test
    void rejectsASignatureMoreThanFiveMinutesAhead() throws Exception {
        long ahead = System.currentTimeMillis() / 1000 + 6 * 60;
        HttpResponse<String> response = post(BODY, ahead, SlackSigner.sign(SIGNING_SECRET, ahead, BODY));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(objectives()).isZero();
        long yearAhead = System.currentTimeMillis() / 1000 + 365L * 24 * 3600;
        assertThat(post(BODY, yearAhead, SlackSigner.sign(SIGNING_SECRET, yearAhead, BODY)).statusCode())
                .isEqualTo(401);
        assertThat(objectives()).isZero();
    }

    @Test
    void rejectsABodyChangedAfterSigning() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String signature = SlackSigner.sign(SIGNING_SECRET, now, BODY);
        HttpResponse<String> response = post(BODY.replace("Sneaky", "Sneakier"), now, signature);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(objectives()).isZero();
    }

    @Test
    void acceptsACorrectlySignedCommandAndAnswersInTheAcknowledgement() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        HttpResponse<String> response = post(BODY, now, SlackSigner.sign(SIGNING_SECRET, now, BODY));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Sneaky");
        assertThat(objectives()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE payload LIKE '%http://localhost/r%'")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void rejectsTheSameSignedRequestSentTwice() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String signature = SlackSigner.sign(SIGNING_SECRET, now, BODY);
        assertThat(post(BODY, now, signature).statusCode()).isEqualTo(200);
        assertThat(post(BODY, now, signature).statusCode()).isEqualTo(401);
        assertThat(objectives()).isEqualTo(1);
    }

    @Test
    void theSameSignedCommandSentTwiceAtOnceRunsOnce() throws Exception {
        resolveAlice();
        long now = System.currentTimeMillis() / 1000;
        String signature = SlackSigner.sign(SIGNING_SECRET, now, BODY);
        List<CompletableFuture<Integer>> both = List.of(
                CompletableFuture.supplyAsync(() -> status(BODY, now, signature)),
                CompletableFuture.supplyAsync(() -> status(BODY, now, signature)));
        assertThat(both.stream().map(CompletableFuture::join).toList()).containsExactlyInAnyOrder(200, 401);
        assertThat(objectives()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aReplayedCommandThatWasBadInputIsRefusedAndAnsweredOnce() throws Exception {
        String bad = BODY.replace("objective+%22Sneaky%22", "checkin+KR-99+5");
        long now = System.currentTimeMillis() / 1000;
        String signature = SlackSigner.sign(SIGNING_SECRET, now, bad);
        HttpResponse<String> first = post(bad, now, signature);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("KR-99");
        assertThat(post(bad, now, signature).statusCode()).isEqualTo(401);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM inbound_event WHERE event_key = ?")
                .param("slack-signature:" + signature).query(Long.class).single()).isEqualTo(1);
    }

    /** Alice is registered (a users.info call) by a first command of her own, so the race below is the replay's. */
    private void resolveAlice() throws Exception {
        String hello = BODY.replace("objective+%22Sneaky%22", "help");
        long now = System.currentTimeMillis() / 1000;
        assertThat(post(hello, now, SlackSigner.sign(SIGNING_SECRET, now, hello)).statusCode()).isEqualTo(200);
        jdbc.sql("DELETE FROM outbox_message").update();
    }

    private int status(String body, long timestamp, String signature) {
        try {
            return post(body, timestamp, signature).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void refusesABodyOverOneMebibyte() throws Exception {
        String huge = BODY.replace("Sneaky", "x".repeat(1_100_000));
        long now = System.currentTimeMillis() / 1000;
        HttpResponse<String> response = post(huge, now, SlackSigner.sign(SIGNING_SECRET, now, huge));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(objectives()).isZero();
    }

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }
}
