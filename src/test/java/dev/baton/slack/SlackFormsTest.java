package dev.baton.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.outbox.OutboxDispatcher;
import dev.baton.support.BatonTestSupport;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** Slack modals end to end: signed view submissions into {@code /slack/events}, person pickers, one save per view. */
class SlackFormsTest extends BatonTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private OutboxDispatcher outbox;
    private int clicks;

    @BeforeEach
    void clean() {
        resetWorld();
    }

    private HttpResponse<String> submitMeeting(String viewId, List<String> people) throws Exception {
        Map<String, Object> values = Map.of(
                "title", Map.of("title", Map.of("type", "plain_text_input", "value", "Q&A sync")),
                "when", Map.of("when", Map.of("type", "plain_text_input", "value", "tomorrow 10:00")),
                "length", Map.of("length", Map.of("type", "static_select", "selected_option",
                        Map.of("text", Map.of("type", "plain_text", "text", "30 min"), "value", "30m"))),
                "recurrence", Map.of("recurrence", Map.of("type", "static_select", "selected_option",
                        Map.of("text", Map.of("type", "plain_text", "text", "weekly"), "value", "weekly"))),
                "participants", Map.of("participants", Map.of("type", "multi_users_select",
                        "selected_users", people)));
        Map<String, Object> view = Map.of("id", viewId, "team_id", TEAM, "type", "modal",
                "callback_id", "meeting.new-form", "private_metadata", "", "state", Map.of("values", values));
        Map<String, Object> payload = Map.of("type", "view_submission",
                "team", Map.of("id", TEAM, "domain", "baton-test"),
                "user", Map.of("id", "UALICE", "username", "alice", "team_id", TEAM),
                "api_app_id", "A0BATON", "trigger_id", "trigger-" + (++clicks), "view", view); // each click its own
        return signedToSlackEndpoint("payload=" + URLEncoder.encode(JSON.writeValueAsString(payload),
                StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
    }

    @Test
    void peoplePickedInAModalTakePartAndTheSameViewSubmittedTwiceSavesOnce() throws Exception {
        // #30 items 9 and 11: the participants come from Slack's multi-user picker; a view accepted once (a
        // double click, a retry) is answered "already sent" and changes nothing; a new form is a new meeting
        assertThat(submitMeeting("V42", List.of("UBOB", "UCAROL")).statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM meeting_series").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT m.platform_user_id FROM meeting_participant p JOIN member m ON m.id = p.member_id"
                + " ORDER BY p.position").query(String.class).list()).containsExactly("UALICE", "UBOB", "UCAROL");

        HttpResponse<String> again = submitMeeting("V42", List.of("UBOB", "UCAROL"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).doesNotContain("errors");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM meeting_series").query(Long.class).single()).isEqualTo(1);
        outbox.drain();
        clock.set(clock.instant().plusSeconds(2)); // one message a second to a person
        outbox.drain();
        assertThat(SLACK.findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))))
                .anySatisfy(r -> assertThat(java.net.URLDecoder.decode(r.getBodyAsString(), StandardCharsets.UTF_8))
                        .contains("already sent this form"));

        // a view sent back with errors may be corrected and sent again
        assertThat(submitMeeting("V43", List.of()).body()).contains("participants");
        assertThat(submitMeeting("V43", List.of("UBOB")).body()).doesNotContain("errors");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM meeting_series").query(Long.class).single()).isEqualTo(2);
    }
}
