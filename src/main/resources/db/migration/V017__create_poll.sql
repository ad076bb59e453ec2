-- A quick poll posted to a channel. Options are the poll's children; ballots are their own table (poll_ballot)
-- because they change fast and must never rewrite the poll row.
CREATE TABLE poll (
    id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace      VARCHAR(100)  NOT NULL,
    channel_id     VARCHAR(100)  NOT NULL,
    creator_id     BIGINT        NOT NULL,
    question       VARCHAR(500)  NOT NULL,
    kind           VARCHAR(10)   NOT NULL,
    multiple       BOOLEAN       NOT NULL,
    anonymous      BOOLEAN       NOT NULL,
    hidden         BOOLEAN       NOT NULL,
    allow_add      BOOLEAN       NOT NULL,
    min_voters     INT           NOT NULL,
    status         VARCHAR(10)   NOT NULL,
    closes_at      DATETIME(3)   NULL,
    closed_at      DATETIME(3)   NULL,
    final_voters   INT           NULL,
    follows_id     BIGINT        NULL,
    locale         VARCHAR(10)   NOT NULL,
    zone           VARCHAR(60)   NOT NULL,
    created_at     DATETIME(3)   NOT NULL,
    version        INT           NOT NULL,
    KEY ix_poll_creator (creator_id, status),
    KEY ix_poll_workspace_created (workspace, created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
