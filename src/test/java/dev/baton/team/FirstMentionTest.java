package dev.baton.team;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.schedule.JobRunner;
import dev.baton.support.BatonTestSupport;
import java.net.http.HttpResponse;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Someone a command names for the first time is registered and the command goes on with them; their profile is
 * looked up on the platform once, in the background.
 */
class FirstMentionTest extends BatonTestSupport {

    @Autowired
    private JobRunner jobs;

    @BeforeEach
    void clean() {
        resetWorld();
        usersNamedAfterTheirIds();
    }

    @Test
    void aFirstMentionIsLookedUpOnceAndTheCommandGoesOnWithThem() throws Exception {
        // the listed admin meets Baton first
        assertThat(slashCommand("UNOBODY", "/baton", "help").statusCode()).isEqualTo(200);

        HttpResponse<String> answer = slashCommand("UNOBODY", "/baton", "role <@UNEWBIE> manager");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT role FROM member WHERE platform_user_id = 'UNEWBIE'").query(String.class)
                .single()).isEqualTo("MANAGER");
        SLACK.verify(0, postRequestedFor(urlPathEqualTo("/api/users.info")));
        jobs.runDue();
        SLACK.verify(1, postRequestedFor(urlPathEqualTo("/api/users.info")).withRequestBody(containing("UNEWBIE")));
    }

    @Test
    void aCommandNamingManyNewPeopleRegistersEachOnce() throws Exception {
        slashCommand("UNOBODY", "/baton", "help");
        StringJoiner mentions = new StringJoiner(" ");
        for (int i = 0; i < 8; i++) {
            mentions.add("<@UNEW" + i + ">");
        }
        assertThat(slashCommand("UNOBODY", "/survey", "send \"Day 1\" " + mentions).statusCode()).isEqualTo(200);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM member WHERE platform_user_id LIKE 'UNEW%'").query(Long.class)
                .single()).isEqualTo(8);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM survey_participant").query(Long.class).single()).isEqualTo(8);
        jobs.runDue();
        jobs.runDue(); // a second round asks nobody again: each profile is looked up once, then daily
        SLACK.verify(8, postRequestedFor(urlPathEqualTo("/api/users.info")).withRequestBody(containing("UNEW")));
    }
}
