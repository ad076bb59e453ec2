package dev.baton.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.baton.outbox.OutboxDispatcher;
import dev.baton.schedule.JobRunner;
import dev.baton.support.BatonTestSupport;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * #33: Slack's App Home shows the person's week (app_home_opened → views.publish, held to Slack's rules for home
 * views), and a change that concerns them publishes it again — once for a burst, a few seconds later.
 */
class SlackHomeTest extends BatonTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private int events;

    @Autowired
    private OutboxDispatcher outbox;
    @Autowired
    private JobRunner jobs;

    @BeforeEach
    void clean() {
        resetWorld();
    }

    private void homeOpened(String user) throws Exception {
        events++;
        String body = JSON.writeValueAsString(Map.of("token", "legacy", "team_id", TEAM, "api_app_id", "A0BATON",
                "type", "event_callback", "event_id", "EvHome" + events, "event_time", 1700000000 + events,
                "event", Map.of("type", "app_home_opened", "user", user, "channel", "D" + user, "tab", "home",
                        "event_ts", "1700000000.0000" + (10 + events))));
        assertThat(signedToSlackEndpoint(body, "application/json").statusCode()).isEqualTo(200);
    }

    private void drain() {
        for (int i = 0; i < 10 && outbox.drain() > 0; i++) {
            clock.set(clock.instant().plusSeconds(2));
        }
    }

    private List<String> published() {
        return SLACK.findAll(postRequestedFor(urlPathEqualTo("/api/views.publish"))).stream()
                .map(LoggedRequest::getBodyAsString).map(b -> URLDecoder.decode(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void theHomeTabShowsMyWeekAndAChangeRefreshesItOnce() throws Exception {
        slashCommand("UALICE", "/okr", "objective \"Raise lead quality\"");
        slashCommand("UALICE", "/okr", "kr O-1 \"Lead quality score\" from 65 to 80");
        homeOpened("UALICE");
        drain();
        assertThat(published()).singleElement().satisfies(view -> assertThat(view)
                .contains("user_id=UALICE").contains("\"type\":\"home\"").contains("Key results to check in")
                .contains("Check in KR-1"));

        // three check-ins in a row: the home is published again once, a few seconds after the first
        slashCommand("UALICE", "/okr", "checkin KR-1 70");
        slashCommand("UALICE", "/okr", "checkin KR-1 71");
        slashCommand("UALICE", "/okr", "checkin KR-1 72");
        drain();
        jobs.runDue();
        assertThat(published()).hasSize(1);
        clock.set(clock.instant().plus(Duration.ofSeconds(6)));
        jobs.runDue();
        drain();
        List<String> views = published();
        assertThat(views).hasSize(2);
        assertThat(views.get(1)).contains("Nothing is waiting for you this week").doesNotContain("Check in KR-1");
        // nobody else's home was touched, and someone who never opened theirs gets no publish
        slashCommand("UBOB", "/okr", "objective \"Close more\"");
        clock.set(clock.instant().plus(Duration.ofSeconds(6)));
        jobs.runDue();
        drain();
        assertThat(published()).hasSize(2);
    }

    @Test
    void aLeadTakenAwayByItsDeadlineLeavesOneHomeAndReachesTheNext() throws Exception {
        clock.set(Instant.parse("2026-03-02T07:00:00Z")); // Monday 15:00 in Shanghai
        for (String user : List.of("UALICE", "UBOB", "UDAVE", "UNOBODY")) {
            slashCommand(user, "/week", "");
        }
        slashCommand("UNOBODY", "/lead", "pool sales <@UBOB|bob> <@UDAVE|dave> capacity 5");
        slashCommand("UNOBODY", "/lead", "rule add any to pool sales sla 4h");
        slashCommand("UALICE", "/lead", "new \"Beta Logistics\" source trade-show intent 60");
        homeOpened("UBOB");
        homeOpened("UDAVE");
        drain();
        assertThat(published()).hasSize(2);
        assertThat(published().get(0)).contains("user_id=UBOB").contains("Beta Logistics");
        assertThat(published().get(1)).contains("user_id=UDAVE").doesNotContain("Beta Logistics");

        // Tuesday 10:01: four business hours are over, the lead goes to dave — no inbound, a job did it
        clock.set(Instant.parse("2026-03-03T02:01:00Z"));
        jobs.runDue();
        clock.set(clock.instant().plusSeconds(6));
        jobs.runDue();
        drain();
        List<String> views = published();
        assertThat(views).hasSize(4);
        assertThat(views.subList(2, 4)).anySatisfy(v -> assertThat(v).contains("user_id=UBOB")
                .doesNotContain("Beta Logistics"));
        assertThat(views.subList(2, 4)).anySatisfy(v -> assertThat(v).contains("user_id=UDAVE")
                .contains("Beta Logistics"));
    }
}
