-- Action items from meetings: owner, due date (the owner's calendar day), deliverable; tracked until done.
CREATE TABLE action_item (
    id           BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
    workspace    VARCHAR(100)   NOT NULL,
    series_id    BIGINT         NOT NULL,
    meeting_id   BIGINT         NOT NULL,
    owner_id     BIGINT         NOT NULL,
    title        VARCHAR(300)   NOT NULL,
    deliverable  VARCHAR(500)   NULL,
    due_date     DATE           NOT NULL,
    status       VARCHAR(10)    NOT NULL,
    done_at      DATETIME(3)    NULL,
    extensions   INT            NOT NULL,
    created_at   DATETIME(3)    NOT NULL,
    version      INT            NOT NULL,
    KEY ix_action_item_owner (owner_id, status),
    KEY ix_action_item_series (series_id, status),
    KEY ix_action_item_meeting (meeting_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
