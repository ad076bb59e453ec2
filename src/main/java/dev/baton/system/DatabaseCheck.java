package dev.baton.system;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Refuses to start on a pairing that would lose the milliseconds of every stored time: MySQL Connector/J takes
 * MariaDB 10.x (which introduces itself as {@code 5.5.5-10.x}) for MySQL 5.5 and sends times without their fraction,
 * so the outbox's 50 ms pace, SLAs and due times would be rounded down to the second. MariaDB's own driver
 * ({@code jdbc:mariadb://…}) keeps them; MySQL 8 and MariaDB 11 keep them with either.
 */
@Component
class DatabaseCheck implements InitializingBean {

    private final DataSource dataSource;

    DatabaseCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String problem = problem(meta.getDriverName(), meta.getDatabaseProductVersion());
            if (problem != null) {
                throw new IllegalStateException(problem);
            }
        }
    }

    /** Why this driver and server must not be used together, or null when they may. */
    static String problem(String driverName, String serverVersion) {
        boolean connectorJ = driverName != null && driverName.startsWith("MySQL Connector");
        if (!connectorJ || serverVersion == null) {
            return null;
        }
        String version = serverVersion.startsWith("5.5.5-") ? serverVersion.substring(6) : serverVersion;
        if (!serverVersion.contains("MariaDB") || !version.matches("^10\\..*")) {
            return null;
        }
        return "MySQL Connector/J drops the milliseconds of times it sends to MariaDB " + version
                + "; use MariaDB's driver: set BATON_DB_URL to jdbc:mariadb://host:3306/baton";
    }
}
