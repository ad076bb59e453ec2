package dev.baton.slack;

import com.slack.api.Slack;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.conversation.Reply;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Button clicks ({@code block_actions}), mapped without Bolt. Bolt builds a new Gson for every interactive payload it
 * parses, and with it Gson's reflective adapters for the whole payload model: a fifth of Baton's CPU during a vote
 * storm (BENCHMARKS.md, section 2). A click needs six fields; the guard has already verified the request and parsed its payload.
 */
final class SlackButtons {

    private static final Logger log = LoggerFactory.getLogger(SlackButtons.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Conversation conversation;
    private final Slack slack;

    SlackButtons(Conversation conversation, Slack slack) {
        this.conversation = conversation;
        this.slack = slack;
    }

    /**
     * Handles a verified click; returns the acknowledgement's status: 400 when the payload lacks what a click has, 401
     * when {@code replayKey} (its signature's) was recorded before. The key is recorded in the click's own
     * transaction. The person's answer (a vote's confirmation) cannot ride on the acknowledgement, which Slack does
     * not show for a click: it is sent through the click's {@code response_url} right away.
     */
    int handle(JsonNode p, String replayKey) {
        JsonNode action = p.path("actions").path(0);
        String team = text(p.path("team").path("id"));
        String user = text(p.path("user").path("id"));
        String actionId = text(action.path("action_id"));
        if (team == null || user == null || actionId == null) {
            return 400;
        }
        String channel = text(p.path("channel").path("id"));
        JsonNode container = p.path("container");
        if (channel == null) {
            channel = text(container.path("channel_id"));
        }
        String responseUrl = text(p.path("response_url"));
        Origin origin = new Origin("slack", SlackConfiguration.workspace(team), channel, user,
                channel != null && channel.startsWith("D"), responseUrl, text(p.path("trigger_id")));
        // ephemeral messages cannot be edited with chat.update, only replaced through the response_url
        String messageTs = container.isMissingNode() || container.path("is_ephemeral").asBoolean(false) ? null
                : text(container.path("message_ts"));
        Conversation.Handled handled = conversation.handleAnswering(new Inbound.ButtonAction(origin, actionId,
                text(action.path("value")), messageTs), replayKey);
        if (handled.repeated()) {
            return 401;
        }
        handled.answer().ifPresent(conversation::deliver);
        if (handled.unavailable() && responseUrl != null) {
            try {
                slack.send(responseUrl, BlockKit.ephemeralAnswerJson(JSON,
                        new Reply.Text(conversation.unavailableText())));
            } catch (IOException | RuntimeException e) {
                log.warn("Could not tell a person that Baton cannot reach its database: {}", e.getMessage());
            }
        }
        return 200;
    }

    private static String text(JsonNode node) {
        String s = node.isString() ? node.asString() : null;
        return s == null || s.isBlank() ? null : s;
    }
}
