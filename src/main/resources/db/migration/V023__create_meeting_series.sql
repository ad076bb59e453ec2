-- A meeting and its recurrence: the first occurrence's local date and time in the organiser's zone, the length,
-- and the participants (meeting_participant) among whom host, recorder and timekeeper rotate unless fixed.
CREATE TABLE meeting_series (
    id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace       VARCHAR(100)  NOT NULL,
    title           VARCHAR(200)  NOT NULL,
    zone            VARCHAR(60)   NOT NULL,
    first_date      DATE          NOT NULL,
    local_start     TIME          NOT NULL,
    duration_min    INT           NOT NULL,
    recurrence      VARCHAR(10)   NOT NULL,
    fixed_roles     BOOLEAN       NOT NULL,
    host_pos        INT           NOT NULL,
    recorder_pos    INT           NOT NULL,
    timekeeper_pos  INT           NOT NULL,
    creator_id      BIGINT        NOT NULL,
    created_at      DATETIME(3)   NOT NULL,
    version         INT           NOT NULL,
    KEY ix_meeting_series_workspace (workspace)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
