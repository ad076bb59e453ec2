package dev.baton.okr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.support.BatonTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

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

    @BeforeEach
    void clean() {
        resetWorld();
    }

    private void say(String text) {
        conversation.handle(new Inbound.Command(new Origin("slack", "slack:" + TEAM, "C1", "UROOT", false, null, null),
                "okr", text));
    }

    @Test
    void handMappedRowsEqualTheRepositoriesRows() {
        say("objective \"Raise lead quality\"");
        say("kr O-1 \"Lead score\" from 10 to 80.5 points");
        say("kr O-1 \"Qualified leads\" from 0 to 40");
        say("checkin KR-1 33.25 confidence 8");
        KeyResult viaRepository = keyResults.findById(1L).orElseThrow();
        KeyResult viaRows = rows.keyResultForUpdate(1L).orElseThrow();
        assertThat(viaRows).usingRecursiveComparison().isEqualTo(viaRepository);
        assertThat(viaRows.checkedInSince(clock.instant().minusSeconds(5))).isTrue();
        assertThat(rows.keyResultsOwnedBy(viaRepository.ownerId())).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(keyResults.findByOwnerIdOrderById(viaRepository.ownerId()));
        assertThat(rows.objective(viaRepository.objectiveId()).orElseThrow()).usingRecursiveComparison()
                .isEqualTo(objectives.findById(viaRepository.objectiveId()).orElseThrow());
        assertThat(rows.keyResultForUpdate(99)).isEmpty();
        assertThat(rows.objective(99)).isEmpty();
    }
}
