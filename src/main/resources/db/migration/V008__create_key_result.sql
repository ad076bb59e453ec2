CREATE TABLE key_result (
    id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    objective_id   BIGINT        NOT NULL,
    owner_id       BIGINT        NOT NULL,
    title          VARCHAR(300)  NOT NULL,
    start_value    DECIMAL(18,4) NOT NULL,
    target_value   DECIMAL(18,4) NOT NULL,
    current_value  DECIMAL(18,4) NOT NULL,
    unit           VARCHAR(20)   NOT NULL,
    confidence     INT           NOT NULL,
    last_checkin_at DATETIME(3)  NULL,
    version        INT           NOT NULL,
    KEY ix_key_result_objective (objective_id),
    KEY ix_key_result_owner (owner_id),
    CONSTRAINT fk_key_result_objective FOREIGN KEY (objective_id) REFERENCES objective (id),
    CONSTRAINT fk_key_result_owner FOREIGN KEY (owner_id) REFERENCES member (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
