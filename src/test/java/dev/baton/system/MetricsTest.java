package dev.baton.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.support.BatonTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Operators see Baton's work in Prometheus format: inputs by feature and outcome, the outbox, the scheduler. */
class MetricsTest extends BatonTestSupport {

    @Autowired
    private Conversation conversation;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void clean() {
        resetWorld();
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private void command(String text) {
        conversation.handle(new Inbound.Command(new Origin("test", "test:W1", "C1", "alice", false, null, null),
                "okr", text));
    }

    /** The count of one series, 0 before it exists; other tests may share this context and count too. */
    private static double count(String body, String outcome) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("baton_inbound_seconds_count\\{[^}]*feature=\"okr\""
                + "[^}]*kind=\"command\"[^}]*outcome=\"" + outcome + "\"[^}]*} ([0-9.]+)").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void commandsAreCountedByFeatureAndOutcomeAndTheOutboxAndSchedulerAreVisible() throws Exception {
        String before = scrape();
        command("objective \"Raise lead quality\"");
        command("checkin KR-404 12");
        String body = scrape();
        assertThat(count(body, "ok") - count(before, "ok")).isEqualTo(1);
        assertThat(count(body, "usage") - count(before, "usage")).isEqualTo(1);
        assertThat(body).containsPattern("baton_outbox_pending \\d");
        assertThat(body).contains("baton_outbox_oldest_age_seconds", "baton_outbox_dead",
                "baton_scheduler_lag_seconds", "baton_scheduler_failing", "baton_webhooks_dead");
        // an overloaded replica shows it (the dashboard's overload panel): answers that missed the acknowledgement
        assertThat(body).containsPattern("baton_slack_answers_late_total \\d");
        assertThat(body).containsPattern("baton_inbound_seconds_bucket\\{");
        assertThat(body).contains("http_server_requests_seconds_count");
    }
}
