package dev.baton.slack;

import com.slack.api.Slack;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.Context;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.User;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.UserChangeEvent;
import com.slack.api.model.view.ViewState;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.conversation.Reply;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything Slack sends, as Bolt handlers: each maps its payload to an {@link Inbound}, lets the engine commit the
 * change and its replies in one transaction, and acknowledges. A slash command's answer rides on its
 * acknowledgement when it is ready in time ({@link SlackServlet} confirms it once written); every other reply leaves
 * through the outbox.
 */
final class SlackHandlers {

    private static final Logger log = LoggerFactory.getLogger(SlackHandlers.class);
    private static final Pattern ANY = Pattern.compile(".*");
    /** Where {@link SlackServlet} puts when the request reached Baton, and finds the answer the acknowledgement carries. */
    static final String RECEIVED_NANOS = "receivedNanos";
    static final String CARRIED_ANSWER = "carriedAnswer";
    /** Slack signs every delivery anew: a signature seen before is a captured request sent again. */
    private static final Response REPLAYED = Response.builder().statusCode(401).build();
    /** A correctly signed payload missing what every real one has: refuse it rather than guess. */
    static final Response MALFORMED = Response.builder().statusCode(400)
            .contentType(Response.CONTENT_TYPE_APPLICATION_JSON).body("{\"error\":\"malformed payload\"}").build();

    private final Conversation conversation;
    private final SignatureReplays replays;
    private final Slack slack;
    private final JsonMapper json;
    private final Duration answerInAckWithin;
    private final Counter late;

    SlackHandlers(Conversation conversation, SignatureReplays replays, Slack slack, JsonMapper json,
            Duration answerInAckWithin, Counter late) {
        this.conversation = conversation;
        this.replays = replays;
        this.slack = slack;
        this.json = json;
        this.answerInAckWithin = answerInAckWithin;
        this.late = late;
    }

    void register(App app) {
        // a command's and a click's signature is recorded in their own transaction, so two copies sent at once run once
        app.command(ANY, (req, ctx) -> command(req.getPayload(), req, ctx));
        app.blockAction(ANY, (req, ctx) -> click(req.getPayload(), req));
        app.viewSubmission(ANY, (req, ctx) -> once(req, () -> form(req.getPayload(), ctx)));
        // an event's replay is caught by its event id, recorded in the event's own transaction
        app.event(MessageEvent.class, (req, ctx) -> {
            MessageEvent e = req.getEvent();
            // only direct messages from people; channel chatter is not for us, our own posts come back too
            if ("im".equals(e.getChannelType()) && e.getBotId() == null && e.getUser() != null) {
                message(new Origin("slack", workspace(req.getTeamId()), e.getChannel(), e.getUser(), true, null,
                        null), unescape(e.getText()), req.getEventId());
            }
            return ctx.ack();
        });
        app.event(UserChangeEvent.class, (req, ctx) -> {
            User user = req.getEvent().getUser();
            if (user != null && user.getId() != null && req.getTeamId() != null) {
                conversation.profileChanged(workspace(req.getTeamId()), user.getId());
            }
            return ctx.ack();
        });
        app.event(AppHomeOpenedEvent.class, (req, ctx) -> {
            // the person opened Baton's Home tab: their week is published there (see home.WeekCommands)
            AppHomeOpenedEvent e = req.getEvent();
            if ("home".equals(e.getTab()) && e.getUser() != null && req.getTeamId() != null) {
                Origin origin = new Origin("slack", workspace(req.getTeamId()), e.getChannel(), e.getUser(), true,
                        Origin.HOME, null);
                if (conversation.handle(new Inbound.Command(origin, "week", ""), "slack:" + req.getEventId())
                        .unavailable()) {
                    throw new DatabaseUnavailable();
                }
            }
            return ctx.ack();
        });
        app.event(AppMentionEvent.class, (req, ctx) -> {
            AppMentionEvent e = req.getEvent();
            if (e.getBotId() == null && e.getUser() != null) {
                message(new Origin("slack", workspace(req.getTeamId()), e.getChannel(), e.getUser(), false, null,
                        null), unescape(e.getText()), req.getEventId());
            }
            return ctx.ack();
        });
    }

    /** Handles a request Bolt has verified, unless its signature was seen before ({@link SignatureReplays}). */
    private Response once(Request<?> req, java.util.function.Supplier<Response> handler) {
        return replays.firstUse(req) ? handler.get() : REPLAYED;
    }

    private Response command(SlashCommandPayload p, Request<?> req, Context ctx) {
        if (p == null || !present(p.getCommand(), p.getTeamId(), p.getUserId())) {
            return MALFORMED;
        }
        String channelId = blankToNull(p.getChannelId());
        boolean direct = "directmessage".equals(p.getChannelName()) || (channelId != null && channelId.startsWith("D"));
        Origin origin = new Origin("slack", workspace(p.getTeamId()), channelId, p.getUserId(), direct,
                blankToNull(p.getResponseUrl()), blankToNull(p.getTriggerId()));
        Inbound.Command command = new Inbound.Command(origin, withoutSlash(p.getCommand()),
                unescape(p.getText()));
        Conversation.Handled handled = conversation.handleAnswering(command, SignatureReplays.key(req));
        if (handled.repeated()) {
            return REPLAYED;
        }
        if (handled.unavailable()) {
            // without a database nothing could be queued; answer in the ack itself
            return answer(new Reply.Text(conversation.unavailableText()));
        }
        if (handled.answer().isEmpty()) {
            return ctx.ack();
        }
        Conversation.Answer answer = handled.answer().get();
        if (inTime(req)) {
            ctx.getAdditionalValues().put(CARRIED_ANSWER, String.valueOf(answer.heldId()));
            return answer(answer.reply());
        }
        // too late for the acknowledgement: the outbox sends it through response_url right away
        late.increment();
        conversation.notHandedOver(answer.heldId());
        return ctx.ack();
    }

    /**
     * May the acknowledgement still carry an answer? Slack waits 3 s for it; an answer ready later than
     * {@code answerInAckWithin} after the request came might arrive after Slack gave up. Two clocks, both must agree:
     * time since the request reached Baton, and time since Slack signed it (whole seconds, rounded down, so never
     * less than the truth), which also counts the time the request waited for a thread under load.
     */
    private boolean inTime(Request<?> req) {
        String received = req.getContext().getAdditionalValues().get(RECEIVED_NANOS);
        boolean sinceReceived = received == null
                || System.nanoTime() - Long.parseLong(received) < answerInAckWithin.toNanos();
        String signedAt = req.getHeaders().getFirstValue("X-Slack-Request-Timestamp");
        long signedMillis;
        try {
            signedMillis = signedAt == null ? System.currentTimeMillis() : Long.parseLong(signedAt.strip()) * 1000;
        } catch (NumberFormatException e) {
            return false;
        }
        return sinceReceived && System.currentTimeMillis() - signedMillis < answerInAckWithin.toMillis();
    }

    private Response answer(Reply reply) {
        return Response.builder().statusCode(200).contentType(Response.CONTENT_TYPE_APPLICATION_JSON_UTF8)
                .body(BlockKit.ephemeralAnswerJson(json, reply)).build();
    }

    /**
     * A click's answer (a vote's confirmation) cannot ride on the acknowledgement, which Slack does not show for a
     * click: it leaves through the outbox, which is woken by the commit and sends it through the click's
     * {@code response_url}.
     */
    private Response click(BlockActionPayload p, Request<?> req) {
        if (p == null || p.getTeam() == null || p.getUser() == null || p.getActions() == null
                || p.getActions().isEmpty() || !present(p.getTeam().getId(), p.getUser().getId(),
                        p.getActions().get(0).getActionId())) {
            return MALFORMED;
        }
        BlockActionPayload.Action action = p.getActions().get(0);
        BlockActionPayload.Container container = p.getContainer();
        String channel = p.getChannel() != null ? blankToNull(p.getChannel().getId())
                : container == null ? null : blankToNull(container.getChannelId());
        String responseUrl = blankToNull(p.getResponseUrl());
        Origin origin = new Origin("slack", workspace(p.getTeam().getId()), channel, p.getUser().getId(),
                channel != null && channel.startsWith("D"), responseUrl, blankToNull(p.getTriggerId()));
        // ephemeral messages cannot be edited with chat.update, only replaced through the response_url
        String messageTs = container == null || container.isEphemeral() ? null : blankToNull(container.getMessageTs());
        Conversation.Handled handled = conversation.handle(new Inbound.ButtonAction(origin,
                BlockKit.actionOf(action.getActionId()), action.getValue(), messageTs), SignatureReplays.key(req));
        if (handled.repeated()) {
            return REPLAYED;
        }
        if (handled.unavailable() && responseUrl != null) {
            // off the request's thread: no acknowledgement waits on a platform call
            String body = BlockKit.ephemeralAnswerJson(json, new Reply.Text(conversation.unavailableText()));
            CompletableFuture.runAsync(() -> {
                try {
                    slack.send(responseUrl, body);
                } catch (IOException | RuntimeException e) {
                    log.warn("Could not tell a person that Baton cannot reach its database: {}", e.getMessage());
                }
            });
        }
        return Response.ok();
    }

    private Response form(ViewSubmissionPayload p, com.slack.api.bolt.context.builtin.ViewSubmissionContext ctx) {
        if (p == null || p.getTeam() == null || p.getUser() == null || p.getView() == null
                || !present(p.getTeam().getId(), p.getUser().getId(), p.getView().getCallbackId())) {
            return MALFORMED;
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (p.getView().getState() != null && p.getView().getState().getValues() != null) {
            p.getView().getState().getValues().forEach((block, actions) -> actions.forEach((actionId, v) ->
                    values.put(block, valueOf(v))));
        }
        Origin origin = new Origin("slack", workspace(p.getTeam().getId()), null, p.getUser().getId(), true, null,
                p.getTriggerId());
        Conversation.Handled handled = conversation.handle(new Inbound.FormSubmission(origin,
                p.getView().getCallbackId(), values, p.getView().getPrivateMetadata(), p.getView().getId()));
        if (handled.unavailable() && !values.isEmpty()) {
            // keep the form open with the person's input, and say why on its first field
            String first = values.keySet().iterator().next();
            return ctx.ack(r -> r.responseAction("errors").errors(Map.of(first, conversation.unavailableText())));
        }
        if (handled.formErrors().isPresent()) {
            return ctx.ack(r -> r.responseAction("errors").errors(handled.formErrors().get().errors()));
        }
        return ctx.ack();
    }

    private void message(Origin origin, String text, String eventId) {
        if (conversation.handle(new Inbound.Message(origin, text == null ? "" : text), "slack:" + eventId)
                .unavailable()) {
            throw new DatabaseUnavailable(); // answered with a 5xx: Slack delivers the event again later
        }
    }

    /** Bolt answers an exception with 500, which makes Slack retry the event. */
    static final class DatabaseUnavailable extends RuntimeException {
        DatabaseUnavailable() {
            super("database unavailable; Slack will deliver this event again", null, false, false);
        }
    }

    /**
     * Slack sends what people type with {@code &}, {@code <} and {@code >} escaped; the engine reads text as typed
     * ({@code Q&A}), and Baton escapes it once on the way out ({@link BlockKit}), or it showed as {@code Q&amp;A}.
     * Mentions ({@code <@U123|bob>}) and channels ({@code <#C1|general>}) stay marked up for the tokenizer; one typed
     * out by hand reads as the mention it spells.
     */
    static String unescape(String text) {
        return text == null ? "" : text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    static String workspace(String teamId) {
        return "slack:" + teamId;
    }

    private static boolean present(String... values) {
        for (String v : values) {
            if (v == null || v.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** What a field of a submitted modal says; people picked become mentions, as the engine reads people. */
    private static String valueOf(ViewState.Value v) {
        if (v.getSelectedOption() != null) {
            return v.getSelectedOption().getValue();
        }
        if ("multi_static_select".equals(v.getType())) {
            return v.getSelectedOptions() == null ? "" : String.join(" ", v.getSelectedOptions().stream()
                    .map(o -> o.getValue()).toList());
        }
        if ("users_select".equals(v.getType())) {
            return v.getSelectedUser() == null ? "" : "<@" + v.getSelectedUser() + ">";
        }
        if ("multi_users_select".equals(v.getType())) {
            return v.getSelectedUsers() == null ? "" : String.join(" ", v.getSelectedUsers().stream()
                    .map(u -> "<@" + u + ">").toList());
        }
        return v.getValue();
    }

    private static String withoutSlash(String command) {
        return command.startsWith("/") ? command.substring(1) : command;
    }
}
