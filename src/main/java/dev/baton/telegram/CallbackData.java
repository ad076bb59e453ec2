package dev.baton.telegram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A button's action id and value in Telegram's {@code callback_data} (1–64 bytes): written out when they fit
 * ({@code okr.snooze\n12}), else as a short key ({@code ~} and 22 characters of a hash) whose action and value are
 * kept in {@code telegram_callback}. The same button always gets the same key, so sending it again adds nothing.
 */
final class CallbackData {

    static final int MAX_BYTES = 64;
    private static final char SEPARATOR = '\n';
    private static final String KEYED = "~";

    record Action(String actionId, String value) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    CallbackData(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    String encode(String actionId, String value) {
        String v = value == null ? "" : value;
        String plain = actionId + SEPARATOR + v;
        if (plain.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES && !plain.startsWith(KEYED)) {
            return plain;
        }
        String key = KEYED + hash(plain);
        jdbc.sql("INSERT IGNORE INTO telegram_callback (callback_key, action_id, action_value, created_at) "
                + "VALUES (?, ?, ?, ?)").params(key, actionId, v, Timestamp.from(clock.instant())).update();
        return key;
    }

    /** The button's action; empty for data Baton did not make, or a key forgotten since. */
    Optional<Action> decode(String data) {
        if (data == null || data.isEmpty()) {
            return Optional.empty();
        }
        if (data.startsWith(KEYED)) {
            return jdbc.sql("SELECT action_id, action_value FROM telegram_callback WHERE callback_key = ?").param(data)
                    .query((rs, n) -> new Action(rs.getString(1), rs.getString(2))).optional();
        }
        int split = data.indexOf(SEPARATOR);
        return split <= 0 ? Optional.empty()
                : Optional.of(new Action(data.substring(0, split), data.substring(split + 1)));
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
