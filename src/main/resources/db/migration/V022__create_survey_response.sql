-- One response per respondent; respondent is a keyed hash for an anonymous survey (member_id NULL), and rows carry
-- no time or sequence. answers holds the item scores in template order, comma-separated.
CREATE TABLE survey_response (
    survey_id   BIGINT       NOT NULL,
    respondent  VARCHAR(64)  NOT NULL,
    member_id   BIGINT       NULL,
    answers     VARCHAR(200) NOT NULL,
    comment     TEXT         NULL,
    PRIMARY KEY (survey_id, respondent)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
