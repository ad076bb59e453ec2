-- Status changes of leads on their way to CRM webhooks: written with the change, sent by the webhook dispatcher
-- with signing and retries; after too many failures a row is DEAD and listed for admins, who can replay it.
CREATE TABLE lead_webhook_delivery (
    id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace       VARCHAR(100)  NOT NULL,
    webhook         VARCHAR(60)   NOT NULL,
    lead_id         BIGINT        NOT NULL,
    event           VARCHAR(20)   NOT NULL,
    payload         TEXT          NOT NULL,
    status          VARCHAR(8)    NOT NULL,
    attempts        INT           NOT NULL,
    next_attempt_at DATETIME(3)   NOT NULL,
    last_error      VARCHAR(500)  NULL,
    created_at      DATETIME(3)   NOT NULL,
    sent_at         DATETIME(3)   NULL,
    KEY ix_lead_webhook_due (status, next_attempt_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
