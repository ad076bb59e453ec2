CREATE TABLE objective (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace     VARCHAR(100) NOT NULL,
    title         VARCHAR(300) NOT NULL,
    owner_id      BIGINT       NOT NULL,
    department_id BIGINT       NULL,
    period        VARCHAR(10)  NOT NULL,
    parent_id     BIGINT       NULL,
    created_at    DATETIME(3)  NOT NULL,
    version       INT          NOT NULL,
    KEY ix_objective_owner (owner_id, period),
    KEY ix_objective_department (department_id, period),
    KEY ix_objective_parent (parent_id),
    CONSTRAINT fk_objective_owner FOREIGN KEY (owner_id) REFERENCES member (id),
    CONSTRAINT fk_objective_department FOREIGN KEY (department_id) REFERENCES department (id),
    CONSTRAINT fk_objective_parent FOREIGN KEY (parent_id) REFERENCES objective (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
