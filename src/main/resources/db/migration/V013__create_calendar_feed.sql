-- Secret tokens of read-only calendar feeds: one for the whole workspace, one per member (member_id set).
CREATE TABLE calendar_feed (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace  VARCHAR(100) NOT NULL,
    member_id  BIGINT       NULL,
    token      VARCHAR(64)  NOT NULL,
    created_at DATETIME(3)  NOT NULL,
    UNIQUE KEY uk_calendar_feed_token (token),
    UNIQUE KEY uk_calendar_feed_owner (workspace, member_id),
    CONSTRAINT fk_calendar_feed_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
