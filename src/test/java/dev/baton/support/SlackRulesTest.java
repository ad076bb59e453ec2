package dev.baton.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The strict Slack stand-in refuses what Slack refuses, and lets through what Baton legitimately sends. */
class SlackRulesTest {

    private static String post(String text, String blocks) {
        return "channel=C1&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&blocks="
                + URLEncoder.encode(blocks, StandardCharsets.UTF_8);
    }

    private static final String BUTTON = """
            {"type":"button","text":{"type":"plain_text","text":"%s","emoji":true},"action_id":"%s","value":"1"}""";

    @Test
    void aWellFormedMessagePasses() {
        String blocks = "[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"Q&A\",\"emoji\":true}},"
                + "{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*Q&amp;A* &lt;!channel&gt;\","
                + "\"verbatim\":true}},{\"type\":\"actions\",\"elements\":[" + BUTTON.formatted("Yes", "poll.vote#0")
                + "," + BUTTON.formatted("No", "poll.vote#1") + "]}]";
        assertThat(SlackRules.apiCall("/api/chat.postMessage", post("Q&amp;A", blocks))).isEmpty();
    }

    @Test
    void duplicateActionIdsUnknownBlocksAndLongTextsAreRefused() {
        String dup = "[{\"type\":\"actions\",\"elements\":[" + BUTTON.formatted("Yes", "poll.vote") + ","
                + BUTTON.formatted("No", "poll.vote") + "]}]";
        assertThat(SlackRules.apiCall("/api/chat.postMessage", post("poll", dup)))
                .anyMatch(v -> v.contains("duplicate action_id poll.vote"));
        assertThat(SlackRules.apiCall("/api/chat.postMessage", post("x", "[{\"type\":\"table\"}]")))
                .anyMatch(v -> v.contains("unknown block type"));
        String longHeader = "[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"" + "a".repeat(151)
                + "\"}}]";
        assertThat(SlackRules.apiCall("/api/chat.update", post("x", longHeader)))
                .anyMatch(v -> v.contains("header is 151 characters (at most 150)"));
        String longButton = "[{\"type\":\"actions\",\"elements\":[" + BUTTON.formatted("b".repeat(76), "a") + "]}]";
        assertThat(SlackRules.apiCall("/api/chat.postMessage", post("x", longButton)))
                .anyMatch(v -> v.contains("button text is 76 characters"));
        String unknownProperty = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"x\"},\"colour\":1}]";
        assertThat(SlackRules.apiCall("/api/chat.postMessage", post("x", unknownProperty)))
                .anyMatch(v -> v.contains("do not parse with the Slack SDK"));
    }

    @Test
    void rawMarkupFromUserInputIsRefusedInTextAndMrkdwnButNotInPlainText() {
        String plain = "[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"<!channel>\"}}]";
        assertThat(SlackRules.apiCall("/api/chat.postMessage", post("<!channel> vote now", plain)))
                .containsExactly("top-level text is not inert (a raw '<' becomes a mention, a link or <!channel>): "
                        + "<!channel> vote now");
        String mrkdwn = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"hi <@U123>\"}}]";
        assertThat(SlackRules.apiCall("/api/chat.postMessage", post("hi", mrkdwn)))
                .anyMatch(v -> v.startsWith("section text is not inert"));
    }

    @Test
    void modalsKeepTheirLimits() {
        String view = """
                {"type":"modal","callback_id":"okr.checkin","title":{"type":"plain_text","text":"%s"},
                 "blocks":[{"type":"input","block_id":"note","label":{"type":"plain_text","text":"Note"},
                  "element":{"type":"plain_text_input","action_id":"note"}}]}""".formatted("t".repeat(25));
        assertThat(SlackRules.apiCall("/api/views.open", "trigger_id=1&view="
                + URLEncoder.encode(view, StandardCharsets.UTF_8)))
                .contains("modal title is 25 characters (at most 24)", "a modal with inputs needs a submit button");
        assertThat(SlackRules.acknowledgement("{\"response_action\":\"errors\",\"errors\":{\"note\":\"too long\"}}"))
                .isEmpty();
        assertThat(SlackRules.acknowledgement("{\"response_type\":\"ephemeral\",\"text\":\"\",\"blocks\":[]}"))
                .contains("no_text: a message needs text or blocks");
    }
}
