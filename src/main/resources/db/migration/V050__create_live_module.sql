-- Live module feedback during a training session (#35): the trainer opens "rate this module" in a channel; people
-- rate difficulty and usefulness (1–5) and may leave a comment; results build up in the message and close with
-- the next module. Always anonymous: a rater is a keyed hash, re-hashed with a forgotten salt at close.
CREATE TABLE live_module (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace   VARCHAR(100)  NOT NULL,
    trainer_id  BIGINT        NOT NULL,
    channel_id  VARCHAR(100)  NOT NULL,
    title       VARCHAR(200)  NOT NULL,
    status      VARCHAR(10)   NOT NULL,
    created_at  DATETIME(3)   NOT NULL,
    closed_at   DATETIME(3)   NULL,
    version     INT           NOT NULL,
    KEY ix_live_module_channel (workspace, channel_id, status)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row per rater and module: the two scores (either may still be missing) and an optional comment.
CREATE TABLE live_module_rating (
    module_id   BIGINT       NOT NULL,
    rater       VARCHAR(64)  NOT NULL,
    difficulty  INT          NULL,
    usefulness  INT          NULL,
    comment     TEXT         NULL,
    PRIMARY KEY (module_id, rater)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
