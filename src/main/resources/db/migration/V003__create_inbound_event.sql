-- Platforms redeliver events they think we missed; the first delivery of an id wins, later ones do nothing.
CREATE TABLE inbound_event (
    event_key   VARCHAR(200) NOT NULL PRIMARY KEY,
    received_at DATETIME(3)  NOT NULL,
    KEY ix_inbound_event_received (received_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
