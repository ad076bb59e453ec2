-- ix_outbox_posted_message served only finding where a Feishu card was posted; card clicks are now answered by the
-- kind of chat they came from (feishu_chat), so the index is no longer read, and every outbox write kept it up.
DROP INDEX ix_outbox_posted_message ON outbox_message;
