-- A key result may measure itself from Baton's own records (leads handed off, posts published, …): which measure,
-- its one optional filter (source=webinar), and when it was last measured. Check-ins the measure writes are marked
-- automatic; people's own check-ins (confidence, notes) stay as they were.
ALTER TABLE key_result ADD COLUMN measure VARCHAR(60) NULL, ADD COLUMN measure_filter VARCHAR(200) NULL,
    ADD COLUMN measured_at DATETIME(3) NULL;
ALTER TABLE check_in ADD COLUMN automatic BOOLEAN NOT NULL DEFAULT FALSE;
