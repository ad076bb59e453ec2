-- What Baton "sent" to people using the local web console (platform "web"): the console reads them back.
CREATE TABLE console_message (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id     VARCHAR(100) NULL,
    channel_id  VARCHAR(100) NULL,
    kind        VARCHAR(12)  NOT NULL,
    replaces    BIGINT       NULL,
    payload     MEDIUMTEXT   NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    KEY ix_console_message_user (user_id, id),
    KEY ix_console_message_channel (channel_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
