-- Who takes part in a meeting series, in the order roles rotate.
CREATE TABLE meeting_participant (
    series_id  BIGINT NOT NULL,
    position   INT    NOT NULL,
    member_id  BIGINT NOT NULL,
    PRIMARY KEY (series_id, position),
    UNIQUE KEY uk_meeting_participant_member (series_id, member_id),
    KEY ix_meeting_participant_member (member_id),
    CONSTRAINT fk_meeting_participant_series FOREIGN KEY (series_id) REFERENCES meeting_series (id)
        ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
