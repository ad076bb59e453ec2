package dev.baton.replicas;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.outbox.OutboxDispatcher;
import dev.baton.schedule.JobRunner;
import dev.baton.support.BatonTestSupport;
import dev.baton.support.FormBodies;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Two Baton processes on one database. The second, a separate JVM, runs the weekly prompts of 30 people and is
 * killed with SIGKILL while Slack (WireMock, answering slowly) is still receiving one of its messages. This replica
 * then finishes the work: every person gets exactly one prompt — none lost, none twice — because the message in
 * flight is checked against Slack's history before it would be sent again.
 */
@ExtendWith(OutputCaptureExtension.class)
class TwoReplicasTest extends BatonTestSupport {

    private static final int PEOPLE = 30;

    @Autowired
    private Conversation conversation;
    @Autowired
    private OutboxDispatcher outbox;
    @Autowired
    private JobRunner jobs;
    @Value("${spring.datasource.url}")
    private String databaseUrl;
    @Value("${spring.datasource.username}")
    private String databaseUser;
    @Value("${spring.datasource.password:}")
    private String databasePassword;

    @Test
    void aReplicaKilledMidSendLosesNothingAndDuplicatesNothing(CapturedOutput output) throws Exception {
        resetWorld();
        clock.set(Instant.now()); // both processes share real time
        SLACK.stubFor(post(urlPathEqualTo("/api/users.info")).willReturn(okJson("""
                {"ok":true,"user":{"id":"U","name":"member","tz":"UTC","locale":"en-US",
                 "profile":{"display_name":"member"}}}""")));
        for (int i = 0; i < PEOPLE; i++) {
            Origin origin = new Origin("slack", "slack:" + TEAM, "C1", "UR" + i, false, null, null);
            conversation.handle(new Inbound.Command(origin, "okr", "objective \"Objective " + i + "\""));
            conversation.handle(new Inbound.Command(origin, "okr", "kr O-" + (i + 1) + " \"Result\" from 0 to 10"));
        }
        jdbc.sql("DELETE FROM outbox_message").update(); // the command replies are not what this test is about
        Instant dueBefore = Instant.now();
        jdbc.sql("UPDATE scheduled_job SET due_at = ? WHERE kind = 'okr.prompt'")
                .param(java.sql.Timestamp.from(dueBefore.minusSeconds(1))).update();
        // the new people's profiles are looked up in the background; this test is about the prompts
        jdbc.sql("DELETE FROM scheduled_job WHERE kind = 'team.profile'").update();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM scheduled_job WHERE due_at <= NOW(3)").query(Long.class).single())
                .isEqualTo(PEOPLE);
        SLACK.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).atPriority(1)
                .willReturn(okJson("{\"ok\":true,\"ts\":\"1.1\"}").withFixedDelay(1200)));

        Process replica = startReplica();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (posts().size() < 4 && System.nanoTime() < deadline && replica.isAlive()) {
                Thread.sleep(100);
            }
            assertThat(posts().size()).as("the other replica started sending").isGreaterThanOrEqualTo(4);
            Thread.sleep(400); // mid-way through a slow send
            replica.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hooks, no commit
        } finally {
            replica.destroyForcibly();
        }
        int beforeKill = posts().size();
        assertThat(beforeKill).as("the kill left work to do").isLessThan(PEOPLE);

        // Slack keeps what it received: its history shows the messages that arrived, with their delivery keys
        Map<String, List<String>> keysByUser = new HashMap<>();
        for (LoggedRequest r : posts()) {
            Map<String, String> form = FormBodies.parse(r.getBodyAsString());
            keysByUser.computeIfAbsent(form.get("channel"), k -> new ArrayList<>()).add(form.get("metadata"));
        }
        keysByUser.forEach((user, metadata) -> {
            SLACK.stubFor(post(urlPathEqualTo("/api/conversations.open")).withRequestBody(containing("users=" + user))
                    .willReturn(okJson("{\"ok\":true,\"channel\":{\"id\":\"D" + user + "\"}}")));
            StringBuilder messages = new StringBuilder();
            for (String md : metadata) {
                messages.append(messages.length() > 0 ? "," : "").append("{\"type\":\"message\",\"ts\":\"1.1\",")
                        .append("\"text\":\"prompt\",\"metadata\":").append(md).append('}');
            }
            SLACK.stubFor(post(urlPathEqualTo("/api/conversations.history"))
                    .withRequestBody(containing("channel=D" + user))
                    .willReturn(okJson("{\"ok\":true,\"messages\":[" + messages + "],\"has_more\":false}")));
        });
        SLACK.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).atPriority(1)
                .willReturn(okJson("{\"ok\":true,\"ts\":\"1.2\"}")));

        // this replica takes over once the dead one's lease has run out
        clock.set(Instant.now().plus(Duration.ofMinutes(3)));
        for (int second = 0; second < 300 && unfinished() > 0; second++) {
            jobs.runDue();
            outbox.drain();
            clock.set(clock.instant().plusSeconds(1));
        }

        Map<String, Integer> promptsPerPerson = new HashMap<>();
        for (LoggedRequest r : posts()) {
            promptsPerPerson.merge(FormBodies.parse(r.getBodyAsString()).get("channel"), 1, Integer::sum);
        }
        assertThat(promptsPerPerson).hasSize(PEOPLE);
        assertThat(promptsPerPerson.values()).as("each person exactly one prompt").containsOnly(1);
        assertThat(unfinished()).isZero();
        assertThat(output.getOut()).as("a send was in flight when the replica died, and was found in Slack's history")
                .contains("was in flight when its replica stopped; it arrived");
        // the weekly jobs only: each prompt also planned a reminder two days on (how far the next weekly prompt is
        // depends on the weekday the test runs)
        assertThat(jdbc.sql("SELECT COUNT(*) FROM scheduled_job WHERE job_key LIKE 'okr.weekly:%' AND due_at > ?")
                .param(java.sql.Timestamp.from(dueBefore)).query(Long.class).single())
                .as("every weekly prompt moved on to its next week").isEqualTo(PEOPLE);
    }

    private long unfinished() {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE status IN ('PENDING', 'SENDING')")
                .query(Long.class).single()
                + jdbc.sql("SELECT COUNT(*) FROM scheduled_job WHERE kind = 'okr.prompt' AND due_at <= ?")
                        .param(java.sql.Timestamp.from(clock.instant())).query(Long.class).single();
    }

    private List<LoggedRequest> posts() {
        return SLACK.findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage")));
    }

    private Process startReplica() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // a server set to China's time, as many of our users' are: Baton runs in UTC whatever it is set to
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-Duser.timezone=Asia/Shanghai", "-cp",
                classpath,
                "dev.baton.BatonApplication",
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=" + databaseUser,
                "--spring.datasource.password=" + databasePassword,
                "--server.port=0",
                "--baton.slack.signing-secret=other-replica",
                "--baton.slack.bot-token=xoxb-other-replica",
                "--baton.slack.api-base-url=" + SLACK.baseUrl() + "/api/",
                "--baton.outbox.poll-interval=200ms",
                "--baton.schedule.poll-interval=200ms",
                // this replica runs on the real date: a public holiday must not hold its prompts back
                "--baton.calendar.country=none"));
        File log = Path.of("target", "other-replica.log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }
}
