package dev.baton.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.baton.outbox.OutboxDispatcher;
import dev.baton.support.BatonTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * An answer ready later than {@code baton.slack.answer-in-ack-within} might reach Slack after it stopped waiting, so
 * the acknowledgement goes out empty and the answer through the command's response_url. (Here every answer is late.)
 */
@TestPropertySource(properties = "baton.slack.answer-in-ack-within=0ms")
class LateAnswerTest extends BatonTestSupport {

    @Autowired
    private OutboxDispatcher dispatcher;

    @Autowired
    private MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void clean() {
        resetWorld();
    }

    @Test
    void aLateAnswerGoesThroughTheResponseUrlOnce() throws Exception {
        double lateBefore = meters.get("baton.slack.answers.late").counter().count();
        HttpResponse<String> response = AnswerInAckTest.send(http, port,
                AnswerInAckTest.command("objective \"Raise lead quality\"", SLACK.baseUrl() + "/response/late"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        // released to the outbox at once, sent through response_url and recorded as sent: never sent again
        dispatcher.drain();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE status <> 'SENT'").query(Long.class)
                .single()).isZero();
        clock.set(clock.instant().plusSeconds(60));
        dispatcher.drain();
        List<String> sent = SLACK.findAll(postRequestedFor(urlPathEqualTo("/response/late"))).stream()
                .map(LoggedRequest::getBodyAsString).toList();
        assertThat(sent).hasSize(1).first().asString().contains("O-1").contains("Raise lead quality");
        assertThat(meters.get("baton.slack.answers.late").counter().count()).as("counted, for operators")
                .isEqualTo(lateBefore + 1);
    }
}
