-- Where a sent message landed (conversation and platform message id), so a feature can update it later,
-- e.g. a poll's live results.
ALTER TABLE outbox_message
    ADD COLUMN posted_channel    VARCHAR(100) NULL,
    ADD COLUMN posted_message_id VARCHAR(100) NULL;
