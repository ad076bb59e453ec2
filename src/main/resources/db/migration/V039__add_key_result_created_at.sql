-- When a key result was made: the weekly digest does not list one made the day before as "no check-in for a week".
-- Key results made before this column existed keep NULL (treated as old enough).
ALTER TABLE key_result ADD COLUMN created_at DATETIME(3) NULL;
