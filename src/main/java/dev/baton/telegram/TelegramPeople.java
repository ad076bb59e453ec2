package dev.baton.telegram;

import dev.baton.conversation.ChatGateway;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.telegram.telegrambots.meta.api.objects.User;

/**
 * Who sent the updates this replica handled lately: Telegram has no "who is this user" call that gives a language,
 * but every update carries its sender's name and {@code language_code}. A person met for the first time is
 * registered with them in the same request (no platform call waits), and a later name lookup keeps their language.
 */
final class TelegramPeople {

    /** Enough for every active person of a large team; a fuller map starts again (only first contacts need it). */
    private static final int MAX = 20_000;

    private final Map<String, ChatGateway.PlatformUser> seen = new ConcurrentHashMap<>();

    void saw(User user) {
        if (user == null || Boolean.TRUE.equals(user.getIsBot())) {
            return;
        }
        if (seen.size() >= MAX) {
            seen.clear();
        }
        String id = String.valueOf(user.getId());
        seen.put(id, new ChatGateway.PlatformUser(id, nameOf(user.getFirstName(), user.getLastName()), null,
                language(user.getLanguageCode()), false));
    }

    Optional<ChatGateway.PlatformUser> get(String userId) {
        return Optional.ofNullable(seen.get(userId));
    }

    static String nameOf(String first, String last) {
        String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
        return name.isEmpty() ? null : name;
    }

    /** Telegram's IETF tag ({@code zh-hans}, {@code en}) as one of Baton's languages; null when unknown. */
    static String language(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        return code.toLowerCase(Locale.ROOT).startsWith("zh") ? "zh-CN" : "en";
    }
}
