package dev.baton.okr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.support.BatonTestSupport;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/** The hand-mapped reads of the check-in path read exactly what the repositories wrote and read, field for field. */
class OkrRowsTest extends BatonTestSupport {

    @Autowired
    private Conversation conversation;

    @Autowired
    private OkrRows rows;

    @Autowired
    private KeyResults keyResults;

    @Autowired
    private Objectives objectives;

    @Autowired
    private TransactionTemplate tx;

    @BeforeEach
    void clean() {
        resetWorld();
    }

    /** KR-1 (a decimal target and a unit) and KR-2 of O-1. */
    private void twoKeyResults() {
        say("objective \"Raise lead quality\"");
        say("kr O-1 \"Lead score\" from 10 to 80.5 unit points");
        say("kr O-1 \"Qualified leads\" from 0 to 40");
        assertThat(jdbc.sql("SELECT title FROM key_result ORDER BY id").query(String.class).list())
                .containsExactly("Lead score", "Qualified leads");
    }

    private void say(String text) {
        conversation.handle(new Inbound.Command(new Origin("slack", "slack:" + TEAM, "C1", "UROOT", false, null, null),
                "okr", text));
    }

    @Test
    void handMappedRowsEqualTheRepositoriesRows() {
        twoKeyResults();
        // an objective with a parent, a time with milliseconds and a title beyond ASCII
        clock.set(clock.instant().plusMillis(123));
        say("objective \"Grow the pipeline's share & 管道\" supports O-1");
        say("kr O-2 \"Demos booked\" from 0 to 10");
        say("checkin KR-1 33.25 confidence 8");
        KeyResult viaRepository = keyResults.findById(1L).orElseThrow();
        OkrRows.WithObjective locked = rows.keyResultForUpdate(1L).orElseThrow();
        KeyResult viaRows = locked.keyResult();
        assertThat(viaRows).usingRecursiveComparison().isEqualTo(viaRepository);
        assertThat(locked.objective()).usingRecursiveComparison()
                .isEqualTo(objectives.findById(viaRepository.objectiveId()).orElseThrow());
        assertThat(viaRows.checkedInSince(clock.instant().minusSeconds(5))).isTrue();
        List<OkrRows.WithObjective> owned = rows.keyResultsOwnedBy(viaRepository.ownerId());
        assertThat(owned).extracting(OkrRows.WithObjective::keyResult).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(keyResults.findByOwnerIdOrderById(viaRepository.ownerId()));
        assertThat(owned).extracting(row -> row.keyResult().id()).containsExactly(1L, 2L, 3L);
        for (OkrRows.WithObjective row : owned) {
            assertThat(row.objective()).usingRecursiveComparison()
                    .isEqualTo(objectives.findById(row.keyResult().objectiveId()).orElseThrow());
        }
        Objective aligned = rows.keyResultForUpdate(3L).orElseThrow().objective();
        assertThat(aligned).usingRecursiveComparison().isEqualTo(objectives.findById(2L).orElseThrow());
        assertThat(aligned.parentId()).isEqualTo(1L);
        assertThat(aligned).extracting("createdAt").as("to the millisecond").isEqualTo(clock.instant());
        assertThat(owned.get(2).objective().title()).isEqualTo(aligned.title()).contains("管道");
        assertThat(rows.objective(viaRepository.objectiveId()).orElseThrow()).usingRecursiveComparison()
                .isEqualTo(objectives.findById(viaRepository.objectiveId()).orElseThrow());
        assertThat(rows.keyResultForUpdate(99)).isEmpty();
        assertThat(rows.objective(99)).isEmpty();
    }

    @Test
    void theLockedReadLocksTheKeyResultButNotItsObjective() throws Exception {
        twoKeyResults();
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            Future<?> holding = holder.submit(() -> tx.executeWithoutResult(s -> {
                assertThat(rows.keyResultForUpdate(1L)).isPresent();
                locked.countDown();
                await(checked);
            }));
            await(locked);
            try {
                assertThat(lockAtOnce("objective", 1)).as("the objective is free").isEqualTo(1L);
                assertThat(lockAtOnce("key_result", 2)).as("so is its other key result").isEqualTo(2L);
                assertThatThrownBy(() -> lockAtOnce("key_result", 1)).as("the locked key result is not")
                        .isInstanceOf(DataAccessException.class);
            } finally {
                checked.countDown();
            }
            holding.get(10, TimeUnit.SECONDS);
        } finally {
            holder.shutdownNow();
        }
    }

    /** Locks the row in a transaction of its own, failing at once if someone else holds it. */
    private Long lockAtOnce(String table, long id) {
        return tx.execute(s -> jdbc.sql("SELECT id FROM " + table + " WHERE id = ? FOR UPDATE NOWAIT").param(id)
                .query(Long.class).single());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
