-- A workspace's own days off and extra workdays (an annual party, a company holiday, a make-up Saturday), on top of
-- the country's official arrangements; the workspace's entry wins over the country's for that day.
CREATE TABLE calendar_day (
    workspace VARCHAR(100) NOT NULL,
    day       DATE         NOT NULL,
    kind      VARCHAR(10)  NOT NULL,
    name      VARCHAR(100) NOT NULL,
    PRIMARY KEY (workspace, day)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
