package dev.baton.telegram;

import dev.baton.conversation.Conversation;
import dev.baton.system.BatonProperties;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/** The Telegram adapter, when a bot token is configured. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${baton.telegram.bot-token:}' != ''")
class TelegramConfiguration {

    /** How long one {@code getUpdates} waits on Telegram's side for something to happen. */
    static final int POLL_SECONDS = 50;

    static TelegramUrl url(BatonProperties.Telegram settings) {
        URI uri = URI.create(settings.apiUrl().strip());
        boolean https = !"http".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        return new TelegramUrl(https ? "https" : "http", uri.getHost(), port, false);
    }

    @Bean
    TelegramClient telegramClient(BatonProperties properties) {
        BatonProperties.Telegram settings = properties.telegram();
        if (!settings.configured()) {
            throw new IllegalStateException("TELEGRAM_BOT_TOKEN is not a bot token (123456:ABC…, from BotFather)");
        }
        OkHttpClient http = new OkHttpClient.Builder().connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS).writeTimeout(30, TimeUnit.SECONDS).build();
        return new OkHttpTelegramClient(http, settings.botToken(), url(settings));
    }

    @Bean
    TelegramPeople telegramPeople() {
        return new TelegramPeople();
    }

    @Bean
    CallbackData telegramCallbackData(JdbcClient jdbc, Clock clock) {
        return new CallbackData(jdbc, clock);
    }

    @Bean
    TelegramBot telegramBot(TelegramClient client, @Lazy Conversation conversation, MessageSource messages,
            BatonProperties properties) {
        return new TelegramBot(client, conversation, messages, properties.telegram());
    }

    @Bean
    TelegramUpdates telegramUpdates(Conversation conversation, CallbackData callbacks, TelegramPeople people,
            TelegramBot bot, BatonProperties properties, MessageSource messages) {
        return new TelegramUpdates(conversation, callbacks, people, bot, properties.telegram().botId(), messages);
    }

    @Bean
    TelegramChatGateway telegramChatGateway(TelegramClient client, CallbackData callbacks, TelegramPeople people,
            TelegramBot bot, MessageSource messages) {
        return new TelegramChatGateway(client, callbacks, people, bot, messages);
    }

    /** Updates by long polling unless Telegram is to post them to Baton's webhook. */
    @Bean
    @ConditionalOnExpression("!'${baton.telegram.connection:polling}'.trim().equalsIgnoreCase('webhook')")
    TelegramLongPolling telegramLongPolling(TelegramUpdates updates, TelegramClient client,
            BatonProperties properties) {
        return new TelegramLongPolling(updates, client, properties.telegram().botToken(),
                url(properties.telegram()), POLL_SECONDS);
    }
}
