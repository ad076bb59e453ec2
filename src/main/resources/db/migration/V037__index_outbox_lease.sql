-- Held answers and claimed messages are found by the end of their hold or lease. Without this index the poll that
-- releases expired holds read (and, being an UPDATE, locked) every held row through ix_outbox_due, and request threads
-- confirming their own held answers deadlocked with it; found by the command benchmark (bench/).
CREATE INDEX ix_outbox_lease ON outbox_message (status, lease_until);
