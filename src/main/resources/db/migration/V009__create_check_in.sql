-- Check-ins are their own aggregate: they arrive often and are never rewritten.
CREATE TABLE check_in (
    id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    key_result_id  BIGINT        NOT NULL,
    member_id      BIGINT        NOT NULL,
    previous_value DECIMAL(18,4) NOT NULL,
    value          DECIMAL(18,4) NOT NULL,
    confidence     INT           NOT NULL,
    note           VARCHAR(1000) NULL,
    blocker        VARCHAR(1000) NULL,
    created_at     DATETIME(3)   NOT NULL,
    version        INT           NOT NULL,
    KEY ix_check_in_key_result (key_result_id, created_at),
    KEY ix_check_in_member (member_id, created_at),
    CONSTRAINT fk_check_in_key_result FOREIGN KEY (key_result_id) REFERENCES key_result (id),
    CONSTRAINT fk_check_in_member FOREIGN KEY (member_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
