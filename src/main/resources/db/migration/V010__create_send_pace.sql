-- When each channel and each workspace may next be sent to; shared by all replicas, so together they keep the
-- platform's rate limits (Slack: about one message a second per channel).
CREATE TABLE send_pace (
    bucket  VARCHAR(300) NOT NULL PRIMARY KEY,
    next_at DATETIME(3)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
