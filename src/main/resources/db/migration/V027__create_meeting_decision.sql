-- Decisions the recorder logged for one meeting.
CREATE TABLE meeting_decision (
    meeting_id   BIGINT         NOT NULL,
    position     INT            NOT NULL,
    text         VARCHAR(1000)  NOT NULL,
    recorded_by  BIGINT         NOT NULL,
    PRIMARY KEY (meeting_id, position),
    CONSTRAINT fk_meeting_decision_meeting FOREIGN KEY (meeting_id) REFERENCES meeting (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
