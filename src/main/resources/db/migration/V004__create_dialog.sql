-- Multi-step conversations (one per platform + workspace + channel + user) live here, not in a replica's memory.
CREATE TABLE dialog (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    dialog_key  VARCHAR(300) NOT NULL,
    kind        VARCHAR(60)  NOT NULL,
    step        VARCHAR(60)  NOT NULL,
    data        TEXT         NOT NULL,
    expires_at  DATETIME(3)  NOT NULL,
    version     INT          NOT NULL,
    UNIQUE KEY uk_dialog_key (dialog_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
