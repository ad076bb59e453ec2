package dev.baton.security;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.outbox.OutboxDispatcher;
import dev.baton.support.BatonTestSupport;
import dev.baton.support.SlackSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The bot token and signing secret never reach the logs, even when things fail; log lines carry the request id. */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNotLoggedTest extends BatonTestSupport {

    @Autowired
    private OutboxDispatcher outbox;

    @Test
    void aFailingCommandLogsItsRequestIdButNoSecret(CapturedOutput output) throws Exception {
        resetWorld();
        // typed in the person's own chat, the answer is a DM through chat.postMessage — which fails here
        SLACK.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).atPriority(1).willReturn(serverError()));
        String body = "team_id=T0001&channel_id=DUNEW&channel_name=directmessage&user_id=UNEW&user_name=new"
                + "&command=%2Fokr&text=checkin+KR-1+72&response_url=http%3A%2F%2Flocalhost%3A1%2Fdead"
                + "&trigger_id=t1&api_app_id=A0BATON";
        long ts = System.currentTimeMillis() / 1000;
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/slack/events"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Request-Id", "req-test-42")
                .header("X-Slack-Request-Timestamp", String.valueOf(ts))
                .header("X-Slack-Signature", SlackSigner.sign(SIGNING_SECRET, ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("X-Request-Id")).contains("req-test-42");
        outbox.drain(); // Slack fails: the failure is logged
        assertThat(output.getAll()).contains("req-test-42") // users.info 404 logged while registering
                .contains("Outbox message")
                .doesNotContain("xoxb-test-token")
                .doesNotContain(SIGNING_SECRET);
    }
}
