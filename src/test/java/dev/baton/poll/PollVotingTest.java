package dev.baton.poll;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.baton.outbox.OutboxDispatcher;
import dev.baton.schedule.JobRunner;
import dev.baton.support.BatonTestSupport;
import dev.baton.support.FormBodies;
import dev.baton.support.SlackSigner;
import dev.baton.team.Team;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * Votes through the real endpoint: concurrent storms, double clicks, votes after close, and what the database
 * holds about an anonymous poll.
 */
class PollVotingTest extends BatonTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CHANNEL = "CTRAINING";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicInteger sequence = new AtomicInteger();

    @Autowired
    private Team team;
    @Autowired
    private OutboxDispatcher outbox;
    @Autowired
    private JobRunner jobs;
    @Autowired
    private BallotKeys keys;

    @BeforeEach
    void clean() {
        resetWorld();
        // any user Baton asks about is a member in Shanghai, named after their id
        usersNamedAfterTheirIds();
        SLACK.stubFor(post(urlPathEqualTo("/api/conversations.open")).willReturn(okJson("""
                {"ok":true,"channel":{"id":"D{{formData request.body 'f' urlDecode=true}}{{f.users}}"}}""")
                .withTransformers("response-template")));
    }

    @Test
    void aStormOf300VotersCountsEachOnceAndUpdatesTheMessageAFewTimesOnly() throws Exception {
        long poll = startPoll("/poll new \"Which module was hardest?\" A B C");
        List<String> voters = register(300);
        SLACK.resetRequests();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < voters.size(); i++) {
                String user = voters.get(i);
                int option = 1 + i % 3;
                answers.add(pool.submit(() -> click(user, poll, option)));
                if (i % 6 == 0) {
                    answers.add(pool.submit(() -> click(user, poll, option))); // an impatient double click
                }
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM poll_ballot WHERE poll_id = ?").param(poll).query(Long.class)
                .single()).isEqualTo(300);
        assertThat(jdbc.sql("SELECT COUNT(DISTINCT voter) FROM poll_ballot WHERE poll_id = ?").param(poll)
                .query(Long.class).single()).isEqualTo(300);
        assertThat(jdbc.sql("SELECT choice, COUNT(*) FROM poll_ballot WHERE poll_id = ? GROUP BY choice")
                .param(poll).query((rs, i) -> rs.getInt(2)).list()).containsExactly(100, 100, 100);

        // each click's confirmation went to its own response_url, once
        drain();
        List<String> confirmed = SLACK.findAll(postRequestedFor(urlPathMatching("/response/.*"))).stream()
                .map(LoggedRequest::getUrl).toList();
        assertThat(confirmed).hasSize(350).doesNotHaveDuplicates();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE status <> 'SENT'").query(Long.class).single())
                .as("every confirmation recorded as sent, none left for the outbox to send again").isZero();
        SLACK.resetRequests();
        clock.set(clock.instant().plus(Duration.ofSeconds(5)));
        jobs.runDue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM scheduled_job WHERE job_key LIKE 'poll.refresh%'")
                .query(Long.class).single()).isZero();
        drain();
        List<LoggedRequest> updates = SLACK.findAll(postRequestedFor(urlPathEqualTo("/api/chat.update")));
        // every vote arrived within one refresh window: one update of the message, not 300
        assertThat(updates).hasSize(1);
        String blocks = FormBodies.parse(updates.get(0).getBodyAsString()).get("blocks");
        assertThat(blocks).contains("300 voters");
        // the first voters of each option by name, then how many more
        assertThat(blocks).contains(team.member(jdbc.sql("SELECT member_id FROM poll_ballot WHERE poll_id = ? AND "
                + "choice = 1 ORDER BY member_id LIMIT 1").param(poll).query(Long.class).single()).displayName())
                .contains("and 92 more");
    }

    @Test
    void aReplayedClickIsRefusedAndChangesNothing() throws Exception {
        long poll = startPoll("/poll new \"Format?\" online onsite multiple");
        List<String> voters = register(1);
        String body = clickBody(voters.get(0), poll, 1);
        long ts = System.currentTimeMillis() / 1000;
        assertThat(send(body, ts)).isEqualTo(200);
        // the same signed request again: on a multiple-choice poll a second toggle would take the vote back
        assertThat(send(body, ts)).isEqualTo(401);
        assertThat(jdbc.sql("SELECT choice FROM poll_ballot WHERE poll_id = ?").param(poll).query(Integer.class)
                .list()).containsExactly(1);
        drain();
        assertThat(SLACK.findAll(postRequestedFor(urlPathMatching("/response/.*")))).hasSize(1);
    }

    @Test
    void aVoteAfterCloseChangesNothing() throws Exception {
        long poll = startPoll("/poll new \"Lunch?\" pizza noodles");
        List<String> voters = register(2);
        assertThat(click(voters.get(0), poll, 1)).isEqualTo(200);
        command("UTRAINER", "/poll close P-" + poll);
        assertThat(click(voters.get(1), poll, 2)).isEqualTo(200);
        assertThat(click(voters.get(0), poll, 2)).isEqualTo(200);
        assertThat(jdbc.sql("SELECT choice FROM poll_ballot WHERE poll_id = ?").param(poll).query(Integer.class)
                .list()).containsExactly(1);
    }

    @Test
    void theDatabaseCannotTellWhoVotedWhatInAnAnonymousPoll() throws Exception {
        long poll = startPoll("/poll new \"Rate the trainer\" great fine poor anonymous");
        List<String> voters = register(4);
        for (int i = 0; i < voters.size(); i++) {
            assertThat(click(voters.get(i), poll, 1 + i % 3)).isEqualTo(200);
        }
        drain();
        List<Long> memberIds = voters.stream().map(u -> team.member("slack", "slack:" + TEAM, u).id()).toList();
        List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM poll_ballot WHERE poll_id = ?").param(poll)
                .query().listOfRows();
        assertThat(rows).hasSize(4);
        for (Map<String, Object> row : rows) {
            assertThat(row.get("MEMBER_ID") == null ? row.get("member_id") : row.get("MEMBER_ID")).isNull();
            String voter = String.valueOf(row.getOrDefault("voter", row.get("VOTER")));
            assertThat(voter).hasSize(64).isNotIn(voters).isNotIn(memberIds.stream().map(String::valueOf).toList());
            assertThat(row.keySet()).noneMatch(c -> c.toLowerCase().contains("time") || c.toLowerCase().contains("_at"));
        }
        // the confirmations that went out through the outbox never name the choice
        List<String> payloads = jdbc.sql("SELECT payload FROM outbox_message").query(String.class).list();
        assertThat(payloads).filteredOn(p -> p.contains("recorded anonymously")).hasSize(4)
                .noneMatch(p -> p.contains("great") || p.contains("fine") || p.contains("poor"));

        // while open, only the server's secret links a member to a ballot
        String aliceVoter = keys.voter("poll:" + poll, memberIds.get(0));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM poll_ballot WHERE voter = ?").param(aliceVoter).query(Long.class)
                .single()).isEqualTo(1);
        command("UTRAINER", "/poll close P-" + poll);
        // after close not even the secret does
        for (long member : memberIds) {
            assertThat(jdbc.sql("SELECT COUNT(*) FROM poll_ballot WHERE voter = ?")
                    .param(keys.voter("poll:" + poll, member)).query(Long.class).single()).isZero();
        }
        assertThat(jdbc.sql("SELECT COUNT(DISTINCT voter) FROM poll_ballot WHERE poll_id = ?").param(poll)
                .query(Long.class).single()).isEqualTo(4);
        assertThat(jdbc.sql("SELECT final_voters FROM poll WHERE id = ?").param(poll).query(Integer.class).single())
                .isEqualTo(4);
    }

    @Test
    void theCsvExportOfAnAnonymousPollNumbersRespondentsWithoutNames() throws Exception {
        long poll = startPoll("/poll new \"Rate the trainer\" great fine poor anonymous");
        List<String> voters = register(3);
        for (int i = 0; i < voters.size(); i++) {
            click(voters.get(i), poll, 1 + i % 3);
        }
        SLACK.resetRequests();
        command("UTRAINER", "/poll export P-" + poll);
        drain();
        List<LoggedRequest> uploads = SLACK.findAll(postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock
                .urlPathMatching("/upload/.*")));
        assertThat(uploads).hasSize(1);
        String csv = new String(uploads.get(0).getBody(), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFFRespondent,Choice,Value").contains("\"#1\",", "\"#2\",", "\"#3\",");
        for (String v : voters) {
            assertThat(csv).doesNotContain(v);
        }
    }

    @Test
    void anAnonymousQuestionnaireKeepsWhoAnsweredApartFromWhatTheyAnswered() throws Exception {
        team.member("slack", "slack:" + TEAM, "UTRAINER");
        jdbc.sql("UPDATE member SET role = 'TRAINER' WHERE platform_user_id = 'UTRAINER'").update();
        List<String> people = register(3);
        command("UTRAINER", "/survey send \"Day 1\" <@UV0000> <@UV0001> <@UV0002> anonymous");
        long survey = jdbc.sql("SELECT MAX(id) FROM survey").query(Long.class).single();
        for (int i = 0; i < people.size(); i++) {
            assertThat(submitSurvey(people.get(i), survey, 3 + i % 3)).isEqualTo(200);
        }
        // a second submission of the same person (a retried request) is not a second response
        assertThat(submitSurvey(people.get(0), survey, 1)).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM survey_response WHERE survey_id = ?").param(survey)
                .query(Long.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM survey_response WHERE member_id IS NOT NULL")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM survey_participant WHERE answered").query(Long.class).single())
                .isEqualTo(3);
        List<String> respondents = jdbc.sql("SELECT respondent FROM survey_response").query(String.class).list();
        List<Long> memberIds = people.stream().map(u -> team.member("slack", "slack:" + TEAM, u).id()).toList();
        assertThat(respondents).allMatch(r -> r.length() == 64)
                .noneMatch(r -> memberIds.stream().anyMatch(id -> r.equals(String.valueOf(id))));
        command("UTRAINER", "/survey close S-" + survey);
        for (long member : memberIds) {
            assertThat(jdbc.sql("SELECT COUNT(*) FROM survey_response WHERE respondent = ?")
                    .param(keys.voter("survey:" + survey, member)).query(Long.class).single()).isZero();
        }
    }

    private int submitSurvey(String user, long survey, int score) throws Exception {
        int n = sequence.incrementAndGet();
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (String item : List.of("content", "instructor", "format", "usefulness", "nps")) {
            values.put(item, Map.of(item, Map.of("type", "static_select", "selected_option",
                    Map.of("text", Map.of("type", "plain_text", "text", String.valueOf(score)),
                            "value", String.valueOf(score)))));
        }
        values.put("comment", Map.of("comment", Map.of("type", "plain_text_input", "value", "ok " + n)));
        Map<String, Object> view = Map.of("id", "V" + n, "team_id", TEAM, "type", "modal",
                "callback_id", "survey.answer-form", "private_metadata", String.valueOf(survey),
                "state", Map.of("values", values));
        Map<String, Object> payload = Map.of("type", "view_submission",
                "team", Map.of("id", TEAM, "domain", "baton-test"),
                "user", Map.of("id", user, "username", user, "team_id", TEAM),
                "api_app_id", "A0BATON", "trigger_id", "trigger-" + n, "view", view);
        return send("payload=" + enc(JSON.writeValueAsString(payload)));
    }

    // ---- driving Slack --------------------------------------------------------------------------------------

    private long startPoll(String text) throws Exception {
        team.member("slack", "slack:" + TEAM, "UTRAINER");
        command("UTRAINER", text);
        drain();
        return jdbc.sql("SELECT MAX(id) FROM poll").query(Long.class).single();
    }

    private List<String> register(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "UV" + String.format("%04d", i);
            team.member("slack", "slack:" + TEAM, id);
            ids.add(id);
        }
        return Collections.unmodifiableList(ids);
    }

    /** Sends everything waiting, moving the clock on so the platform's pace allows it. */
    private void drain() {
        for (int i = 0; i < 300; i++) {
            outbox.drain();
            long waiting = jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE status IN ('PENDING', 'SENDING')")
                    .query(Long.class).single();
            if (waiting == 0) {
                return;
            }
            clock.set(clock.instant().plus(Duration.ofSeconds(2)));
        }
        throw new AssertionError("The outbox did not empty");
    }

    private int command(String user, String text) throws Exception {
        String[] parts = text.split(" ", 2);
        String body = "team_id=" + TEAM + "&channel_id=" + CHANNEL + "&channel_name=training&user_id=" + user
                + "&user_name=" + user + "&command=" + enc(parts[0]) + "&text=" + enc(parts[1])
                + "&response_url=" + enc(SLACK.baseUrl() + "/response/" + sequence.incrementAndGet())
                + "&trigger_id=t" + sequence.get() + "&api_app_id=A0BATON";
        return send(body);
    }

    private int click(String user, long poll, int option) throws Exception {
        return send(clickBody(user, poll, option));
    }

    private String clickBody(String user, long poll, int option) {
        int n = sequence.incrementAndGet();
        Map<String, Object> payload = Map.of(
                "type", "block_actions",
                "team", Map.of("id", TEAM, "domain", "baton-test"),
                "user", Map.of("id", user, "username", user, "team_id", TEAM),
                "api_app_id", "A0BATON",
                "trigger_id", "trigger-" + n,
                "response_url", SLACK.baseUrl() + "/response/" + n,
                "container", Map.of("type", "message", "message_ts", "1700000001.1", "channel_id", CHANNEL),
                "channel", Map.of("id", CHANNEL, "name", "training"),
                "actions", List.of(Map.of("action_id", "poll.vote", "block_id", "b1", "value", poll + ":" + option,
                        "type", "button", "action_ts", "1700000000." + n)));
        return "payload=" + enc(JSON.writeValueAsString(payload));
    }

    private int send(String body) throws Exception {
        return send(body, System.currentTimeMillis() / 1000);
    }

    private int send(String body, long ts) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/slack/events"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", String.valueOf(ts))
                .header("X-Slack-Signature", SlackSigner.sign(SIGNING_SECRET, ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
