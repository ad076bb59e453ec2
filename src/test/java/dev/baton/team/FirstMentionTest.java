package dev.baton.team;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.BatonTestSupport;
import dev.baton.support.SlackSigner;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Someone a command names for the first time is looked up on the platform once, registered, and the command goes on
 * with them.
 */
class FirstMentionTest extends BatonTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void clean() {
        resetWorld();
        usersNamedAfterTheirIds();
    }

    @Test
    void aFirstMentionIsLookedUpOnceAndTheCommandGoesOnWithThem() throws Exception {
        // the listed admin meets Baton first
        assertThat(command("UNOBODY", "/baton", "help").statusCode()).isEqualTo(200);

        HttpResponse<String> answer = command("UNOBODY", "/baton", "role <@UNEWBIE> manager");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT role FROM member WHERE platform_user_id = 'UNEWBIE'").query(String.class)
                .single()).isEqualTo("MANAGER");
        SLACK.verify(1, postRequestedFor(urlPathEqualTo("/api/users.info")).withRequestBody(containing("UNEWBIE")));
    }

    @Test
    void aCommandNamingManyNewPeopleRegistersEachOnce() throws Exception {
        command("UNOBODY", "/baton", "help");
        StringJoiner mentions = new StringJoiner(" ");
        for (int i = 0; i < 8; i++) {
            mentions.add("<@UNEW" + i + ">");
        }
        assertThat(command("UNOBODY", "/survey", "send \"Day 1\" " + mentions).statusCode()).isEqualTo(200);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM member WHERE platform_user_id LIKE 'UNEW%'").query(Long.class)
                .single()).isEqualTo(8);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM survey_participant").query(Long.class).single()).isEqualTo(8);
        SLACK.verify(8, postRequestedFor(urlPathEqualTo("/api/users.info")).withRequestBody(containing("UNEW")));
    }

    private HttpResponse<String> command(String user, String command, String text) throws Exception {
        String body = "team_id=T0001&channel_id=CGENERAL&channel_name=general&user_id=" + user + "&user_name=" + user
                + "&command=" + URLEncoder.encode(command, StandardCharsets.UTF_8) + "&text="
                + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&response_url="
                + URLEncoder.encode(SLACK.baseUrl() + "/response/1", StandardCharsets.UTF_8)
                + "&trigger_id=t1&api_app_id=A0BATON";
        long now = System.currentTimeMillis() / 1000;
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/slack/events"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", String.valueOf(now))
                .header("X-Slack-Signature", SlackSigner.sign(SIGNING_SECRET, now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
