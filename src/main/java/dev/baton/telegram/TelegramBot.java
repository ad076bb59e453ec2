package dev.baton.telegram;

import dev.baton.conversation.CommandSpec;
import dev.baton.conversation.Conversation;
import dev.baton.system.BatonProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.scheduling.annotation.Scheduled;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeDefault;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Who Baton is in Telegram and what it shows there, set up once in the background (and again a minute later while
 * Telegram cannot be reached), never while an update waits: its username (commands in groups name it,
 * {@code /okr@BatonBot}, and a deep link to its private chat needs it), the command menu in English and Chinese
 * ({@code setMyCommands}), and the webhook address when Baton is to register it itself.
 */
class TelegramBot {

    private static final Logger log = LoggerFactory.getLogger(TelegramBot.class);

    private final TelegramClient client;
    private final Conversation conversation;
    private final MessageSource messages;
    private final BatonProperties.Telegram settings;
    private volatile String username;
    private volatile boolean menuSet;
    private volatile boolean webhookSet;

    TelegramBot(TelegramClient client, Conversation conversation, MessageSource messages,
            BatonProperties.Telegram settings) {
        this.client = client;
        this.conversation = conversation;
        this.messages = messages;
        this.settings = settings;
    }

    Optional<String> username() {
        return Optional.ofNullable(username);
    }

    @Scheduled(initialDelay = 0, fixedDelay = 60_000)
    void setUp() {
        try {
            if (username == null) {
                username = client.execute(new GetMe()).getUserName();
                log.info("Telegram bot @{}", username);
            }
            if (!menuSet) {
                client.execute(menu(Locale.ENGLISH, null));
                client.execute(menu(Locale.SIMPLIFIED_CHINESE, "zh"));
                menuSet = true;
            }
            if (!webhookSet && settings.webhook() && !settings.webhookUrl().isBlank()) {
                client.execute(SetWebhook.builder().url(settings.webhookUrl()).secretToken(settings.webhookSecret())
                        .allowedUpdates(List.of("message", "callback_query")).build());
                webhookSet = true;
                log.info("Telegram sends updates to {}", settings.webhookUrl());
            }
        } catch (TelegramApiException | RuntimeException e) {
            log.warn("Could not set Baton up with Telegram (tried again in a minute): {}", e.getMessage());
        }
    }

    /** The menu of commands in one language; {@code languageCode} null is everyone else's. */
    SetMyCommands menu(Locale locale, String languageCode) {
        List<BotCommand> commands = new ArrayList<>();
        for (CommandSpec spec : conversation.specs()) {
            String text = messages.getMessage(spec.summaryKey(), null, locale);
            commands.add(new BotCommand(spec.name(), text.length() > 256 ? text.substring(0, 255) + "…" : text));
        }
        return SetMyCommands.builder().commands(commands).scope(new BotCommandScopeDefault())
                .languageCode(languageCode).build();
    }
}
