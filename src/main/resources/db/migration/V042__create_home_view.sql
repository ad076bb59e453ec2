-- People who opened their home page in the app (Slack's App Home): what Baton waits on from them is kept current
-- there, one refresh per few seconds however many changes come.
CREATE TABLE home_view (
    member_id BIGINT      NOT NULL PRIMARY KEY,
    opened_at DATETIME(3) NOT NULL,
    CONSTRAINT fk_home_view_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
