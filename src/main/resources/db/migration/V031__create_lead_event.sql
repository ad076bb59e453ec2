-- Every step of a lead: who did what when (handed off, accepted, declined with reason, re-routed, status changes).
CREATE TABLE lead_event (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    lead_id     BIGINT        NOT NULL,
    at          DATETIME(3)   NOT NULL,
    actor_id    BIGINT        NULL,
    kind        VARCHAR(20)   NOT NULL,
    status      VARCHAR(14)   NOT NULL,
    assignee_id BIGINT        NULL,
    note        VARCHAR(1000) NULL,
    KEY ix_lead_event_lead (lead_id, at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
