-- Object references (O-3, KR-7, M-2, …) count per workspace, so a new team's first objective is O-1 (#30 item 19);
-- the primary keys stay what buttons, jobs and feeds carry. ref_counter holds each workspace's last number per kind,
-- its row locked by the transaction that takes the next one.
CREATE TABLE ref_counter (
    workspace   VARCHAR(100) NOT NULL,
    kind        VARCHAR(4)   NOT NULL,
    last_number BIGINT       NOT NULL,
    PRIMARY KEY (workspace, kind)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

ALTER TABLE objective ADD COLUMN number BIGINT NULL;
UPDATE objective x JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY workspace ORDER BY id) AS n FROM objective) r ON r.id = x.id
SET x.number = r.n;
ALTER TABLE objective MODIFY number BIGINT NOT NULL, ADD UNIQUE KEY uk_objective_number (workspace, number);
INSERT INTO ref_counter (workspace, kind, last_number) SELECT workspace, 'O', MAX(number) FROM objective GROUP BY workspace;

ALTER TABLE poll ADD COLUMN number BIGINT NULL;
UPDATE poll x JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY workspace ORDER BY id) AS n FROM poll) r ON r.id = x.id
SET x.number = r.n;
ALTER TABLE poll MODIFY number BIGINT NOT NULL, ADD UNIQUE KEY uk_poll_number (workspace, number);
INSERT INTO ref_counter (workspace, kind, last_number) SELECT workspace, 'P', MAX(number) FROM poll GROUP BY workspace;

ALTER TABLE survey ADD COLUMN number BIGINT NULL;
UPDATE survey x JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY workspace ORDER BY id) AS n FROM survey) r ON r.id = x.id
SET x.number = r.n;
ALTER TABLE survey MODIFY number BIGINT NOT NULL, ADD UNIQUE KEY uk_survey_number (workspace, number);
INSERT INTO ref_counter (workspace, kind, last_number) SELECT workspace, 'S', MAX(number) FROM survey GROUP BY workspace;

ALTER TABLE lead ADD COLUMN number BIGINT NULL;
UPDATE lead x JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY workspace ORDER BY id) AS n FROM lead) r ON r.id = x.id
SET x.number = r.n;
ALTER TABLE lead MODIFY number BIGINT NOT NULL, ADD UNIQUE KEY uk_lead_number (workspace, number);
INSERT INTO ref_counter (workspace, kind, last_number) SELECT workspace, 'L', MAX(number) FROM lead GROUP BY workspace;

ALTER TABLE content_item ADD COLUMN number BIGINT NULL;
UPDATE content_item x JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY workspace ORDER BY id) AS n FROM content_item) r ON r.id = x.id
SET x.number = r.n;
ALTER TABLE content_item MODIFY number BIGINT NOT NULL, ADD UNIQUE KEY uk_content_item_number (workspace, number);
INSERT INTO ref_counter (workspace, kind, last_number) SELECT workspace, 'C', MAX(number) FROM content_item GROUP BY workspace;

ALTER TABLE meeting_series ADD COLUMN number BIGINT NULL;
UPDATE meeting_series x JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY workspace ORDER BY id) AS n FROM meeting_series) r ON r.id = x.id
SET x.number = r.n;
ALTER TABLE meeting_series MODIFY number BIGINT NOT NULL, ADD UNIQUE KEY uk_meeting_series_number (workspace, number);
INSERT INTO ref_counter (workspace, kind, last_number) SELECT workspace, 'M', MAX(number) FROM meeting_series GROUP BY workspace;

ALTER TABLE action_item ADD COLUMN number BIGINT NULL;
UPDATE action_item x JOIN (SELECT id, ROW_NUMBER() OVER (PARTITION BY workspace ORDER BY id) AS n FROM action_item) r ON r.id = x.id
SET x.number = r.n;
ALTER TABLE action_item MODIFY number BIGINT NOT NULL, ADD UNIQUE KEY uk_action_item_number (workspace, number);
INSERT INTO ref_counter (workspace, kind, last_number) SELECT workspace, 'A', MAX(number) FROM action_item GROUP BY workspace;

-- a key result counts in its objective's workspace
ALTER TABLE key_result ADD COLUMN number BIGINT NULL;
UPDATE key_result x JOIN (SELECT kr.id, ROW_NUMBER() OVER (PARTITION BY o.workspace ORDER BY kr.id) AS n
    FROM key_result kr JOIN objective o ON o.id = kr.objective_id) r ON r.id = x.id
SET x.number = r.n;
ALTER TABLE key_result MODIFY number BIGINT NOT NULL, ADD KEY ix_key_result_number (number);
INSERT INTO ref_counter (workspace, kind, last_number)
SELECT o.workspace, 'KR', MAX(kr.number) FROM key_result kr JOIN objective o ON o.id = kr.objective_id
GROUP BY o.workspace;
