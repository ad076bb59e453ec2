package dev.baton.support;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;

/**
 * A pool of one connection to the test database, apart from the application's: every borrowing gets the same
 * session, so a test can read that session's counters or count what its driver sent.
 */
public final class OneConnectionPool {

    private OneConnectionPool() {
    }

    /** Not started yet; {@code driverProperties} are Connector/J's, added to its defaults. */
    public static HikariDataSource to(DataSourceProperties database, Map<String, String> driverProperties) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(database.getUrl());
        pool.setUsername(database.getUsername());
        pool.setPassword(database.getPassword());
        pool.setMaximumPoolSize(1);
        driverProperties.forEach(pool::addDataSourceProperty);
        return pool;
    }
}
