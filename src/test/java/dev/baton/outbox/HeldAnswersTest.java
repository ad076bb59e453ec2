package dev.baton.outbox;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.baton.conversation.Deliveries;
import dev.baton.conversation.Delivery;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import dev.baton.support.BatonTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Answers held for an adapter's acknowledgement (a Slack slash command's HTTP answer): never sent while held, never
 * sent once handed over, sent at once when the adapter could not hand them over, and sent when the hold ends with no
 * word from the adapter (its replica died) — so an answer is never lost.
 */
class HeldAnswersTest extends BatonTestSupport {

    private static final Duration HOLD = Duration.ofSeconds(15);

    @Autowired
    private Deliveries deliveries;

    @Autowired
    private TransactionTemplate tx;

    @Autowired
    private OutboxDispatcher dispatcher;

    @Autowired
    private InDoubt inDoubt;

    private String url;

    @BeforeEach
    void clean() {
        resetWorld();
        url = SLACK.baseUrl() + "/response/held";
    }

    private Delivery answer(String text, String key) {
        return new Delivery("slack", "slack:" + TEAM, new Target.Ephemeral("C1", "UALICE", url), new Reply.Text(text),
                key);
    }

    private long hold(String text) {
        return tx.execute(s -> deliveries.hold(answer(text, "in:" + text), HOLD));
    }

    private List<String> sent() {
        return SLACK.findAll(postRequestedFor(urlPathEqualTo("/response/held"))).stream()
                .map(LoggedRequest::getBodyAsString).toList();
    }

    private String status(long id) {
        return jdbc.sql("SELECT status FROM outbox_message WHERE id = ?").param(id).query(String.class).single();
    }

    @Test
    void aHeldAnswerIsNotSentWhileHeldNorAfterItWasHandedOver() {
        long id = hold("Checked in");
        dispatcher.drain();
        assertThat(sent()).isEmpty();
        deliveries.handedOver(id);
        assertThat(status(id)).isEqualTo("SENT");
        clock.set(clock.instant().plus(HOLD).plusSeconds(60));
        inDoubt.releaseExpiredHolds();
        dispatcher.drain();
        assertThat(sent()).isEmpty();
    }

    @Test
    void anAnswerTheAdapterCouldNotHandOverIsSentAtOnceThroughTheReplyUrl() {
        long id = hold("Checked in");
        deliveries.release(id);
        dispatcher.drain();
        assertThat(sent()).hasSize(1).first().asString().contains("Checked in");
        assertThat(status(id)).isEqualTo("SENT");
    }

    @Test
    void anAnswerWhoseAdapterNeverSaidIsSentOnceWhenTheHoldEnds() {
        long id = hold("Checked in");
        clock.set(clock.instant().plus(HOLD).minusSeconds(1));
        inDoubt.releaseExpiredHolds();
        dispatcher.drain();
        assertThat(sent()).as("still held").isEmpty();
        clock.set(clock.instant().plusSeconds(2));
        // what the dispatcher's poll does first, on every replica, every poll interval
        inDoubt.releaseExpiredHolds();
        dispatcher.drain();
        inDoubt.releaseExpiredHolds();
        dispatcher.drain();
        assertThat(sent()).hasSize(1);
        assertThat(status(id)).isEqualTo("SENT");
        // a word from the adapter that comes too late changes nothing
        deliveries.handedOver(id);
        deliveries.release(id);
        dispatcher.drain();
        assertThat(sent()).hasSize(1);
    }

    @Test
    void aHandedOverAnswerIsRecordedWithinMomentsWithoutAnyoneAsking() throws Exception {
        long first = hold("one");
        long second = hold("two");
        deliveries.handedOver(first);
        deliveries.handedOver(second);
        waitUntil(() -> status(first).equals("SENT") && status(second).equals("SENT"), Duration.ofSeconds(5));
        assertThat(List.of(status(first), status(second))).containsOnly("SENT");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE sent_at IS NOT NULL AND attempts = 1 "
                + "AND lease_until IS NULL").query(Integer.class).single()).isEqualTo(2);
    }

    /**
     * This replica's poll writes its pending confirmations before it releases expired holds: an answer handed over
     * just before its hold ended is not sent again, even when the confirmation had not been written yet.
     */
    @Test
    void aConfirmationStillPendingWhenTheHoldEndsKeepsTheAnswerFromBeingSentAgain() {
        long id = hold("Checked in");
        clock.set(clock.instant().plus(HOLD).plusSeconds(1));
        deliveries.handedOver(id);
        inDoubt.releaseExpiredHolds();
        dispatcher.drain();
        assertThat(sent()).isEmpty();
        assertThat(status(id)).isEqualTo("SENT");
    }

    @Test
    void laterAnswersToTheSameRequestWaitBehindTheHeldOne() {
        long[] held = new long[1];
        tx.executeWithoutResult(s -> {
            held[0] = deliveries.hold(answer("first", "in:r:0"), HOLD);
            deliveries.enqueue(answer("second", "in:r:1"));
        });
        dispatcher.drain();
        assertThat(sent()).as("the second must not overtake the first").isEmpty();
        deliveries.handedOver(held[0]);
        clock.set(clock.instant().plusSeconds(1));
        dispatcher.drain();
        assertThat(sent()).hasSize(1).first().asString().contains("second");
    }

    private long holdFor(int i) {
        Delivery d = new Delivery("slack", "slack:" + TEAM,
                new Target.Ephemeral("C" + i, "U" + i, SLACK.baseUrl() + "/response/" + i), new Reply.Text("ok " + i),
                "in:load:" + i);
        return tx.execute(s -> deliveries.hold(d, HOLD));
    }

    /**
     * The dispatcher's poll releases expired holds while request threads confirm their own held answers. Found under
     * the benchmark's load: the release read and locked every held row through the status index, confirmations
     * deadlocked with it and lost, and an answer already shown in an acknowledgement went out again when its hold ended.
     */
    @Test
    void confirmationsNeverFailWhileExpiredHoldsAreReleased() throws Exception {
        // a day's sent messages, as in a real outbox: the database plans its reads through the status index
        jdbc.sql("""
                INSERT INTO outbox_message (platform, workspace, idempotency_key, payload, status, attempts,
                    next_attempt_at, created_at, sent_at)
                WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
                SELECT 'slack', 'slack:T', CONCAT('old:', a.i, ':', b.i), '{}', 'SENT', 1, NOW(3), NOW(3), NOW(3)
                FROM n a CROSS JOIN n b WHERE b.i <= 100""")
                .update();
        jdbc.sql("ANALYZE TABLE outbox_message").query().listOfRows();
        // a few holds nobody will confirm, then run the clock past their end: every poll has work to do
        for (int i = 0; i < 20; i++) {
            holdFor(10_000 + i);
        }
        clock.set(clock.instant().plus(HOLD).plusSeconds(1));
        List<Long> held = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            held.add(holdFor(i));
        }
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            Future<?> poller = pool.submit(() -> {
                while (!done.get()) {
                    inDoubt.releaseExpiredHolds();
                }
            });
            List<Future<?>> confirming = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int from = t;
                confirming.add(pool.submit(() -> {
                    for (int i = from; i < held.size(); i += 8) {
                        try {
                            deliveries.handedOver(held.get(i));
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            for (Future<?> f : confirming) {
                f.get();
            }
            done.set(true);
            poller.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE status = 'SENT' AND idempotency_key LIKE "
                + "'in:load:%' AND idempotency_key NOT LIKE 'in:load:1____'").query(Integer.class).single())
                .as("every confirmed answer is recorded as sent, none left to be sent again").isEqualTo(400);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE status = 'PENDING'").query(Integer.class)
                .single()).as("the expired ones are released").isEqualTo(20);
    }
}
