-- The answers a poll offers, numbered from 1 in the order shown.
CREATE TABLE poll_option (
    poll_id   BIGINT       NOT NULL,
    position  INT          NOT NULL,
    label     VARCHAR(200) NOT NULL,
    added_by  BIGINT       NULL,
    PRIMARY KEY (poll_id, position),
    CONSTRAINT fk_poll_option_poll FOREIGN KEY (poll_id) REFERENCES poll (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
