CREATE TABLE member (
    id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace        VARCHAR(100) NOT NULL,
    platform_user_id VARCHAR(100) NOT NULL,
    display_name     VARCHAR(200) NOT NULL,
    department_id    BIGINT       NULL,
    role             VARCHAR(20)  NOT NULL,
    time_zone        VARCHAR(64)  NOT NULL,
    locale           VARCHAR(16)  NOT NULL,
    out_of_office_until DATE      NULL,
    checkin_day      VARCHAR(12)  NOT NULL,
    created_at       DATETIME(3)  NOT NULL,
    version          INT          NOT NULL,
    UNIQUE KEY uk_member_identity (workspace, platform_user_id),
    KEY ix_member_department (department_id),
    CONSTRAINT fk_member_department FOREIGN KEY (department_id) REFERENCES department (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

ALTER TABLE department ADD CONSTRAINT fk_department_manager FOREIGN KEY (manager_id) REFERENCES member (id);
