package dev.baton.okr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.support.BatonTestSupport;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A check-in asked question by question keeps the key result's id between the questions; it lands on that key result
 * where ids and references differ, as they do in every workspace but the first (KR-1 of the second is not id 1).
 */
class CheckInDialogTest extends BatonTestSupport {

    @Autowired
    private Conversation conversation;

    @BeforeEach
    void clean() {
        resetWorld();
    }

    @Test
    void aDialogCheckInLandsOnTheKeyResultChosenInASecondWorkspace() {
        Origin slack = new Origin("slack", "slack:" + TEAM, "C1", "UROOT", false, null, null);
        conversation.handle(new Inbound.Command(slack, "okr", "objective \"Raise lead quality\""));
        conversation.handle(new Inbound.Command(slack, "okr", "kr O-1 \"Lead score\" from 0 to 100"));
        conversation.handle(new Inbound.Command(slack, "okr", "kr O-1 \"MQLs\" from 0 to 50"));
        Origin telegram = new Origin("telegram", "telegram:bot", "700", "700", true, null, null);
        conversation.handle(new Inbound.Command(telegram, "okr", "objective \"Close more deals\""));
        conversation.handle(new Inbound.Command(telegram, "okr", "kr O-1 \"Close rate\" from 10 to 30"));
        long closeRate = jdbc.sql("SELECT id FROM key_result WHERE title = 'Close rate'").query(Long.class).single();
        assertThat(closeRate).as("KR-1 of the second workspace").isNotEqualTo(1L);

        conversation.handle(new Inbound.Message(telegram, "okr checkin"));
        conversation.handle(new Inbound.Message(telegram, "18"));
        conversation.handle(new Inbound.Message(telegram, "6"));
        conversation.handle(new Inbound.Message(telegram, "skip"));

        assertThat(jdbc.sql("SELECT key_result_id FROM check_in").query(Long.class).list()).containsExactly(closeRate);
        assertThat(jdbc.sql("SELECT current_value FROM key_result WHERE id = ?").param(closeRate)
                .query(BigDecimal.class).single()).isEqualByComparingTo("18");
        assertThat(jdbc.sql("SELECT current_value FROM key_result WHERE title = 'MQLs'")
                .query(BigDecimal.class).single()).isEqualByComparingTo("0");
    }
}
