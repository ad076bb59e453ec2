package dev.baton.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.baton.support.BatonTestSupport;
import dev.baton.support.OneConnectionPool;
import dev.baton.support.SentQueries;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Statements of a round trip go to the server as one query and come back with each one's own result. The pool here
 * has one connection and allows multi-statement queries as the application's does; {@link SentQueries} counts what
 * Connector/J sends.
 */
class RoundTripTest extends BatonTestSupport {

    @Autowired
    DataSourceProperties database;

    HikariDataSource pool;
    JdbcTemplate counted;
    TransactionTemplate transaction;

    @BeforeEach
    void countingPool() {
        jdbc.sql("CREATE TABLE IF NOT EXISTS trip_probe (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) "
                + "NOT NULL UNIQUE, note VARCHAR(40), at DATETIME(3))").update();
        pool = OneConnectionPool.to(database, Map.of("allowMultiQueries", "true", "queryInterceptors",
                SentQueries.class.getName()));
        DeferredAutoCommit dataSource = DeferredAutoCommit.over(pool);
        counted = new JdbcTemplate(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        counted.queryForObject("SELECT 1", Integer.class); // the connection's own set-up is done
    }

    @AfterEach
    void drop() {
        pool.close();
        jdbc.sql("DROP TABLE IF EXISTS trip_probe").update();
    }

    @Test
    void updatesKeysAndRowsComeBackFromOneQuery() throws Exception {
        counted.update("INSERT INTO trip_probe (name) VALUES ('old')");
        Instant at = Instant.parse("2026-12-02T08:30:00.250Z");
        RoundTrip trip = RoundTrip.on(counted);
        RoundTrip.Count renamed = trip.update("UPDATE trip_probe SET note = ? WHERE name = ?", "seen", "old");
        RoundTrip.Count none = trip.update("UPDATE trip_probe SET note = ? WHERE name = ?", "seen", "nobody");
        RoundTrip.Key key = trip.insert("INSERT INTO trip_probe (name, note, at) VALUES (?, ?, ?)", "new", null,
                Timestamp.from(at));
        RoundTrip.Rows<String> rows = trip.query("SELECT CONCAT(name, '/', COALESCE(note, '-')) FROM trip_probe "
                + "ORDER BY id", (rs, i) -> rs.getString(1));
        RoundTrip.Rows<Instant> when = trip.query("SELECT at FROM trip_probe WHERE name = ?",
                (rs, i) -> rs.getTimestamp(1).toInstant(), "new");

        List<String> sent = SentQueries.during(thisThread(), () -> transaction.executeWithoutResult(s -> trip.run()));

        assertThat(sent).as("one query for all five statements and the key, then the commit").hasSize(2);
        assertThat(sent.get(0)).startsWith("UPDATE").contains("SELECT LAST_INSERT_ID()");
        assertThat(renamed.get()).isEqualTo(1);
        assertThat(none.get()).isZero();
        assertThat(key.get()).isEqualTo(jdbc.sql("SELECT id FROM trip_probe WHERE name = 'new'").query(Long.class)
                .single());
        assertThat(rows.list()).as("read after the writes before it").containsExactly("old/seen", "new/-");
        assertThat(when.optional()).contains(at);
    }

    @Test
    void theFirstFailingStatementStopsTheTripAndIsTranslatedLikeAnyOther() {
        counted.update("INSERT INTO trip_probe (name) VALUES ('taken')");
        RoundTrip trip = RoundTrip.on(counted);
        RoundTrip.Count first = trip.update("INSERT INTO trip_probe (name) VALUES (?)", "first");
        trip.update("INSERT INTO trip_probe (name) VALUES (?)", "taken");
        trip.update("INSERT INTO trip_probe (name) VALUES (?)", "after");

        assertThatThrownBy(trip::run).isInstanceOf(DuplicateKeyException.class);

        assertThat(jdbc.sql("SELECT name FROM trip_probe ORDER BY id").query(String.class).list())
                .as("outside a transaction each statement commits by itself; the one after the failure never ran")
                .containsExactly("taken", "first");
        assertThatThrownBy(first::get).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void inATransactionTheTripCommitsOrRollsBackWithIt() {
        transaction.executeWithoutResult(status -> {
            RoundTrip trip = RoundTrip.on(counted);
            trip.update("INSERT INTO trip_probe (name) VALUES (?)", "kept");
            trip.run();
        });
        transaction.executeWithoutResult(status -> {
            RoundTrip trip = RoundTrip.on(counted);
            trip.update("INSERT INTO trip_probe (name) VALUES (?)", "undone");
            RoundTrip.Rows<Long> count = trip.query("SELECT COUNT(*) FROM trip_probe", (rs, i) -> rs.getLong(1));
            trip.run();
            assertThat(count.optional()).as("its own uncommitted row included").contains(2L);
            status.setRollbackOnly();
        });
        assertThat(jdbc.sql("SELECT name FROM trip_probe").query(String.class).list()).containsExactly("kept");
    }

    @Test
    void aStepIsOneStatementAndATripRunsOnce() throws Exception {
        RoundTrip trip = RoundTrip.on(counted);
        assertThatThrownBy(() -> trip.update("DELETE FROM trip_probe; DROP TABLE trip_probe"))
                .isInstanceOf(InvalidDataAccessApiUsageException.class);
        RoundTrip.Rows<Long> ids = trip.query("SELECT id FROM trip_probe", (rs, i) -> rs.getLong(1));
        assertThatThrownBy(ids::list).as("read before it ran").isInstanceOf(IllegalStateException.class);
        trip.run();
        assertThat(ids.list()).isEmpty();
        assertThatThrownBy(trip::run).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> trip.update("DELETE FROM trip_probe")).isInstanceOf(IllegalStateException.class);
        assertThat(SentQueries.during(thisThread(), () -> RoundTrip.on(counted).run())).as("an empty trip sends nothing")
                .isEmpty();
    }

    @Test
    void aStepExpectingRowsRefusesAnUpdateAndTheOtherWayRound() {
        counted.update("INSERT INTO trip_probe (name) VALUES ('a'), ('b')");
        RoundTrip wrong = RoundTrip.on(counted);
        wrong.query("UPDATE trip_probe SET note = 'x'", (rs, i) -> rs.getLong(1));
        assertThatThrownBy(wrong::run).isInstanceOf(InvalidDataAccessApiUsageException.class);
        RoundTrip two = RoundTrip.on(counted);
        RoundTrip.Rows<Long> ids = two.query("SELECT id FROM trip_probe", (rs, i) -> rs.getLong(1));
        two.run();
        assertThatThrownBy(ids::optional).isInstanceOf(IncorrectResultSizeDataAccessException.class);
        assertThat(ids.list()).hasSize(2);
    }

    private static Predicate<Thread> thisThread() {
        Thread test = Thread.currentThread();
        return t -> t == test;
    }
}
