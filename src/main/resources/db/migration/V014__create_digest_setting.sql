-- A manager's weekly digest preferences; no row means the defaults (Monday 09:00 local, all sections, on).
CREATE TABLE digest_setting (
    member_id  BIGINT       NOT NULL PRIMARY KEY,
    day        VARCHAR(12)  NOT NULL,
    at_time    VARCHAR(5)   NOT NULL,
    enabled    BOOLEAN      NOT NULL,
    sections   VARCHAR(100) NOT NULL,
    CONSTRAINT fk_digest_setting_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
