package dev.baton.system;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Pooled connections stay in manual-commit mode, and a borrowed connection switches to auto-commit only when it is
 * actually used that way.
 *
 * <p>Spring begins a transaction by switching auto-commit off and ends it by switching it back on: two {@code SET
 * autocommit} statements, 2.2 of a check-in's 11.6 statements (BENCHMARKS.md). Here the pool keeps its connections
 * with auto-commit off, and each borrowed connection starts out <em>saying</em> auto-commit is on, as JDBC promises.
 * Switching it off (a transaction beginning) costs nothing when the connection already is off, and switching it back
 * on (the transaction ending) only records the wish. The connection is really switched on when a statement is made
 * in auto-commit mode, that is by code working outside a transaction; the pool then switches it off again when it
 * comes back. So a transaction sends no {@code SET autocommit} at all, and work outside one still commits statement
 * by statement, whoever does it (our own statements, Flyway, the health check).
 *
 * <p>Statements are made after the mode they run in has been set, as Spring's templates and Flyway do: a statement
 * made inside a transaction and run after the connection was switched back to auto-commit would not commit.
 * Switching auto-commit on with statements run since the last commit commits them, as JDBC requires.
 *
 * <p>Where the driver would drop the fractions of times (MariaDB 10.x), the borrowed connection's prepared statements
 * bind times as exact text ({@link ExactTime}), so every caller keeps its milliseconds.
 */
public final class DeferredAutoCommit extends DelegatingDataSource {

    /** The session's zone when the server's connections need {@link ExactTime}; decided on the first borrowing. */
    private volatile Optional<ZoneId> exactTimes;

    private DeferredAutoCommit(DataSource pool) {
        super(pool);
    }

    /**
     * Wraps the application's connection pool (the pool itself or a data source wrapping it) before the pool starts.
     */
    public static BeanPostProcessor wrappingThePool() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
                try {
                    if (bean instanceof DataSource ds && !(bean instanceof DeferredAutoCommit)
                            && ds.isWrapperFor(HikariDataSource.class)
                            && !ds.unwrap(HikariDataSource.class).isRunning()) {
                        return wrap(ds, ds.unwrap(HikariDataSource.class));
                    }
                } catch (SQLException e) {
                    throw new BeanInitializationException("Cannot reach the pool inside " + beanName, e);
                }
                return bean;
            }
        };
    }

    /** {@code pool} must not be running yet: its connections are set to manual commit. */
    public static DeferredAutoCommit over(HikariDataSource pool) {
        return wrap(pool, pool);
    }

    private static DeferredAutoCommit wrap(DataSource dataSource, HikariDataSource pool) {
        pool.setAutoCommit(false);
        return new DeferredAutoCommit(dataSource);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return borrowed(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return borrowed(super.getConnection(username, password));
    }

    private Connection borrowed(Connection pooled) throws SQLException {
        Optional<ZoneId> zone = exactTimes;
        if (zone == null) {
            try {
                zone = ExactTime.needed(pooled);
            } catch (SQLException | RuntimeException e) {
                pooled.close();
                throw e;
            }
            exactTimes = zone;
        }
        return Delegation.proxy(Connection.class, new Borrowed(pooled, zone.orElse(null)));
    }

    /** One borrowing of a pooled connection: the auto-commit mode its user asked for and the one it really is in. */
    private static final class Borrowed extends Delegation<Connection> {

        /** Where prepared statements bind times as text, the session's zone; null where the driver keeps fractions. */
        private final ZoneId exactTimesIn;
        private boolean wanted = true;
        private boolean actual;
        /** Statements were made in manual-commit mode since the last commit or rollback. */
        private boolean uncommitted;

        Borrowed(Connection pooled, ZoneId exactTimesIn) throws SQLException {
            super(pooled, "DeferredAutoCommit");
            this.exactTimesIn = exactTimesIn;
            this.actual = pooled.getAutoCommit();
        }

        @Override
        protected Object handle(Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "getAutoCommit":
                    return wanted;
                case "setAutoCommit":
                    setAutoCommit((Boolean) args[0]);
                    return null;
                case "createStatement", "prepareCall":
                    apply();
                    uncommitted |= !actual;
                    break;
                case "prepareStatement":
                    apply();
                    uncommitted |= !actual;
                    PreparedStatement statement = (PreparedStatement) pass(method, args);
                    return exactTimesIn == null ? statement : ExactTime.keeping(statement, exactTimesIn);
                case "commit", "rollback":
                    apply();
                    if (args == null) {
                        uncommitted = false;
                    }
                    break;
                case "setSavepoint", "releaseSavepoint":
                    apply();
                    break;
                default:
                    break;
            }
            return pass(method, args);
        }

        private void setAutoCommit(boolean on) throws SQLException {
            if (on == wanted) {
                return;
            }
            wanted = on;
            if (!on) {
                // a connection used in auto-commit mode in this borrowing goes to manual commit at once, so nothing
                // made before the switch commits by itself afterwards
                apply();
            } else if (uncommitted) {
                target.commit();
                uncommitted = false;
            }
        }

        private void apply() throws SQLException {
            if (actual != wanted) {
                target.setAutoCommit(wanted);
                actual = wanted;
            }
        }
    }
}
