package dev.baton.okr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.conversation.Reply;
import dev.baton.support.BatonTestSupport;
import dev.baton.system.GroupCommit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Check-ins that wait together are done as one batch ({@link CheckInBatch}), and end exactly as they end one by one:
 * the same answers, word for word, and the same rows. The same script of commands runs twice on the same world: once
 * with the only writer held so that every command waits and the group is one batch, once one command at a time.
 * The script mixes what the batch does (check-ins on one's own key results, two on one key result, a note) with
 * what it leaves to the handler (someone else's key result, an unknown one, a bad number, a blocker) and a replay.
 */
@TestPropertySource(properties = "baton.inbound.writers=1")
class BatchedCheckInTest extends BatonTestSupport {

    @Autowired
    Conversation conversation;

    @Autowired
    GroupCommit groups;

    final ExecutorService callers = Executors.newCachedThreadPool();

    /** user, text, key of the request (the same key twice is a replay). */
    static final List<String[]> SCRIPT = List.of(
            new String[] {"U1", "checkin KR-1 40 confidence 6", "k1"},
            new String[] {"U2", "checkin KR-2 120 \"first week of sends\"", "k2"},
            new String[] {"U3", "checkin KR-1 55", "k3"},
            new String[] {"U1", "checkin kr-1 45 confidence 7", "k4"},
            new String[] {"U4", "checkin KR-99 5", "k5"},
            new String[] {"U2", "checkin KR-3 lots", "k6"},
            new String[] {"U1", "checkin KR-1 40 confidence 6", "k1"},
            new String[] {"U3", "checkin KR-4 3 blocker \"waiting for the room\"", "k7"},
            new String[] {"U2", "checkin KR-3 30 c 4", "k8"});

    @BeforeEach
    void world() {
        resetWorld();
        usersNamedAfterTheirIds();
        say("U1", "objective \"Raise lead quality\"");
        say("U1", "kr O-1 \"Lead score\" from 0 to 100");
        say("U2", "objective \"Grow the newsletter\"");
        say("U2", "kr O-2 \"Subscribers\" from 0 to 500");
        say("U2", "kr O-2 \"Open rate\" from 0 to 60 unit %");
        say("U3", "objective \"Train the sales team\"");
        say("U3", "kr O-3 \"Sessions held\" from 0 to 12");
        say("U4", "list");
    }

    @AfterEach
    void tearDown() {
        callers.shutdownNow();
    }

    @Test
    void aBatchEndsAsTheCommandsOneByOne() throws Exception {
        int batchesBefore = groups.batches();
        List<String> together = runHeldTogether();
        assertThat(groups.batches()).isEqualTo(batchesBefore + 1);
        List<String> rowsTogether = rows();

        world();
        List<String> oneByOne = new ArrayList<>();
        for (String[] line : SCRIPT) {
            oneByOne.add(answer(command(line)));
        }
        assertThat(groups.batches()).isEqualTo(batchesBefore + 1);

        assertThat(together).containsExactlyElementsOf(oneByOne);
        assertThat(rowsTogether).containsExactlyElementsOf(rows());
        // and what they are: the batch's own, the handler's refusals and help, the replay answered by nothing
        assertThat(together.get(0)).startsWith("Checked in KR-1 “Lead score”: 0 → 40 of 100 (40%) · confidence 6/10");
        assertThat(together.get(1)).contains("0 → 120 of 500").contains("Note: first week of sends")
                .contains("Still to check in this week: KR-3");
        assertThat(together.get(2)).startsWith("Only U1 (the owner of KR-1)");
        assertThat(together.get(3)).startsWith("Checked in KR-1 “Lead score”: 40 → 45 of 100");
        assertThat(together.get(4)).contains("There is no key result KR-99");
        assertThat(together.get(6)).isEqualTo("(repeated)");
        assertThat(together.get(7)).contains("waiting for the room");
        assertThat(together.get(8)).contains("0 → 30% of 60%").doesNotContain("Still to check in");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM check_in").query(Long.class).single()).isEqualTo(5);
    }

    @Test
    void aBatchHoldingAReplayOfAnEarlierCommandIsGivenUpAndEachCommandRunsAlone() throws Exception {
        assertThat(answer(command(SCRIPT.get(0)))).startsWith("Checked in KR-1");
        int batchesBefore = groups.batches();
        List<String> answers = runHeldTogether(List.of(SCRIPT.get(0),
                new String[] {"U2", "checkin KR-2 50 confidence 8", "k20"},
                new String[] {"U3", "checkin KR-4 2", "k21"}));
        assertThat(answers.get(0)).isEqualTo("(repeated)");
        assertThat(answers.get(1)).startsWith("Checked in KR-2 “Subscribers”: 0 → 50 of 500");
        assertThat(answers.get(2)).startsWith("Checked in KR-4 “Sessions held”: 0 → 2 of 12");
        // nothing of the batch was kept, nothing twice
        assertThat(groups.batches()).isEqualTo(batchesBefore);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM check_in").query(Long.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT version FROM key_result WHERE id = 1").query(Integer.class).single())
                .isEqualTo(jdbc.sql("SELECT version FROM key_result WHERE id = 3").query(Integer.class).single() + 1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE idempotency_key LIKE 'in:k%'")
                .query(Long.class).single()).isEqualTo(3);
    }

    private List<String> runHeldTogether() throws Exception {
        return runHeldTogether(SCRIPT);
    }

    /** The commands with the only writer held until every one waits for it, so they form one group. */
    private List<String> runHeldTogether(List<String[]> script) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> holder = callers.submit(() -> groups.execute(status -> {
            held.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<Conversation.Handled>> handled = new ArrayList<>();
        for (String[] line : script) {
            int before = groups.waiting();
            handled.add(callers.submit(() -> command(line)));
            for (int i = 0; i < 1000 && groups.waiting() == before; i++) {
                Thread.sleep(5);
            }
            assertThat(groups.waiting()).isEqualTo(before + 1);
        }
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
        List<String> answers = new ArrayList<>();
        for (Future<Conversation.Handled> f : handled) {
            answers.add(answer(f.get(20, TimeUnit.SECONDS)));
        }
        return answers;
    }

    private Conversation.Handled command(String[] line) {
        return conversation.handleAnswering(new Inbound.Command(origin(line[0]), "okr", line[1]), line[2]);
    }

    private static String answer(Conversation.Handled handled) {
        if (handled.repeated()) {
            return "(repeated)";
        }
        return handled.answer().map(a -> a.reply() instanceof Reply.Text text ? text.text() : a.reply().toString())
                .orElse("(no answer)");
    }

    /** What the commands left: key results, check-ins, the outbox rows of their answers, the keys kept. */
    private List<String> rows() {
        List<String> rows = new ArrayList<>();
        rows.addAll(jdbc.sql("SELECT CONCAT_WS('|', id, current_value, confidence, last_checkin_at, version) "
                + "FROM key_result ORDER BY id").query(String.class).list());
        rows.addAll(jdbc.sql("SELECT CONCAT_WS('|', key_result_id, member_id, previous_value, value, confidence, "
                + "IFNULL(note, '-'), IFNULL(blocker, '-'), created_at) FROM check_in ORDER BY key_result_id, value")
                .query(String.class).list());
        // the script's (the world's own commands had keys of their own, random)
        rows.addAll(jdbc.sql("SELECT CONCAT_WS('|', idempotency_key, status, payload) FROM outbox_message "
                + "WHERE idempotency_key LIKE 'in:k%' ORDER BY idempotency_key").query(String.class).list());
        rows.addAll(jdbc.sql("SELECT event_key FROM inbound_event ORDER BY event_key").query(String.class).list());
        return rows;
    }

    private void say(String user, String text) {
        conversation.handle(new Inbound.Command(origin(user), "okr", text));
    }

    private static Origin origin(String user) {
        return new Origin("slack", "slack:" + TEAM, "C1", user, false, "https://hooks.slack.test/response/" + user,
                null);
    }
}
