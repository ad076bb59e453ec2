package dev.baton.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.middleware.Middleware;
import dev.baton.conversation.ChatGateway.Pace;
import dev.baton.conversation.Conversation;
import dev.baton.system.BatonProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires Slack to the engine through Bolt: over HTTP ({@link SlackServlet}) Bolt verifies every request's signature
 * and age and {@link SignatureReplays} refuses a signature seen before; through Socket Mode ({@link SlackSocketMode})
 * the envelopes come over Baton's own connection. {@link SlackHandlers} maps commands, clicks, forms and events to
 * the engine either way. Replies leave through the outbox after the ack (a command's answer may ride on the ack).
 * Active when a bot token and a signing secret or an app-level token are configured.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${baton.slack.bot-token:}' != '' and ('${baton.slack.signing-secret:}' != ''"
        + " or '${baton.slack.app-token:}' != '')")
class SlackConfiguration {

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
    App slackApp(Slack slack, BatonProperties properties, Conversation conversation, JsonMapper json,
            JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        App app = new App(AppConfig.builder()
                .slack(slack)
                .signingSecret(properties.slack().signingSecret())
                .singleTeamBotToken(properties.slack().botToken())
                .build()) {
            /** Bolt's middleware, its signature check given {@link SigningKey} to compute what it compares. */
            @Override
            protected List<Middleware> buildDefaultMiddlewareList(AppConfig config) {
                return SigningKey.inBoltsCheck(super.buildDefaultMiddlewareList(config), config.getSigningSecret());
            }
        };
        new SlackHandlers(conversation, new SignatureReplays(jdbc, clock), slack, json, properties.slack().answerInAckWithin(),
                Counter.builder("baton.slack.answers.late").description("Slash commands whose answer was ready after "
                        + "baton.slack.answer-in-ack-within and went through response_url").register(meters))
                .register(app);
        return app;
    }

    /** Over HTTP, when Slack signs its requests to Baton's public address. */
    @Bean
    @ConditionalOnExpression("'${baton.slack.signing-secret:}' != ''")
    ServletRegistrationBean<SlackServlet> slackServlet(App slackApp, Conversation conversation) {
        return new ServletRegistrationBean<>(new SlackServlet(slackApp, conversation), "/slack/events");
    }

    /** Through Socket Mode, when an app-level token is set: no public address needed. */
    @Bean
    @ConditionalOnExpression("'${baton.slack.app-token:}' != ''")
    SlackSocketMode slackSocketMode(App slackApp, BatonProperties properties, Conversation conversation,
            JsonMapper json, MeterRegistry meters) {
        return new SlackSocketMode(slackApp, properties.slack().appToken(), conversation, json, meters);
    }

    @Bean
    @ConditionalOnExpression("'${baton.slack.signing-secret:}' != ''")
    FilterRegistrationBean<BodyLimit> slackBodyLimit(BatonProperties properties) {
        FilterRegistrationBean<BodyLimit> registration = new FilterRegistrationBean<>(
                new BodyLimit(properties.slack().maxBodyBytes()));
        registration.addUrlPatterns("/slack/events");
        return registration;
    }
}
