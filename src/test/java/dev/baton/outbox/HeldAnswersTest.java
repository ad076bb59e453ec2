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
import java.util.List;
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
        dispatcher.releaseExpiredHolds();
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
        dispatcher.releaseExpiredHolds();
        dispatcher.drain();
        assertThat(sent()).as("still held").isEmpty();
        clock.set(clock.instant().plusSeconds(2));
        // what the dispatcher's poll does first, on every replica, every poll interval
        dispatcher.releaseExpiredHolds();
        dispatcher.drain();
        dispatcher.releaseExpiredHolds();
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
}
