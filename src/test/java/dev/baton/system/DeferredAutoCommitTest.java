package dev.baton.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.baton.support.BatonTestSupport;
import dev.baton.support.OneConnectionPool;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transactions send no {@code SET autocommit}, and work outside a transaction still commits by itself. The pool of
 * most tests here has one connection, so every borrowing gets the same session and its counters can be read.
 */
class DeferredAutoCommitTest extends BatonTestSupport {

    @Autowired
    DataSource applicationDataSource;

    @Autowired
    DataSourceProperties database;

    HikariDataSource pool;
    DataSource oneConnection;
    JdbcClient single;
    TransactionTemplate transaction;

    @BeforeEach
    void onePooledConnection() {
        jdbc.sql("CREATE TABLE IF NOT EXISTS commit_probe (id BIGINT PRIMARY KEY)").update();
        pool = OneConnectionPool.to(database, Map.of());
        oneConnection = DeferredAutoCommit.over(pool);
        single = JdbcClient.create(oneConnection);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(oneConnection));
    }

    @AfterEach
    void drop() {
        pool.close();
        jdbc.sql("DROP TABLE IF EXISTS commit_probe").update();
    }

    @Test
    void theApplicationsPoolIsWrappedAndKeepsItsConnectionsInManualCommit() throws Exception {
        assertThat(applicationDataSource).isInstanceOf(DeferredAutoCommit.class);
        assertThat(applicationDataSource.unwrap(HikariDataSource.class).isAutoCommit()).isFalse();
        try (Connection borrowed = applicationDataSource.getConnection()) {
            assertThat(borrowed.getAutoCommit()).as("what JDBC promises a new connection").isTrue();
            assertThat(borrowed.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getAutoCommit()).isFalse();
        }
    }

    @Test
    void transactionsSendNoSetAutocommitAndTheirWorkIsCommitted() {
        single.sql("SELECT 1").query(Integer.class).single(); // the connection's own set-up is done
        long before = setStatements();
        for (long id = 1; id <= 5; id++) {
            long row = id;
            transaction.executeWithoutResult(s -> single.sql("INSERT INTO commit_probe VALUES (?)").param(row)
                    .update());
        }
        assertThat(setStatements()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM commit_probe").query(Long.class).single())
                .as("seen from another connection").isEqualTo(5);
    }

    @Test
    void aRolledBackTransactionLeavesNothingEvenAfterWorkOutsideATransactionOnTheSameConnection() {
        single.sql("INSERT INTO commit_probe VALUES (1)").update();
        transaction.executeWithoutResult(s -> {
            single.sql("INSERT INTO commit_probe VALUES (2)").update();
            s.setRollbackOnly();
        });
        single.sql("INSERT INTO commit_probe VALUES (3)").update();
        assertThat(jdbc.sql("SELECT id FROM commit_probe ORDER BY id").query(Long.class).list()).containsExactly(1L,
                3L);
    }

    @Test
    void workOutsideATransactionIsCommittedStatementByStatement() throws Exception {
        single.sql("INSERT INTO commit_probe VALUES (1)").update();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM commit_probe").query(Long.class).single()).isEqualTo(1);
        try (Connection c = oneConnection.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO commit_probe VALUES (2)");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM commit_probe").query(Long.class).single())
                    .as("committed before the connection is given back").isEqualTo(2);
            assertThatThrownBy(c::commit).as("JDBC: no commit in auto-commit mode")
                    .isInstanceOf(java.sql.SQLException.class);
        }
    }

    @Test
    void readsOutsideATransactionSeeWhatOthersCommittedSince() {
        assertThat(single.sql("SELECT COUNT(*) FROM commit_probe").query(Long.class).single()).isZero();
        jdbc.sql("INSERT INTO commit_probe VALUES (1)").update();
        assertThat(single.sql("SELECT COUNT(*) FROM commit_probe").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void switchingAutoCommitBackOnCommitsWhatWasDoneSince() throws Exception {
        try (Connection c = oneConnection.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO commit_probe VALUES (1)");
            }
            assertThat(jdbc.sql("SELECT COUNT(*) FROM commit_probe").query(Long.class).single()).isZero();
            c.setAutoCommit(true);
            assertThat(c.getAutoCommit()).isTrue();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM commit_probe").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void uncommittedWorkIsRolledBackWhenTheConnectionIsGivenBack() throws Exception {
        try (Connection c = oneConnection.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO commit_probe VALUES (1)");
            }
        }
        single.sql("INSERT INTO commit_probe VALUES (2)").update();
        assertThat(jdbc.sql("SELECT id FROM commit_probe").query(Long.class).list()).containsExactly(2L);
    }

    @Test
    void aConnectionIsEqualOnlyToItself() throws Exception {
        try (Connection a = oneConnection.getConnection()) {
            assertThat(a).isEqualTo(a).hasSameHashCodeAs(a);
        }
        try (Connection a = oneConnection.getConnection(); Connection b = applicationDataSource.getConnection()) {
            assertThat(a).isNotEqualTo(b);
        }
    }

    /** SET statements this session has run; only a transaction reads them, which sends none itself. */
    private long setStatements() {
        return transaction.execute(s -> single.sql("SHOW SESSION STATUS LIKE 'Com_set_option'")
                .query((rs, i) -> rs.getLong(2)).single());
    }
}
