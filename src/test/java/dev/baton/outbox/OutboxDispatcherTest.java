package dev.baton.outbox;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
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

/** Nothing lost, nothing sent twice: retries with backoff and Retry-After, idempotency keys, concurrent dispatchers. */
class OutboxDispatcherTest extends BatonTestSupport {

    @Autowired
    private Deliveries deliveries;
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

    private int posts() {
        return SLACK.findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))).size();
    }

    private String status(String key) {
        return jdbc.sql("SELECT status FROM outbox_message WHERE idempotency_key = ?").param(key)
                .query(String.class).single();
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
        SLACK.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).inScenario("outage")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500))
                .willSetStateTo("up"));
        SLACK.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).inScenario("outage")
                .whenScenarioStateIs("up").willReturn(okJson("{\"ok\":true,\"ts\":\"1.1\"}")));
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
        SLACK.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).inScenario("limit")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")).willSetStateTo("ok"));
        SLACK.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).inScenario("limit")
                .whenScenarioStateIs("ok").willReturn(okJson("{\"ok\":true,\"ts\":\"1.1\"}")));
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
    void threeDispatchersSendEachOfThreeHundredMessagesExactlyOnce() throws Exception {
        for (int i = 0; i < 300; i++) {
            enqueue("bulk:" + i, "message " + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            results.add(pool.submit(dispatcher::drain));
        }
        int handled = 0;
        for (Future<Integer> f : results) {
            handled += f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(handled).isEqualTo(300);
        Set<String> texts = new HashSet<>();
        SLACK.findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage")))
                .forEach(r -> texts.add(r.getBodyAsString()));
        assertThat(posts()).isEqualTo(300);
        assertThat(texts).hasSize(300);
    }
}
