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
import dev.baton.system.BatonProperties;
import dev.baton.system.Turns;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires Slack to the engine. {@link SlackRequestGuard} verifies every request and handles slash commands
 * ({@link SlackCommands}) and button clicks ({@link SlackButtons}) itself; Bolt gets events and form submissions.
 * Each handler maps the payload to an {@link Inbound}, lets the engine commit the change and its replies, and acks —
 * replies leave through the outbox after the ack (a command's answer may ride on the ack). Active when a signing
 * secret and bot token are configured.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${baton.slack.signing-secret:}' != '' and '${baton.slack.bot-token:}' != ''")
class SlackConfiguration {

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
    App slackApp(Slack slack, BatonProperties properties, Conversation conversation) {
        App app = new App(AppConfig.builder()
                .slack(slack)
                .signingSecret(properties.slack().signingSecret())
                .singleTeamBotToken(properties.slack().botToken())
                .build());

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
            Clock clock, Conversation conversation, Turns turns, Slack slack, JsonMapper json, MeterRegistry meters) {
        FilterRegistrationBean<SlackRequestGuard> registration = new FilterRegistrationBean<>(new SlackRequestGuard(
                properties.slack().signingSecret(), jdbc, clock, properties.slack().maxBodyBytes(), conversation,
                turns, new SlackButtons(conversation, slack),
                new SlackCommands(conversation, json, properties.slack().answerInAckWithin(),
                        Counter.builder("baton.slack.answers.late").description("Slash commands whose answer was "
                                + "ready after baton.slack.answer-in-ack-within and went through response_url")
                                .register(meters))));
        registration.addUrlPatterns("/slack/events");
        return registration;
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
