-- Telegram carries at most 64 bytes back from a button (callback_data). A button whose action id and value do not
-- fit is sent with a short key instead, and the key's action and value are kept here (housekeeping forgets keys
-- after half a year; such an old button then answers that it has expired).
CREATE TABLE telegram_callback (
    callback_key VARCHAR(32)  NOT NULL PRIMARY KEY,
    action_id    VARCHAR(100) NOT NULL,
    action_value TEXT         NOT NULL,
    created_at   TIMESTAMP(3) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
