package dev.baton.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conversation.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BlockKitTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HOSTILE = "<!channel> <@U999> <https://evil.example|click> & '; DROP TABLE member; --";

    @Test
    void textPeopleTypedCanNeverMentionLinkOrPingTheChannel() {
        Reply.Card card = new Reply.Card(HOSTILE, List.of("KR-1 “" + HOSTILE + "”"),
                List.of(new Reply.Field(HOSTILE, HOSTILE)), List.of(), HOSTILE);
        List<Map<String, Object>> blocks = BlockKit.message(card).blocks();
        // plain_text (the header) is never parsed by Slack; every mrkdwn text must be escaped
        assertThat(blocks.get(0).get("type")).isEqualTo("header");
        assertThat(((Map<?, ?>) blocks.get(0).get("text")).get("type")).isEqualTo("plain_text");
        String mrkdwn = JSON.writeValueAsString(blocks.subList(1, blocks.size()));
        assertThat(mrkdwn).doesNotContain("<!channel>").doesNotContain("<@U999>").doesNotContain("<https://")
                .contains("&lt;!channel&gt;").contains("&lt;@U999&gt;").contains("&amp;");
        String text = JSON.writeValueAsString(BlockKit.message(new Reply.Text(HOSTILE)).blocks());
        assertThat(text).doesNotContain("<!channel>").contains("&lt;!channel&gt;");
        // the top-level text, which notifications show, as inert as the blocks (#30 item 2)
        assertThat(BlockKit.message(card).text()).doesNotContain("<").contains("&lt;!channel&gt;");
        assertThat(BlockKit.message(new Reply.Text(HOSTILE)).text()).doesNotContain("<").contains("&amp;");
    }

    @Test
    void sectionsAreMarkedVerbatimSoSlackDoesNotLinkifyNames() {
        String json = JSON.writeValueAsString(BlockKit.message(new Reply.Text("#general @here")).blocks());
        assertThat(json).contains("\"verbatim\":true");
    }

    @Test
    void keepsSlackLimits() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            lines.add("line " + i + " " + "x".repeat(200));
        }
        Reply.Card card = new Reply.Card("t".repeat(400), lines, List.of(),
                List.of(new Reply.Button("Go", "okr.go", "", Reply.Button.Style.PRIMARY)), "footer");
        List<Map<String, Object>> blocks = BlockKit.message(card).blocks();
        assertThat(blocks).hasSizeLessThanOrEqualTo(50);
        assertThat(blocks.get(blocks.size() - 2).get("type")).as("buttons survive truncation").isEqualTo("actions");
        assertThat(JSON.writeValueAsString(blocks.get(0))).hasSizeLessThan(400);
        for (Map<String, Object> b : blocks) {
            if ("section".equals(b.get("type"))) {
                assertThat(((Map<?, ?>) b.get("text")).get("text").toString()).hasSizeLessThanOrEqualTo(3000);
            }
        }
        Map<String, Object> modal = BlockKit.modal(new Reply.Form("okr.checkin", "A very long form title indeed",
                "Submit this now please", List.of(), ""));
        assertThat(((Map<?, ?>) modal.get("title")).get("text").toString()).hasSizeLessThanOrEqualTo(24);
        assertThat(((Map<?, ?>) modal.get("submit")).get("text").toString()).hasSizeLessThanOrEqualTo(24);
    }

    /** Slack answers invalid_blocks when two elements of a message share an action_id (#30): a poll's options do. */
    @Test
    void buttonsOfOneActionGetActionIdsOfTheirOwnThatMapBack() {
        List<Reply.Button> options = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            options.add(new Reply.Button("Option " + i, "poll.vote", "7:" + i, Reply.Button.Style.DEFAULT));
        }
        List<Map<String, Object>> blocks = BlockKit.message(new Reply.Card("Lunch?", List.of(), List.of(), options,
                null)).blocks();
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> block : blocks) {
            if ("actions".equals(block.get("type"))) {
                for (Object e : (List<?>) block.get("elements")) {
                    ids.add((String) ((Map<?, ?>) e).get("action_id"));
                }
            }
        }
        assertThat(ids).hasSize(30).doesNotHaveDuplicates().allSatisfy(id -> {
            assertThat(id).hasSizeLessThanOrEqualTo(255);
            assertThat(BlockKit.actionOf(id)).isEqualTo("poll.vote");
        });
        assertThat(BlockKit.actionOf("poll.vote")).as("a button posted before positions").isEqualTo("poll.vote");
        assertThat(BlockKit.actionOf("content.advance#")).isEqualTo("content.advance#");
    }

    /** A header cut inside an emoji showed "?…" in Slack (#30 item 4): cuts fall between characters. */
    @Test
    void truncationNeverSplitsAnEmojiOrACombiningMark() {
        String emoji = "\uD83C\uDF89"; // 🎉, two UTF-16 units
        String title = "x".repeat(148) + emoji + "tail";
        String cut = BlockKit.truncate(title, 150);
        assertThat(cut).hasSizeLessThanOrEqualTo(150).endsWith("…");
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 2))).isFalse();
        assertThat(BlockKit.truncate("x".repeat(147) + emoji + "tail", 150)).isEqualTo("x".repeat(147) + emoji + "…");
        String accented = "x".repeat(148) + "e\u0301tail"; // é as e + combining acute
        assertThat(BlockKit.truncate(accented, 150)).isEqualTo("x".repeat(148) + "…");
        assertThat(BlockKit.truncate("short", 150)).isEqualTo("short");
    }
}
