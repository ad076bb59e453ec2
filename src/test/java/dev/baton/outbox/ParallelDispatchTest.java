package dev.baton.outbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.baton.conversation.Deliveries;
import dev.baton.conversation.Delivery;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.support.BatonTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox as it runs in production: sends start right after each commit and four workers hand messages over at
 * once. Every message arrives exactly once, and the answers to one request arrive in the order they were written.
 */
@TestPropertySource(properties = {"baton.outbox.send-after-commit=true", "baton.outbox.workers=4",
    "baton.slack.pace-per-workspace=1ms"})
class ParallelDispatchTest extends BatonTestSupport {

    @Autowired
    private Deliveries deliveries;

    @Autowired
    private TransactionTemplate tx;

    @Autowired
    private OutboxDispatcher dispatcher;

    @Autowired
    private MeterRegistry meters;

    @BeforeEach
    void clean() {
        resetWorld();
    }

    private void enqueue(Target target, String text, String key) {
        tx.executeWithoutResult(s -> deliveries.enqueue(new Delivery("slack", "slack:" + TEAM, target,
                new Reply.Text(text), key)));
    }

    /** Claims the outbox's workers made, whether or not they found a row. */
    private double claims() {
        return meters.find("baton.outbox.claims").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private long unsent() {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE status <> 'SENT'").query(Long.class).single();
    }

    private void awaitAllSent(Duration max, boolean moveTheClock) throws InterruptedException {
        long deadline = System.currentTimeMillis() + max.toMillis();
        while (unsent() > 0 && System.currentTimeMillis() < deadline) {
            if (moveTheClock) {
                // paced sends wait for the (test) clock; let it run fast
                clock.set(clock.instant().plusMillis(50));
            }
            // what the scheduler does every poll interval (an hour in tests): wake the workers for what became due
            dispatcher.poll();
            Thread.sleep(20);
        }
        assertThat(unsent()).isZero();
    }

    @Test
    void threeHundredAnswersAreEachSentExactlyOnceByTheWorkers() throws Exception {
        for (int i = 0; i < 300; i++) {
            enqueue(new Target.Ephemeral("C1", "U" + i, SLACK.baseUrl() + "/response/r" + i), "answer " + i,
                    "answer:" + i);
        }
        awaitAllSent(Duration.ofSeconds(60), false);
        Map<String, Long> perUrl = SLACK.findAll(postRequestedFor(urlPathMatching("/response/r\\d+"))).stream()
                .collect(Collectors.groupingBy(LoggedRequest::getUrl, Collectors.counting()));
        assertThat(perUrl).hasSize(300).allSatisfy((url, count) -> assertThat(count).as(url).isEqualTo(1));
    }

    @Test
    void theAnswersToOneRequestArriveInTheOrderTheyWereWritten() throws Exception {
        for (int round = 0; round < 5; round++) {
            SLACK.resetRequests();
            String url = SLACK.baseUrl() + "/response/same" + round;
            for (int i = 1; i <= 6; i++) {
                enqueue(new Target.Ephemeral("C1", "U1", url), "part " + i, "part:" + round + ":" + i);
            }
            // and a crowd of other answers competing for the workers meanwhile
            for (int i = 0; i < 20; i++) {
                enqueue(new Target.Ephemeral("C1", "U" + i, SLACK.baseUrl() + "/response/o" + round + "-" + i),
                        "other", "other:" + round + ":" + i);
            }
            awaitAllSent(Duration.ofSeconds(30), true);
            List<String> bodies = SLACK.findAll(postRequestedFor(urlPathEqualTo("/response/same" + round))).stream()
                    .map(LoggedRequest::getBodyAsString).toList();
            assertThat(bodies).hasSize(6);
            for (int i = 0; i < 6; i++) {
                assertThat(bodies.get(i)).as("round " + round).contains("part " + (i + 1));
            }
        }
    }

    @Test
    void pacedDirectMessagesToManyPeopleAreEachSentOnce() throws Exception {
        for (int i = 0; i < 40; i++) {
            enqueue(new Target.Direct("UP" + i), "reminder " + i, "reminder:" + i);
        }
        awaitAllSent(Duration.ofSeconds(60), true);
        Map<String, Long> perChannel = SLACK.findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage")))
                .stream().map(r -> dev.baton.support.FormBodies.parse(r.getBodyAsString()).get("channel"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perChannel).hasSize(40).allSatisfy((channel, count) -> assertThat(count).as(channel).isEqualTo(1));
    }

    @Test
    void anIdleOutboxIsLookedAtByOneWorkerAPoll() throws Exception {
        double before = claims();
        for (int i = 0; i < 3; i++) {
            dispatcher.poll();
            Thread.sleep(200); // the worker it woke has looked and stopped
        }
        assertThat(claims() - before).as("one claim for each poll, not one for each of the four workers")
                .isEqualTo(3);
    }

    @Test
    void aBacklogThePollFindsIsSentByTheWorkersTogether() throws Exception {
        // each answer takes the platform 300 ms: one worker alone would send them one after the other
        SLACK.stubFor(post(urlPathMatching("/response/slow.*")).willReturn(aResponse().withStatus(200)
                .withBody("ok").withFixedDelay(300)));
        // written not yet due, so the workers their commit nudges find nothing; then made due behind their back
        tx.executeWithoutResult(s -> {
            for (int i = 0; i < 8; i++) {
                deliveries.enqueue(new Delivery("slack", "slack:" + TEAM, new Target.Ephemeral("C1", "U" + i,
                        SLACK.baseUrl() + "/response/slow" + i), new Reply.Text("answer " + i), "slow:" + i));
            }
            jdbc.sql("UPDATE outbox_message SET next_attempt_at = ?").param(clock.instant().plusSeconds(3600))
                    .update();
        });
        Thread.sleep(300);
        jdbc.sql("UPDATE outbox_message SET next_attempt_at = ?").param(clock.instant()).update();
        dispatcher.poll(); // once: only the worker it wakes, and those that one wakes, can send
        long deadline = System.currentTimeMillis() + 30_000;
        while (unsent() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(unsent()).isZero();
        List<Long> arrived = SLACK.findAll(postRequestedFor(urlPathMatching("/response/slow\\d"))).stream()
                .map(r -> r.getLoggedDate().getTime()).sorted().toList();
        assertThat(arrived).hasSize(8);
        long overlapping = java.util.stream.IntStream.range(1, arrived.size())
                .filter(i -> arrived.get(i) - arrived.get(i - 1) < 300).count();
        assertThat(overlapping).as("answers sent while another was still on its way").isPositive();
    }

    @Test
    void aNudgedMessageGoesOutAtOnceWithTheOneClaimItsCommitOwes() throws Exception {
        enqueue(new Target.Direct("UWARM"), "warm-up", "warm-up"); // the workspace's pace row exists, as in a burst
        // sent by its own nudge, not by a poll: a poll's worker could take it first and leave the nudge's owed claim
        // to be made (for nothing) during the measurement below
        long warm = System.currentTimeMillis() + 10_000;
        while (unsent() > 0 && System.currentTimeMillis() < warm) {
            Thread.sleep(10);
        }
        assertThat(unsent()).isZero();
        Thread.sleep(100); // the woken worker finishes its round
        clock.set(clock.instant().plusSeconds(5)); // the workspace's pace allows the next send

        double before = claims();
        enqueue(new Target.Direct("UNOW"), "right away", "now");
        // no poll here (it runs hourly in tests): only the commit's nudge can send it
        long deadline = System.currentTimeMillis() + 10_000;
        while (unsent() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(300); // room for a claim after it, if the worker made one

        assertThat(unsent()).isZero();
        assertThat(claims() - before).as("claims by the worker the commit woke").isEqualTo(1);
    }
}
