package dev.baton.telegram;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Updates by long polling ({@code getUpdates}, the default): Baton asks Telegram, so it needs no public address. The
 * SDK's session asks for the next updates only after the ones before were handled, and Telegram forgets an update
 * only when asked for those after it: an update being handled when Baton stops comes again at the next start (and
 * its {@code update_id} keeps it from being done twice). An update the database cannot take is tried again here,
 * in order, until it can.
 */
class TelegramLongPolling implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TelegramLongPolling.class);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final TelegramUpdates updates;
    private final TelegramClient client;
    private final String token;
    private final TelegramUrl url;
    private final int pollSeconds;
    private TelegramBotsLongPollingApplication application;
    private volatile boolean running;

    TelegramLongPolling(TelegramUpdates updates, TelegramClient client, String token, TelegramUrl url,
            int pollSeconds) {
        this.updates = updates;
        this.client = client;
        this.token = token;
        this.url = url;
        this.pollSeconds = pollSeconds;
    }

    @Override
    public void start() {
        application = new TelegramBotsLongPollingApplication();
        try {
            running = true;
            application.registerBot(token, () -> url, last -> GetUpdates.builder().offset(last + 1).limit(100)
                    .timeout(pollSeconds).allowedUpdates(List.of("message", "callback_query")).build(),
                    this::consume);
            log.info("Telegram: long polling {}://{}:{}", url.getSchema(), url.getHost(), url.getPort());
        } catch (TelegramApiException e) {
            running = false;
            throw new IllegalStateException("Could not start Telegram long polling: " + e.getMessage(), e);
        }
    }

    void consume(List<Update> batch) {
        for (Update update : batch) {
            handle(update);
        }
    }

    private void handle(Update update) {
        Duration wait = Duration.ofSeconds(1);
        while (true) {
            TelegramUpdates.Outcome outcome;
            try {
                outcome = updates.handle(update);
            } catch (RuntimeException e) {
                // a fault in Baton itself: the engine already answered the person; never retry into it forever
                log.error("Telegram update {} failed", update.getUpdateId(), e);
                return;
            }
            outcome.callbackQueryId().ifPresent(id -> answer(id, outcome.callbackText()));
            if (!outcome.retry() || outcome.callbackQueryId().isPresent() || !running) {
                return;
            }
            log.warn("Telegram update {} waits for the database ({} s)", update.getUpdateId(), wait.toSeconds());
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
        }
    }

    /** Stops the button's spinner; with a text (the database is away) as an alert. */
    private void answer(String callbackQueryId, String text) {
        try {
            client.execute(AnswerCallbackQuery.builder().callbackQueryId(callbackQueryId).text(text)
                    .showAlert(text != null ? Boolean.TRUE : null).build());
        } catch (TelegramApiException | RuntimeException e) {
            log.warn("Could not answer a Telegram click: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        running = false;
        if (application != null) {
            try {
                application.close();
            } catch (Exception e) {
                log.warn("Stopping Telegram long polling: {}", e.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
