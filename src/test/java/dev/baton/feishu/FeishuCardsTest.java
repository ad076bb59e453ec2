package dev.baton.feishu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conversation.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FeishuCardsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aHugeChineseCardStaysUnderThirtyKilobytesAndSaysItWasCut() {
        List<String> lines = Collections.nCopies(5000, "客服编写《常见问题手册》并发布到知识库");
        Reply.Card card = new Reply.Card("会议纪要", lines, List.of(), List.of(
                new Reply.Button("已完成", "meeting.done", "1", Reply.Button.Style.PRIMARY)), "M-1");
        String json = JSON.writeValueAsString(FeishuCards.card(card));
        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(30 * 1024);
        assertThat(json).contains("…").contains("已完成").contains("meeting.done");
    }

    @Test
    void textIsPlainSoWhatPeopleTypedIsShownAsTyped() {
        String json = JSON.writeValueAsString(FeishuCards.card(new Reply.Text("**not bold** <at id=all></at>")));
        assertThat(json).contains("\"tag\":\"plain_text\"").doesNotContain("lark_md");
    }
}
