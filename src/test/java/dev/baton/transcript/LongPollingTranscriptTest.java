package dev.baton.transcript;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.test.context.TestPropertySource;

/**
 * The OKR and poll transcripts again, with Baton taking Telegram's updates by long polling (the default, for a
 * Baton without a public address): each update reaches Baton as the answer to its {@code getUpdates}, and a click is
 * answered with {@code answerCallbackQuery}. The files are the same: nothing a person sees may differ.
 */
@TestPropertySource(properties = "baton.telegram.connection=polling")
class LongPollingTranscriptTest extends TranscriptTest {

    @Override
    protected boolean replays(Path file, String platform) {
        return platform.equals("telegram") && (file.startsWith("okr") || file.startsWith("polls"));
    }

    @Override
    protected String label(String platform) {
        return "telegram long polling";
    }

    @Override
    protected TelegramDriver telegramDriver(Map<String, String> userIds, Map<String, String> languages) {
        return TelegramDriver.through(update -> {
            TELEGRAM_UPDATES.deliver(update, Duration.ofSeconds(20));
            return "";
        }, TELEGRAM, userIds, languages);
    }
}
