-- Pools of sales people who take turns (round robin within capacity), and ordered routing rules: the first rule
-- whose condition matches decides the member or pool, and the acceptance SLA in business minutes.
CREATE TABLE lead_pool (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace  VARCHAR(100) NOT NULL,
    pool_key   VARCHAR(40)  NOT NULL,
    capacity   INT          NOT NULL,
    next_turn  INT          NOT NULL,
    version    INT          NOT NULL,
    UNIQUE KEY uk_lead_pool (workspace, pool_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE lead_pool_member (
    pool_id    BIGINT NOT NULL,
    position   INT    NOT NULL,
    member_id  BIGINT NOT NULL,
    PRIMARY KEY (pool_id, position),
    CONSTRAINT fk_lead_pool_member_pool FOREIGN KEY (pool_id) REFERENCES lead_pool (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE lead_rule (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace    VARCHAR(100) NOT NULL,
    position     INT          NOT NULL,
    field        VARCHAR(10)  NOT NULL,
    match_value  VARCHAR(100) NOT NULL,
    member_id    BIGINT       NULL,
    pool_id      BIGINT       NULL,
    sla_minutes  INT          NOT NULL,
    KEY ix_lead_rule (workspace, position)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
