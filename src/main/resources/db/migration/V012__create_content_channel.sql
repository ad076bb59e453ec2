-- Who runs each publishing channel (the WeChat official account, the Douyin account, ...): they hear about posts
-- that are not approved in time.
CREATE TABLE content_channel (
    id        BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace VARCHAR(100) NOT NULL,
    platform  VARCHAR(20)  NOT NULL,
    owner_id  BIGINT       NOT NULL,
    version   INT          NOT NULL,
    UNIQUE KEY uk_content_channel (workspace, platform),
    CONSTRAINT fk_content_channel_owner FOREIGN KEY (owner_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
