-- Questionnaires trainers design (#35): a sent questionnaire keeps a copy of its questions (JSON), so a template
-- edited later never changes what old answers meant; a response keeps one answer per question (a JSON array of
-- strings) instead of comma-separated scores and a separate comment. The two built-in questionnaires become
-- their questions, written with message keys so each person reads them in their own language.
ALTER TABLE survey
    ADD COLUMN questions MEDIUMTEXT NULL,
    ADD COLUMN quiz BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN template_revision INT NULL,
    ADD COLUMN time_limit_minutes INT NULL,
    ADD COLUMN scores_at_once BOOLEAN NOT NULL DEFAULT FALSE;

UPDATE survey SET questions = '[{"type":"LIKERT","key":"survey.item.content"},{"type":"LIKERT","key":"survey.item.instructor"},{"type":"LIKERT","key":"survey.item.format"},{"type":"LIKERT","key":"survey.item.usefulness"},{"type":"NPS","key":"survey.item.nps"},{"type":"TEXT","key":"survey.comment.training","optional":true}]'
WHERE template = 'TRAINING';
UPDATE survey SET questions = '[{"type":"LIKERT","key":"survey.item.applied"},{"type":"LIKERT","key":"survey.item.results"},{"type":"TEXT","key":"survey.comment.followup","optional":true}]'
WHERE template = 'FOLLOWUP';
ALTER TABLE survey MODIFY questions MEDIUMTEXT NOT NULL;

ALTER TABLE survey_response MODIFY answers MEDIUMTEXT NOT NULL;
UPDATE survey_response
SET answers = CONCAT('["', REPLACE(answers, ',', '","'), '",', IFNULL(JSON_QUOTE(comment), '""'), ']');
ALTER TABLE survey_response DROP COLUMN comment;

-- When a participant opened a timed quiz (its time limit counts from there).
ALTER TABLE survey_participant ADD COLUMN started_at DATETIME(3) NULL;

-- A team's questionnaire and quiz templates (T-1, T-2, …); revision counts the edits.
CREATE TABLE survey_template (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace   VARCHAR(100)  NOT NULL,
    number      BIGINT        NOT NULL,
    name        VARCHAR(200)  NOT NULL,
    quiz        BOOLEAN       NOT NULL,
    owner_id    BIGINT        NOT NULL,
    questions   MEDIUMTEXT    NOT NULL,
    revision    INT           NOT NULL,
    archived    BOOLEAN       NOT NULL,
    created_at  DATETIME(3)   NOT NULL,
    updated_at  DATETIME(3)   NOT NULL,
    version     INT           NOT NULL,
    UNIQUE KEY uk_survey_template_number (workspace, number)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
