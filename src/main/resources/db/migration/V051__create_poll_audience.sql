-- Who a channel poll is for (#33): the channel's members Baton knows, as the platform listed them a moment after
-- the poll was posted, so "polls you have not answered" can show in each person's week.
CREATE TABLE poll_audience (
    poll_id    BIGINT  NOT NULL,
    member_id  BIGINT  NOT NULL,
    PRIMARY KEY (poll_id, member_id),
    KEY ix_poll_audience_member (member_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
