-- A department's own days off and workdays (#34: a calendar per workspace, overridable per department): '' is the
-- whole workspace's entry, a department's key its own, which wins for that department's people.
ALTER TABLE calendar_day ADD COLUMN department VARCHAR(50) NOT NULL DEFAULT '';
ALTER TABLE calendar_day DROP PRIMARY KEY, ADD PRIMARY KEY (workspace, department, day);
