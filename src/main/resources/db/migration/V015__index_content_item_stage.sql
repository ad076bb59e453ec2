-- The digest asks for a workspace's unpublished posts (to find the overdue ones) every week.
CREATE INDEX ix_content_stage ON content_item (workspace, stage, publish_at);
