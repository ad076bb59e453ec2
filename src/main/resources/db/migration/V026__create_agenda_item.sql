-- Talking points of one meeting; an item not discussed is carried into the next occurrence (carried_from).
CREATE TABLE agenda_item (
    meeting_id    BIGINT        NOT NULL,
    position      INT           NOT NULL,
    title         VARCHAR(300)  NOT NULL,
    owner_id      BIGINT        NOT NULL,
    minutes       INT           NOT NULL,
    discussed     BOOLEAN       NOT NULL,
    carried_from  BIGINT        NULL,
    PRIMARY KEY (meeting_id, position),
    CONSTRAINT fk_agenda_item_meeting FOREIGN KEY (meeting_id) REFERENCES meeting (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
