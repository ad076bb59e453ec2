-- The weekly digest's training section asks for the questionnaires a department's people closed in a week; found by
-- the digest benchmark (bench/), which showed a full scan of survey without it.
CREATE INDEX ix_survey_creator_closed ON survey (creator_id, closed_at);
