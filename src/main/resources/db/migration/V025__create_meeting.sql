-- One occurrence of a series, with its roles, its agenda items and decisions (children) and where its agenda and
-- minutes stand. An occurrence is created when the previous one's minutes are published.
CREATE TABLE meeting (
    id                    BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    series_id             BIGINT       NOT NULL,
    seq                   INT          NOT NULL,
    starts_at             DATETIME(3)  NOT NULL,
    ends_at               DATETIME(3)  NOT NULL,
    host_id               BIGINT       NOT NULL,
    recorder_id           BIGINT       NOT NULL,
    timekeeper_id         BIGINT       NOT NULL,
    agenda_published_at   DATETIME(3)  NULL,
    minutes_published_at  DATETIME(3)  NULL,
    minutes_late          BOOLEAN      NOT NULL DEFAULT FALSE,
    cancelled             BOOLEAN      NOT NULL DEFAULT FALSE,
    version               INT          NOT NULL,
    UNIQUE KEY uk_meeting_series_seq (series_id, seq),
    KEY ix_meeting_starts (starts_at),
    CONSTRAINT fk_meeting_series FOREIGN KEY (series_id) REFERENCES meeting_series (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
