-- Secret tokens of each member's read-only meeting calendar feed.
CREATE TABLE meeting_feed (
    member_id   BIGINT       NOT NULL PRIMARY KEY,
    token       VARCHAR(64)  NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    UNIQUE KEY uk_meeting_feed_token (token)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
