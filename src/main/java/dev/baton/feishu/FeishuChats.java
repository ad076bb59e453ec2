package dev.baton.feishu;

import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The kind of each Feishu chat Baton has had a message from ({@code p2p} or {@code group}), from the message events. */
@Component
class FeishuChats {

    private final JdbcClient jdbc;
    private final Clock clock;

    FeishuChats(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void remember(String chatId, String chatType) {
        if (chatId.isBlank() || chatType.isBlank()) {
            return;
        }
        jdbc.sql("""
                INSERT INTO feishu_chat (chat_id, chat_type, seen_at) VALUES (?, ?, ?)
                ON DUPLICATE KEY UPDATE chat_type = VALUES(chat_type), seen_at = VALUES(seen_at)""")
                .params(chatId, chatType, Timestamp.from(clock.instant())).update();
    }

    /**
     * Is this a group chat? A chat Baton has not had a message from counts as not one: its card's click is then
     * answered in the person's own chat, which is private and always allowed.
     */
    boolean isGroup(String chatId) {
        return !chatId.isBlank() && jdbc.sql("SELECT chat_type FROM feishu_chat WHERE chat_id = ?").param(chatId)
                .query(String.class).optional().map("group"::equals).orElse(false);
    }
}
