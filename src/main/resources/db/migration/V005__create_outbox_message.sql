-- Outgoing chat messages, written in the same transaction as the change that caused them.
-- status: PENDING -> SENDING (claimed by a replica until lease_until) -> SENT, or DEAD after permanent failure.
CREATE TABLE outbox_message (
    id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    platform        VARCHAR(20)   NOT NULL,
    workspace       VARCHAR(100)  NOT NULL,
    idempotency_key VARCHAR(200)  NOT NULL,
    channel_key     VARCHAR(300)  NULL,
    payload         MEDIUMTEXT    NOT NULL,
    status          VARCHAR(12)   NOT NULL,
    attempts        INT           NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(3)   NOT NULL,
    lease_until     DATETIME(3)   NULL,
    last_error      VARCHAR(1000) NULL,
    created_at      DATETIME(3)   NOT NULL,
    sent_at         DATETIME(3)   NULL,
    UNIQUE KEY uk_outbox_idempotency (idempotency_key),
    KEY ix_outbox_due (status, next_attempt_at),
    KEY ix_outbox_channel (status, channel_key, next_attempt_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
