-- Persistent jobs: one row per job key; a replica claims a due row with FOR UPDATE SKIP LOCKED and runs the job
-- in the transaction that completes or reschedules it, so a job runs once across replicas and survives restarts.
CREATE TABLE scheduled_job (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    job_key     VARCHAR(200)  NOT NULL,
    kind        VARCHAR(60)   NOT NULL,
    payload     VARCHAR(2000) NOT NULL,
    due_at      DATETIME(3)   NOT NULL,
    attempts    INT           NOT NULL DEFAULT 0,
    last_error  VARCHAR(1000) NULL,
    UNIQUE KEY uk_scheduled_job_key (job_key),
    KEY ix_scheduled_job_due (due_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
