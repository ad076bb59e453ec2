package dev.baton.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.system.BatonProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * {@code POST /telegram/updates}: Telegram's webhook, when Baton has a public address
 * ({@code TELEGRAM_CONNECTION=webhook}). Checks the size (413) and the secret Telegram repeats in
 * {@code X-Telegram-Bot-Api-Secret-Token} (401, compared in constant time), then hands the update to
 * {@link TelegramUpdates}. A click is answered in the response itself ({@code answerCallbackQuery} as the webhook's
 * reply), so nothing waits on a call to Telegram; a 503 makes Telegram deliver the update again later.
 */
@RestController
class TelegramWebhookController {

    private static final Logger log = LoggerFactory.getLogger(TelegramWebhookController.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BatonProperties.Telegram settings;
    private final ObjectProvider<TelegramUpdates> updates;

    TelegramWebhookController(BatonProperties properties, ObjectProvider<TelegramUpdates> updates) {
        this.settings = properties.telegram();
        this.updates = updates;
    }

    @PostMapping("/telegram/updates")
    ResponseEntity<Map<String, Object>> update(HttpServletRequest request) throws IOException {
        TelegramUpdates handler = updates.getIfAvailable();
        if (handler == null || !settings.webhook()) {
            return answer(HttpStatus.NOT_FOUND, "Telegram's webhook is not configured (TELEGRAM_CONNECTION=webhook)");
        }
        if (settings.webhookSecret().isBlank() || !MessageDigest.isEqual(
                settings.webhookSecret().getBytes(StandardCharsets.UTF_8),
                String.valueOf(request.getHeader("X-Telegram-Bot-Api-Secret-Token")).getBytes(StandardCharsets.UTF_8))) {
            log.warn("Rejected a Telegram update without the webhook's secret");
            return answer(HttpStatus.UNAUTHORIZED, "bad secret token");
        }
        byte[] raw = request.getInputStream().readNBytes(settings.maxBodyBytes() + 1);
        if (raw.length > settings.maxBodyBytes()) {
            return answer(HttpStatus.CONTENT_TOO_LARGE, "body too large");
        }
        Update update;
        try {
            update = JSON.readValue(raw, Update.class);
        } catch (IOException e) {
            return answer(HttpStatus.BAD_REQUEST, "not an update");
        }
        if (update.getUpdateId() == null) {
            return answer(HttpStatus.BAD_REQUEST, "not an update");
        }
        TelegramUpdates.Outcome outcome = handler.handle(update);
        if (outcome.retry() && outcome.callbackQueryId().isEmpty()) {
            return answer(HttpStatus.SERVICE_UNAVAILABLE, "try again");
        }
        if (outcome.callbackQueryId().isPresent()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("method", "answerCallbackQuery");
            body.put("callback_query_id", outcome.callbackQueryId().get());
            if (outcome.callbackText() != null) {
                body.put("text", outcome.callbackText());
                body.put("show_alert", true);
            }
            return ResponseEntity.ok(body);
        }
        return ResponseEntity.ok(Map.of());
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String error) {
        return ResponseEntity.status(status).body(Map.of("error", error));
    }
}
