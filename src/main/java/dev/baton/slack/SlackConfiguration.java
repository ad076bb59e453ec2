package dev.baton.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.view.ViewState;
import dev.baton.conversation.ChatGateway.Pace;
import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.conversation.Reply;
import dev.baton.system.BatonProperties;
import dev.baton.system.Turns;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires Bolt to the engine. Bolt verifies the signature and its age (401 otherwise); each handler maps the payload
 * to an {@link Inbound}, lets the engine commit the change and its replies, and acks — replies leave through the
 * outbox after the ack. Active when a signing secret and bot token are configured.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${baton.slack.signing-secret:}' != '' and '${baton.slack.bot-token:}' != ''")
class SlackConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SlackConfiguration.class);
    private static final Pattern ANY = Pattern.compile(".*");
    /** A correctly signed payload missing what every real one has: refuse it rather than guess. */
    private static final Response MALFORMED = Response.builder().statusCode(400)
            .contentType(Response.CONTENT_TYPE_APPLICATION_JSON).body("{\"error\":\"malformed payload\"}").build();

    @Bean
    Slack slack(BatonProperties properties) {
        SlackConfig config = new SlackConfig();
        String base = properties.slack().apiBaseUrl();
        config.setMethodsEndpointUrlPrefix(base.endsWith("/") ? base : base + "/");
        config.setPrettyResponseLoggingEnabled(false);
        // a hung Slack must not hold a send (and its pace lock) for long; the outbox retries later
        int timeout = (int) properties.slack().httpTimeout().toMillis();
        config.setHttpClientReadTimeoutMillis(timeout);
        config.setHttpClientWriteTimeoutMillis(timeout);
        config.setHttpClientCallTimeoutMillis(timeout);
        return Slack.getInstance(config);
    }

    @Bean
    SlackChatGateway slackChatGateway(Slack slack, BatonProperties properties, JsonMapper json) {
        return new SlackChatGateway(slack, properties.slack().botToken(), json,
                new Pace(properties.slack().pacePerChannel(), properties.slack().pacePerWorkspace()));
    }

    @Bean
    App slackApp(Slack slack, BatonProperties properties, Conversation conversation, JsonMapper json) {
        App app = new App(AppConfig.builder()
                .slack(slack)
                .signingSecret(properties.slack().signingSecret())
                .singleTeamBotToken(properties.slack().botToken())
                .build());

        app.command(ANY, (req, ctx) -> {
            var p = req.getPayload();
            if (!present(p.getTeamId(), p.getUserId(), p.getCommand())) {
                return MALFORMED;
            }
            boolean direct = "directmessage".equals(p.getChannelName())
                    || (p.getChannelId() != null && p.getChannelId().startsWith("D"));
            Origin origin = new Origin("slack", workspace(p.getTeamId()), p.getChannelId(), p.getUserId(), direct,
                    p.getResponseUrl(), p.getTriggerId());
            var request = SlackRequestGuard.Acknowledgement.current();
            Inbound.Command command = new Inbound.Command(origin, p.getCommand().replaceFirst("^/", ""),
                    p.getText() == null ? "" : p.getText());
            // the guard has checked the signature; it is remembered with the command's changes
            Conversation.Handled handled = request.isPresent() && request.get().replayKey() != null
                    ? conversation.handleAnswering(command, request.get().replayKey())
                    : conversation.handleAnswering(command);
            if (handled.repeated()) {
                log.warn("Rejected a replayed slash command (timestamp {})", req.getHeaders().getFirstValue(
                        "X-Slack-Request-Timestamp"));
                return Response.builder().statusCode(401).build();
            }
            if (handled.unavailable()) {
                // without a database nothing could be queued; answer in the ack itself
                return ctx.ack(conversation.unavailableText());
            }
            if (handled.answer().isPresent()) {
                Conversation.Answer answer = handled.answer().get();
                var ack = request.filter(a -> a.inTime(properties.slack().answerInAckWithin()));
                if (ack.isPresent()) {
                    // the person's answer rides on the acknowledgement; the guard confirms it once written
                    ack.get().carry(answer);
                    return answerResponse(json, answer.reply());
                }
                try {
                    conversation.notHandedOver(answer);
                } catch (DataAccessException e) {
                    // the command is done; its answer stays held and the outbox sends it when the hold ends
                    log.warn("Could not release a late answer at once; it goes out when its hold ends: {}",
                            e.getMessage());
                }
            }
            return ctx.ack();
        });

        app.viewSubmission(ANY, (req, ctx) -> {
            ViewSubmissionPayload p = req.getPayload();
            if (p.getTeam() == null || p.getUser() == null || p.getView() == null
                    || !present(p.getTeam().getId(), p.getUser().getId(), p.getView().getCallbackId())) {
                return MALFORMED;
            }
            Map<String, String> values = new LinkedHashMap<>();
            if (p.getView().getState() != null && p.getView().getState().getValues() != null) {
                p.getView().getState().getValues().forEach((block, actions) -> actions.forEach((actionId, v) ->
                        values.put(block, valueOf(v))));
            }
            Origin origin = new Origin("slack", workspace(p.getTeam().getId()), null, p.getUser().getId(), true,
                    null, p.getTriggerId());
            Conversation.Handled handled = conversation.handle(new Inbound.FormSubmission(origin,
                    p.getView().getCallbackId(), values, p.getView().getPrivateMetadata()));
            if (handled.unavailable() && !values.isEmpty()) {
                // keep the form open with the person's input, and say why on its first field
                String first = values.keySet().iterator().next();
                return ctx.ack(r -> r.responseAction("errors")
                        .errors(Map.of(first, conversation.unavailableText())));
            }
            if (handled.formErrors().isPresent()) {
                return ctx.ack(r -> r.responseAction("errors").errors(handled.formErrors().get().errors()));
            }
            return ctx.ack();
        });

        app.event(MessageEvent.class, (req, ctx) -> {
            MessageEvent e = req.getEvent();
            // only direct messages from people; channel chatter is not for us, our own posts come back too
            if ("im".equals(e.getChannelType()) && e.getBotId() == null && e.getUser() != null) {
                Origin origin = new Origin("slack", workspace(req.getTeamId()), e.getChannel(), e.getUser(), true,
                        null, null);
                if (conversation.handle(new Inbound.Message(origin, e.getText() == null ? "" : e.getText()),
                        "slack:" + req.getEventId()).unavailable()) {
                    throw new DatabaseUnavailable(); // answered with a 5xx: Slack delivers the event again later
                }
            }
            return ctx.ack();
        });

        app.event(AppMentionEvent.class, (req, ctx) -> {
            AppMentionEvent e = req.getEvent();
            if (e.getBotId() == null && e.getUser() != null) {
                Origin origin = new Origin("slack", workspace(req.getTeamId()), e.getChannel(), e.getUser(), false,
                        null, null);
                if (conversation.handle(new Inbound.Message(origin, e.getText() == null ? "" : e.getText()),
                        "slack:" + req.getEventId()).unavailable()) {
                    throw new DatabaseUnavailable();
                }
            }
            return ctx.ack();
        });
        return app;
    }

    @Bean
    ServletRegistrationBean<SlackAppServlet> slackServlet(App slackApp) {
        return new ServletRegistrationBean<>(new SlackAppServlet(slackApp), "/slack/events");
    }

    @Bean
    FilterRegistrationBean<SlackRequestGuard> slackRequestGuard(BatonProperties properties, JdbcClient jdbc,
            Clock clock, Conversation conversation, Turns turns, Slack slack) {
        FilterRegistrationBean<SlackRequestGuard> registration = new FilterRegistrationBean<>(new SlackRequestGuard(
                properties.slack().signingSecret(), jdbc, clock, properties.slack().maxBodyBytes(), conversation,
                turns, new SlackButtons(conversation, slack)));
        registration.addUrlPatterns("/slack/events");
        return registration;
    }

    /**
     * A slash command's answer as its acknowledgement, sized up front so the answer is complete on the wire as soon
     * as it is flushed (not only when the request's thread is done).
     */
    private static Response answerResponse(JsonMapper json, Reply reply) {
        String body = json.writeValueAsString(BlockKit.ephemeralAnswer(BlockKit.message(reply), false));
        return Response.builder().statusCode(200).contentType("application/json; charset=utf-8")
                .headers(Map.of("Content-Length", List.of(String.valueOf(body.getBytes(StandardCharsets.UTF_8).length))))
                .body(body).build();
    }

    /** Bolt answers an exception with 500, which makes Slack retry the event. */
    static final class DatabaseUnavailable extends RuntimeException {
        DatabaseUnavailable() {
            super("database unavailable; Slack will deliver this event again", null, false, false);
        }
    }

    private static boolean present(String... values) {
        for (String v : values) {
            if (v == null || v.isBlank()) {
                return false;
            }
        }
        return true;
    }

    static String workspace(String teamId) {
        return "slack:" + teamId;
    }

    private static String valueOf(ViewState.Value v) {
        if (v.getSelectedOption() != null) {
            return v.getSelectedOption().getValue();
        }
        return v.getValue();
    }
}
