package dev.baton.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.BatonTestSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * #30 item 16: a text longer than its field is answered with the field, its limit and its length, in the person's
 * language, and changes nothing (it had reached the database, which refused it, and the answer said Baton could not
 * reach its database).
 */
class TooLongTextTest extends BatonTestSupport {


    @BeforeEach
    void clean() {
        resetWorld();
        usersNamedAfterTheirIds();
    }

    @Test
    void aTenThousandCharacterTitleIsRefusedWithItsLimitAndNothingIsCreated() throws Exception {
        String answer = command("UALICE", "/okr", "objective \"" + "x".repeat(10_000) + "\" period 2026Q1");

        assertThat(answer).contains("Objective is too long: 10,000 characters, at most 300. Shorten it and try again;"
                + " nothing was changed.");
        assertThat(count("objective")).isZero();
        assertThat(command("UALICE", "/okr", "objective \"" + "x".repeat(300) + "\" period 2026Q1"))
                .contains("Created O-1");
    }

    @Test
    void aTooLongNoteLeavesTheKeyResultAsItWasAndTheAnswerIsInThePersonsLanguage() throws Exception {
        command("UALICE", "/okr", "objective \"Grow\" period 2026Q1");
        command("UALICE", "/okr", "kr O-1 \"Leads\" from 0 to 100");
        jdbc.sql("UPDATE member SET locale = 'zh-CN' WHERE platform_user_id = 'UALICE'").update();

        // a Chinese character is one character, as the column counts it
        String answer = command("UALICE", "/okr", "checkin KR-1 40 \"" + "很".repeat(1001) + "\"");

        assertThat(answer).contains("备注太长了：1,001 个字符，最多 1,000 个。请缩短后再试；没有做任何修改。");
        assertThat(count("check_in")).isZero();
        assertThat(jdbc.sql("SELECT current_value FROM key_result").query(java.math.BigDecimal.class).single())
                .isEqualByComparingTo("0");
        assertThat(command("UALICE", "/okr", "checkin KR-1 40 \"" + "很".repeat(1000) + "\"")).contains("40");
        assertThat(count("check_in")).isEqualTo(1);
    }

    @Test
    void aTooLongContentTitleAndCampaignAreNamedAsSuch() throws Exception {
        assertThat(command("UALICE", "/content", "plan \"" + "t".repeat(301) + "\" wechat wed 20:00"))
                .contains("Title is too long: 301 characters, at most 300.");
        assertThat(command("UALICE", "/content", "plan \"Teaser\" wechat wed 20:00 campaign " + "c".repeat(101)))
                .contains("Campaign is too long: 101 characters, at most 100.");
        assertThat(count("content_item")).isZero();
        assertThat(count("outbox_message WHERE status <> 'HELD' AND status <> 'SENT'")).isZero();
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    /** The answer Baton carried in the command's acknowledgement. */
    private String command(String user, String command, String text) throws Exception {
        HttpResponse<String> response = slashCommand(user, command, text);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
