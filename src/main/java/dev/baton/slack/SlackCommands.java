package dev.baton.slack;

import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.conversation.Reply;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slash commands, mapped without Bolt: a command is eight form fields, which the guard has already verified, parsed
 * and checked. Bolt's dispatch (its request model, a second signature check, its middleware chain) was about 6% of a
 * check-in's CPU on request threads (BENCHMARKS.md). The person's answer rides on the acknowledgement when it is
 * ready in time; the guard writes it and then tells the engine whether it went out. A later one is sent through the
 * command's response_url right away ({@link Conversation#deliver}).
 */
final class SlackCommands {

    private final Conversation conversation;
    private final JsonMapper json;
    private final Duration answerInAckWithin;
    private final Counter late;

    SlackCommands(Conversation conversation, JsonMapper json, Duration answerInAckWithin, Counter late) {
        this.conversation = conversation;
        this.json = json;
        this.answerInAckWithin = answerInAckWithin;
        this.late = late;
    }

    /**
     * What to acknowledge the command with: a status, a JSON body (empty for a plain 200) and the held answer that
     * body carries, which the guard confirms once written (null when it carries none).
     */
    record Ack(int status, byte[] body, Conversation.Answer carried) {
        static final Ack EMPTY = new Ack(200, new byte[0], null);
        static final Ack REPLAYED = new Ack(401, new byte[0], null);
    }

    /** Handles a verified command whose form has a command, a team and a user (the guard's shape check). */
    Ack handle(Map<String, String> form, SlackRequestGuard.Acknowledgement request) {
        String channelId = blankToNull(form.get("channel_id"));
        boolean direct = "directmessage".equals(form.get("channel_name"))
                || (channelId != null && channelId.startsWith("D"));
        Origin origin = new Origin("slack", SlackConfiguration.workspace(form.get("team_id")), channelId,
                form.get("user_id"), direct, blankToNull(form.get("response_url")),
                blankToNull(form.get("trigger_id")));
        String text = form.get("text");
        Inbound.Command command = new Inbound.Command(origin, form.get("command").replaceFirst("^/", ""),
                text == null ? "" : text);
        // the signature is remembered with the command's changes, so a replay finds it
        Conversation.Handled handled = conversation.handleAnswering(command, request.replayKey());
        if (handled.repeated()) {
            return Ack.REPLAYED;
        }
        if (handled.unavailable()) {
            // without a database nothing could be queued; answer in the ack itself
            return new Ack(200, answer(new Reply.Text(conversation.unavailableText())), null);
        }
        if (handled.answer().isPresent()) {
            Conversation.Answer answer = handled.answer().get();
            if (request.inTime(answerInAckWithin)) {
                return new Ack(200, answer(answer.reply()), answer);
            }
            // too late for the acknowledgement: sent through response_url right away, as a click's answer is
            late.increment();
            conversation.deliver(answer);
        }
        return Ack.EMPTY;
    }

    private byte[] answer(Reply reply) {
        return BlockKit.ephemeralAnswerJson(json, reply).getBytes(StandardCharsets.UTF_8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
