-- A training-feedback questionnaire sent by DM to a session's participants, from a template of items.
CREATE TABLE survey (
    id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace       VARCHAR(100)  NOT NULL,
    creator_id      BIGINT        NOT NULL,
    title           VARCHAR(200)  NOT NULL,
    template        VARCHAR(20)   NOT NULL,
    anonymous       BOOLEAN       NOT NULL,
    min_respondents INT           NOT NULL,
    status          VARCHAR(10)   NOT NULL,
    closes_at       DATETIME(3)   NOT NULL,
    closed_at       DATETIME(3)   NULL,
    follow_up_days  INT           NULL,
    follows_id      BIGINT        NULL,
    created_at      DATETIME(3)   NOT NULL,
    version         INT           NOT NULL,
    KEY ix_survey_creator (creator_id, status)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
