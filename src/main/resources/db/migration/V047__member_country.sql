-- A person's own country (ISO 3166, e.g. US) where members are spread out: its public holidays count for them
-- instead of the workspace's country's (the workspace's own days off count for everyone). NULL: the workspace's.
ALTER TABLE member ADD COLUMN country VARCHAR(2) NULL;
