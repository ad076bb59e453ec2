package dev.baton.okr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.support.BatonTestSupport;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A check-in form and a check-in asked question by question carry the chosen key result's id, not the number people
 * type: the check-in lands on that key result where ids and numbers differ, as they do in every workspace but the
 * first (KR-1 of the second workspace is not id 1). Both once recorded on the key result whose number was the id.
 */
class CheckInChoiceTest extends BatonTestSupport {

    private static final Origin SLACK = new Origin("slack", "slack:" + TEAM, "C1", "UROOT", false, null, null);
    private static final Origin TELEGRAM = new Origin("telegram", "telegram:bot", "700", "700", true, null, null);

    @Autowired
    private Conversation conversation;

    private long closeRate;

    @BeforeEach
    void twoWorkspaces() {
        resetWorld();
        conversation.handle(new Inbound.Command(SLACK, "okr", "objective \"Raise lead quality\""));
        conversation.handle(new Inbound.Command(SLACK, "okr", "kr O-1 \"Lead score\" from 0 to 100"));
        conversation.handle(new Inbound.Command(SLACK, "okr", "kr O-1 \"MQLs\" from 0 to 50"));
        conversation.handle(new Inbound.Command(TELEGRAM, "okr", "objective \"Close more deals\""));
        conversation.handle(new Inbound.Command(TELEGRAM, "okr", "kr O-1 \"Close rate\" from 0 to 30"));
        conversation.handle(new Inbound.Command(TELEGRAM, "okr", "kr O-1 \"Win rate\" from 0 to 50"));
        conversation.handle(new Inbound.Command(TELEGRAM, "okr", "kr O-1 \"Deal size\" from 0 to 9"));
        closeRate = jdbc.sql("SELECT id FROM key_result WHERE title = 'Close rate'").query(Long.class).single();
        // KR-1 of the second workspace has id 3, the id of its KR-3 ("Deal size")
        assertThat(closeRate).isEqualTo(3L);
    }

    @Test
    void aCheckInAskedQuestionByQuestionLandsOnTheKeyResultChosen() {
        conversation.handle(new Inbound.Message(TELEGRAM, "okr checkin"));
        conversation.handle(new Inbound.Message(TELEGRAM, "1")); // the first of the three listed: Close rate
        conversation.handle(new Inbound.Message(TELEGRAM, "18"));
        conversation.handle(new Inbound.Message(TELEGRAM, "6"));
        conversation.handle(new Inbound.Message(TELEGRAM, "skip"));

        assertOnlyCloseRateCheckedIn("18");
    }

    @Test
    void aCheckInFormLandsOnTheKeyResultChosen() {
        Origin feishu = new Origin("feishu", "feishu:tenant", "oc_1", "ou_1", true, null, null);
        conversation.handle(new Inbound.Command(feishu, "okr", "objective \"Keep customers\""));
        conversation.handle(new Inbound.Command(feishu, "okr", "kr O-1 \"Repurchase rate\" from 0 to 40"));
        long repurchase = jdbc.sql("SELECT id FROM key_result WHERE title = 'Repurchase rate'").query(Long.class)
                .single();

        conversation.handle(new Inbound.FormSubmission(TELEGRAM, OkrCommands.FORM_CHECKIN,
                Map.of("kr", String.valueOf(closeRate), "value", "18", "confidence", "6"), null));
        assertOnlyCloseRateCheckedIn("18");

        // another workspace's key result cannot be chosen by a forged form
        conversation.handle(new Inbound.FormSubmission(TELEGRAM, OkrCommands.FORM_CHECKIN,
                Map.of("kr", String.valueOf(repurchase), "value", "5", "confidence", "6"), null));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM check_in").query(Long.class).single()).isEqualTo(1);
    }

    private void assertOnlyCloseRateCheckedIn(String value) {
        assertThat(jdbc.sql("SELECT key_result_id FROM check_in").query(Long.class).list()).containsExactly(closeRate);
        assertThat(jdbc.sql("SELECT current_value FROM key_result WHERE id = ?").param(closeRate)
                .query(BigDecimal.class).single()).isEqualByComparingTo(value);
        // nothing else moved: not Deal size, whose number is the id chosen
        assertThat(jdbc.sql("SELECT SUM(current_value) FROM key_result WHERE id <> ?").param(closeRate)
                .query(BigDecimal.class).single()).isEqualByComparingTo("0");
    }
}
