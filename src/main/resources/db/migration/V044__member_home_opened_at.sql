-- Whether a person keeps a home page open moves onto their member row (V042's home_view): the speaker's row is read
-- for every inbound anyway, so knowing whether their home needs refreshing costs no statement of its own (issue #29).
ALTER TABLE member ADD COLUMN home_opened_at DATETIME(3) NULL;

UPDATE member m JOIN home_view h ON h.member_id = m.id SET m.home_opened_at = h.opened_at;

DROP TABLE home_view;
