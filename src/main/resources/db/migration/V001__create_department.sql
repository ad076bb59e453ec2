CREATE TABLE department (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace    VARCHAR(100) NOT NULL,
    dept_key     VARCHAR(40)  NOT NULL,
    name         VARCHAR(200) NOT NULL,
    manager_id   BIGINT       NULL,
    version      INT          NOT NULL,
    UNIQUE KEY uk_department_key (workspace, dept_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
