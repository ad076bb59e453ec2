-- Who was asked and whether they have answered (for the one reminder); never what they answered.
CREATE TABLE survey_participant (
    survey_id  BIGINT  NOT NULL,
    member_id  BIGINT  NOT NULL,
    answered   BOOLEAN NOT NULL,
    PRIMARY KEY (survey_id, member_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
