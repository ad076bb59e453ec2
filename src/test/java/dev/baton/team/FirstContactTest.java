package dev.baton.team;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schedule.JobRunner;
import dev.baton.support.BatonTestSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * #30 items 5, 6 and 13: someone Baton meets for the first time is answered without waiting for the platform's
 * profile lookup (a hanging users.info had held the acknowledgement for 10 s; Slack gives up at 3 s), and their
 * profile is filled in afterwards, tried again when the lookup fails (it had left the person named by their id, in
 * UTC and English, for good) and refreshed when Slack says it changed.
 */
class FirstContactTest extends BatonTestSupport {

    @Autowired
    private JobRunner jobs;

    @BeforeEach
    void clean() {
        resetWorld();
    }

    private static void profile(String name, String tz, String locale) {
        SLACK.stubFor(post(urlPathEqualTo("/api/users.info")).withRequestBody(containing("user=UMEI")).willReturn(
                okJson("""
                        {"ok":true,"user":{"id":"UMEI","name":"mei","real_name":"%s","tz":"%s","locale":"%s",
                         "is_admin":false,"is_owner":false,"profile":{"display_name":"%s","real_name":"%s"}}}"""
                        .formatted(name, tz, locale, name, name))));
    }

    @Test
    void aFirstCommandIsAnsweredAtOnceWhileTheProfileLookupHangsAndTheProfileFollowsOnceSlackAnswers()
            throws Exception {
        SLACK.stubFor(post(urlPathEqualTo("/api/users.info")).willReturn(aResponse().withFixedDelay(10_000)
                .withHeader("Content-Type", "application/json").withBody("{\"ok\":true}")));

        long started = System.nanoTime();
        HttpResponse<String> answer = slashCommand("UMEI", "/baton", "me");
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(millis).as("the acknowledgement did not wait for users.info").isLessThan(3_000);
        assertThat(answer.body()).contains("UMEI");
        SLACK.verify(0, postRequestedFor(urlPathEqualTo("/api/users.info")));

        // the lookup in the background times out (3 s in tests): the person stays as registered, and it is tried again
        jobs.runDue();
        assertThat(member("display_name")).isEqualTo("UMEI");
        assertThat(attempts()).isEqualTo(1);

        profile("Mei Lin", "Asia/Shanghai", "zh-CN");
        jobs.runDue();
        assertThat(member("display_name")).as("not before its backoff").isEqualTo("UMEI");
        clock.set(clock.instant().plusSeconds(60));
        jobs.runDue();
        assertThat(member("display_name")).isEqualTo("Mei Lin");
        assertThat(member("time_zone")).isEqualTo("Asia/Shanghai");
        assertThat(member("locale")).isEqualTo("zh-CN");
        assertThat(slashCommand("UMEI", "/baton", "me").body()).contains("Mei Lin").contains("Asia/Shanghai");
    }

    @Test
    void aRenameInSlackReachesBatonButAZoneThePersonChoseStays() throws Exception {
        profile("Mei Lin", "Asia/Shanghai", "en-US");
        slashCommand("UMEI", "/baton", "me");
        jobs.runDue();
        slashCommand("UMEI", "/baton", "set tz Europe/Berlin");
        assertThat(member("time_zone")).isEqualTo("Europe/Berlin");

        profile("Mei Lin-Schmidt", "Asia/Shanghai", "en-US");
        assertThat(event("""
                {"type":"user_change","user":{"id":"UMEI","team_id":"T0001","name":"mei",
                 "real_name":"Mei Lin-Schmidt","profile":{"display_name":"Mei Lin-Schmidt"}},"event_ts":"1"}""")
                .statusCode()).isEqualTo(200);
        jobs.runDue();

        assertThat(member("display_name")).isEqualTo("Mei Lin-Schmidt");
        assertThat(member("time_zone")).as("chosen with /baton set tz").isEqualTo("Europe/Berlin");
        SLACK.verify(2, postRequestedFor(urlPathEqualTo("/api/users.info")));
    }

    private String member(String column) {
        return jdbc.sql("SELECT " + column + " FROM member WHERE platform_user_id = 'UMEI'").query(String.class)
                .single();
    }

    private int attempts() {
        return jdbc.sql("SELECT attempts FROM scheduled_job WHERE kind = 'team.profile'").query(Integer.class)
                .single();
    }

    private HttpResponse<String> event(String event) throws Exception {
        return signedToSlackEndpoint("{\"token\":\"t\",\"team_id\":\"T0001\",\"api_app_id\":\"A0BATON\",\"type\":\"event_callback\","
                + "\"event_id\":\"EvUC" + System.nanoTime() + "\",\"event_time\":1,\"event\":" + event + "}",
                "application/json");
    }
}
