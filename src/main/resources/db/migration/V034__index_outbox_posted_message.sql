-- Finding where a platform message was posted (Feishu card clicks name only the message).
CREATE INDEX ix_outbox_posted_message ON outbox_message (posted_message_id);
