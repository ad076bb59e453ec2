-- A department's own country (a sales office abroad): its public holidays count for the department's people who
-- have set none of their own. NULL: the workspace's.
ALTER TABLE department ADD COLUMN country VARCHAR(2) NULL;
