-- One row per choice. voter is the member's id for a named poll and a keyed hash (HMAC with a key that is not in
-- the database) for an anonymous one, where member_id stays NULL; the table has no timestamps or auto-increment
-- ids, so rows carry no order that could be matched against who clicked when. Single choice uses slot 0 (one row
-- per voter, replaced on change); multiple choice uses the option's position as the slot.
CREATE TABLE poll_ballot (
    poll_id    BIGINT      NOT NULL,
    voter      VARCHAR(64) NOT NULL,
    slot       INT         NOT NULL,
    choice     INT         NOT NULL,
    member_id  BIGINT      NULL,
    PRIMARY KEY (poll_id, voter, slot),
    KEY ix_poll_ballot_choice (poll_id, choice)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
