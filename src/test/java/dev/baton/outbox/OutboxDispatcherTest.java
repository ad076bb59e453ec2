package dev.baton.outbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.baton.conversation.Deliveries;
import dev.baton.conversation.Delivery;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.support.BatonTestSupport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Nothing lost, nothing sent twice: retries with backoff and Retry-After, idempotency keys, concurrent dispatchers. */
class OutboxDispatcherTest extends BatonTestSupport {

    @Autowired
    private Deliveries deliveries;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private OutboxDispatcher dispatcher;
    @Autowired
    private TransactionTemplate tx;

    @BeforeEach
    void clean() {
        resetWorld();
        clock.set(Instant.parse("2026-03-02T01:00:00Z"));
    }

    private void enqueue(String key, String text) {
        tx.executeWithoutResult(s -> deliveries.enqueue(new Delivery("slack", "slack:T0001",
                new Target.Direct("UALICE"), new Reply.Text(text), key)));
    }

    /** chat.postMessage gives these answers one after the other, and the last one from then on. */
    private static void postMessageAnswersInTurn(ResponseDefinitionBuilder... answers) {
        for (int i = 0; i < answers.length; i++) {
            ScenarioMappingBuilder stub = post(urlPathEqualTo("/api/chat.postMessage")).inScenario("answers in turn")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answer " + i).willReturn(answers[i]);
            SLACK.stubFor(i + 1 < answers.length ? stub.willSetStateTo("answer " + (i + 1)) : stub);
        }
    }

    private int posts() {
        return SLACK.findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))).size();
    }

    private String status(String key) {
        return jdbc.sql("SELECT status FROM outbox_message WHERE idempotency_key = ?").param(key)
                .query(String.class).single();
    }

    private void leftInFlightByADeadReplica(String key) {
        enqueue(key, "prompt");
        jdbc.sql("UPDATE outbox_message SET status = 'SENDING', attempts = 1, lease_until = ? WHERE idempotency_key = ?")
                .params(java.sql.Timestamp.from(clock.instant().minusSeconds(1)), key).update();
        SLACK.stubFor(post(urlPathEqualTo("/api/conversations.open"))
                .willReturn(okJson("{\"ok\":true,\"channel\":{\"id\":\"DUALICE\"}}")));
    }

    @Test
    void aSendInFlightThatReachedSlackIsNotSentAgain() {
        leftInFlightByADeadReplica("doubt-1");
        SLACK.stubFor(post(urlPathEqualTo("/api/conversations.history")).willReturn(okJson("""
                {"ok":true,"messages":[{"type":"message","ts":"1.1","text":"prompt",
                 "metadata":{"event_type":"baton_delivery","event_payload":{"key":"doubt-1"}}}]}""")));
        dispatcher.drain();
        assertThat(posts()).isZero();
        assertThat(status("doubt-1")).isEqualTo("SENT");
    }

    @Test
    void aSendInFlightThatNeverReachedSlackIsSentOnce() {
        leftInFlightByADeadReplica("doubt-2");
        SLACK.stubFor(post(urlPathEqualTo("/api/conversations.history")).willReturn(okJson("""
                {"ok":true,"messages":[{"type":"message","ts":"1.1","text":"other",
                 "metadata":{"event_type":"baton_delivery","event_payload":{"key":"something-else"}}}]}""")));
        dispatcher.drain();
        dispatcher.drain();
        assertThat(posts()).isEqualTo(1);
        assertThat(status("doubt-2")).isEqualTo("SENT");
    }

    @Test
    void aSendStillWithinItsLeaseIsLeftToItsReplica() {
        enqueue("busy", "prompt");
        jdbc.sql("UPDATE outbox_message SET status = 'SENDING', lease_until = ? WHERE idempotency_key = 'busy'")
                .param(java.sql.Timestamp.from(clock.instant().plusSeconds(60))).update();
        dispatcher.drain();
        assertThat(posts()).isZero();
        assertThat(status("busy")).isEqualTo("SENDING");
    }

    @Test
    void aSlackThatHangsIsGivenUpOnAndTriedAgain() {
        postMessageAnswersInTurn(okJson("{\"ok\":true}").withFixedDelay(5000), okJson("{\"ok\":true,\"ts\":\"1.1\"}"));
        enqueue("slow", "prompt");
        dispatcher.drain();
        assertThat(status("slow")).as("timed out after 3 s, waiting to retry").isEqualTo("PENDING");
        clock.set(clock.instant().plusSeconds(3));
        dispatcher.drain();
        assertThat(status("slow")).isEqualTo("SENT");
    }

    @Test
    void aConnectionResetIsRetried() {
        // every post is reset until the first round is over: however often the HTTP client itself retries a reset,
        // the outbox sees it fail, keeps the message and tries again after its backoff
        SLACK.stubFor(post(urlPathEqualTo("/api/chat.postMessage"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        enqueue("reset", "prompt");
        dispatcher.drain();
        assertThat(status("reset")).isEqualTo("PENDING");
        assertThat(posts()).isPositive();
        SLACK.resetRequests();
        // the newest stub for a path wins in WireMock
        SLACK.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(okJson("{\"ok\":true,\"ts\":\"1.1\"}")));
        clock.set(clock.instant().plusSeconds(3));
        dispatcher.drain();
        assertThat(status("reset")).isEqualTo("SENT");
        assertThat(posts()).as("sent once after the resets").isEqualTo(1);
    }

    @Test
    void theSameKeyIsOnlyEverSentOnce() {
        enqueue("k1", "hello");
        enqueue("k1", "hello again");
        dispatcher.drain();
        dispatcher.drain();
        assertThat(posts()).isEqualTo(1);
    }

    @Test
    void aServerErrorIsRetriedAfterBackoffAndThenDelivered() {
        postMessageAnswersInTurn(aResponse().withStatus(500), okJson("{\"ok\":true,\"ts\":\"1.1\"}"));
        enqueue("k2", "prompt");
        dispatcher.drain();
        assertThat(status("k2")).isEqualTo("PENDING");
        dispatcher.drain();
        assertThat(posts()).as("not before the backoff").isEqualTo(1);
        clock.set(clock.instant().plusSeconds(3));
        dispatcher.drain();
        assertThat(posts()).isEqualTo(2);
        assertThat(status("k2")).isEqualTo("SENT");
    }

    @Test
    void aRateLimitWaitsForRetryAfter() {
        postMessageAnswersInTurn(aResponse().withStatus(429).withHeader("Retry-After", "30"),
                okJson("{\"ok\":true,\"ts\":\"1.1\"}"));
        enqueue("k3", "prompt");
        dispatcher.drain();
        clock.set(clock.instant().plusSeconds(29));
        dispatcher.drain();
        assertThat(posts()).isEqualTo(1);
        clock.set(clock.instant().plusSeconds(1));
        dispatcher.drain();
        assertThat(posts()).isEqualTo(2);
        assertThat(status("k3")).isEqualTo("SENT");
    }

    @Test
    void aPermanentErrorIsParkedAsDeadNotRetried() {
        SLACK.stubFor(post(urlPathEqualTo("/api/chat.postMessage"))
                .willReturn(okJson("{\"ok\":false,\"error\":\"channel_not_found\"}")));
        enqueue("k4", "prompt");
        dispatcher.drain();
        clock.set(clock.instant().plusSeconds(3600));
        dispatcher.drain();
        assertThat(posts()).isEqualTo(1);
        assertThat(status("k4")).isEqualTo("DEAD");
    }

    @Test
    void slacksOwnRateLimitAnswerAndAnAnswerThatIsNotJsonAreRetried() {
        postMessageAnswersInTurn(okJson("{\"ok\":false,\"error\":\"ratelimited\"}"),
                aResponse().withStatus(200).withBody("<html>gateway</html>"),
                okJson("{\"ok\":true,\"channel\":\"DUALICE\",\"ts\":\"1.1\"}"));
        enqueue("k5", "prompt");
        dispatcher.drain();
        assertThat(status("k5")).isEqualTo("PENDING");
        clock.set(clock.instant().plusSeconds(1));
        dispatcher.drain();
        assertThat(posts()).isEqualTo(2);
        assertThat(status("k5")).isEqualTo("PENDING");
        clock.set(clock.instant().plusSeconds(60));
        dispatcher.drain();
        assertThat(posts()).isEqualTo(3);
        assertThat(status("k5")).isEqualTo("SENT");
        assertThat(jdbc.sql("SELECT CONCAT(posted_channel, ' ', posted_message_id) FROM outbox_message "
                + "WHERE idempotency_key = 'k5'").query(String.class).single()).isEqualTo("DUALICE 1.1");
    }

    @Test
    void aDirectMessageCarriesItsTextBlocksAndDeliveryKeyWithTheBotToken() {
        SLACK.stubFor(post(urlPathEqualTo("/api/chat.postMessage"))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"DUALICE\",\"ts\":\"1.2\"}")));
        enqueue("k6", "Time for your check-in");
        dispatcher.drain();
        LoggedRequest sent = SLACK.findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))).get(0);
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer xoxb-test-token");
        assertThat(sent.formParameters().get("channel").firstValue()).isEqualTo("UALICE");
        assertThat(sent.formParameters().get("text").firstValue()).isEqualTo("Time for your check-in");
        assertThat(sent.formParameters().get("blocks").firstValue()).contains("Time for your check-in");
        assertThat(JSON.readTree(sent.formParameters().get("metadata").firstValue()))
                .isEqualTo(JSON.readTree("{\"event_type\":\"baton_delivery\",\"event_payload\":{\"key\":\"k6\"}}"));
        assertThat(status("k6")).isEqualTo("SENT");
    }

    private void enqueueTo(String key, String user, String text) {
        tx.executeWithoutResult(s -> deliveries.enqueue(new Delivery("slack", "slack:T0001",
                new Target.Direct(user), new Reply.Text(text), key)));
    }

    @Test
    void threeDispatchersSendEachOfThreeHundredMessagesExactlyOnce() throws Exception {
        for (int i = 0; i < 300; i++) {
            enqueueTo("bulk:" + i, "U" + (i % 60), "message " + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            results.add(pool.submit(() -> {
                int n = 0;
                for (int round = 0; round < 3000 && jdbc.sql("SELECT COUNT(*) FROM outbox_message "
                        + "WHERE status = 'PENDING'").query(Long.class).single() > 0; round++) {
                    n += dispatcher.drain();
                    synchronized (clock) {
                        clock.set(clock.instant().plusMillis(100)); // time passes while the replicas work
                    }
                }
                return n;
            }));
        }
        for (Future<Integer> f : results) {
            f.get(180, TimeUnit.SECONDS);
        }
        pool.shutdown();
        Set<String> texts = new HashSet<>();
        SLACK.findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage")))
                .forEach(r -> texts.add(r.getBodyAsString()));
        assertThat(jdbc.sql("SELECT CONCAT(status, ' ', COALESCE(last_error, '')) FROM outbox_message "
                + "WHERE status <> 'SENT' LIMIT 3").query(String.class).list()).isEmpty();
        assertThat(posts()).isEqualTo(300);
        assertThat(texts).hasSize(300);
    }

    @Test
    void anHourLongOutageFloodsNothingAfterwards() {
        SLACK.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(aResponse().withStatus(503)));
        for (int i = 0; i < 20; i++) {
            enqueueTo("outage:" + i, "UALICE", "reminder " + i);
        }
        Instant start = clock.instant();
        while (clock.instant().isBefore(start.plusSeconds(3600))) {
            dispatcher.drain();
            clock.set(clock.instant().plusSeconds(60));
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE status = 'PENDING'").query(Long.class)
                .single()).as("nothing lost during the outage").isEqualTo(20);
        SLACK.resetAll();
        SLACK.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(okJson("{\"ok\":true}")));
        // after the outage, the channel gets at most one message a second while the backlog drains
        clock.set(clock.instant().plusSeconds(3600));
        int seconds = 0;
        while (jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE status = 'PENDING'").query(Long.class).single() > 0
                && seconds < 600) {
            int before = posts();
            dispatcher.drain();
            assertThat(posts() - before).as("sends in second %d", seconds).isLessThanOrEqualTo(1);
            clock.set(clock.instant().plusSeconds(1));
            seconds++;
        }
        assertThat(posts()).isEqualTo(20);
        List<String> order = SLACK.findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))).stream()
                .map(r -> r.getBodyAsString().replaceAll(".*text=reminder%20(\\d+)&.*", "$1")).toList();
        assertThat(order).as("in the order they were written")
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14",
                        "15", "16", "17", "18", "19");
    }

    @Test
    void aWorkspacesPaceClearedAwayByHousekeepingIsMadeAgain() {
        enqueue("before", "first");
        dispatcher.drain();
        jdbc.sql("DELETE FROM send_pace").update();
        clock.set(clock.instant().plusSeconds(5));
        enqueue("after", "second");

        dispatcher.drain();

        assertThat(status("after")).isEqualTo("SENT");
        assertThat(jdbc.sql("SELECT bucket FROM send_pace ORDER BY bucket").query(String.class).list())
                .containsExactly("ch:slack:T0001:dm:UALICE", "ws:slack:T0001");
    }

    /**
     * Milliseconds count: Connector/J drops them from times it sends to MariaDB 10.x, and a workspace's 50 ms pace was
     * rounded down to the second there, so it let every message through (on MariaDB 10.x Baton uses MariaDB's own
     * driver). A claim takes the next slot when it is that near and its worker waits for it, instead of being turned
     * away.
     */
    @Test
    void theWorkspacesPaceIsKeptToTheMillisecondAndItsNextSlotTaken() {
        enqueueTo("first", "UONE", "first");
        enqueueTo("second", "UTWO", "second");

        dispatcher.drain();

        assertThat(posts()).as("the second took the slot 50 ms on and waited for it").isEqualTo(2);
        assertThat(jdbc.sql("SELECT CAST(next_at AS CHAR) FROM send_pace WHERE bucket = 'ws:slack:T0001'")
                .query(String.class).single()).as("two slots of 50 ms taken").endsWith(":00.100");
    }
}
