package dev.baton.system;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;

/**
 * Statements that do not depend on each other's results, sent to the database together and answered together: one
 * round trip instead of one each (a multi-statement query; Connector/J's {@code allowMultiQueries}).
 *
 * <p>On the benchmark machine half of the CPU time of both Baton and the database server under the command load went
 * to the kernel, most of it switching threads: every statement wakes a server thread to read it and the request
 * thread again to read the answer (BENCHMARKS.md). The statements' own work is the same either way.
 *
 * <p>The statements run in order on the current transaction's connection (or on their own connection, committed
 * statement by statement, outside one). The first that fails stops the rest, which the database then does not run,
 * and {@link #run()} throws it translated as any other statement's failure would be, deadlocks and duplicate keys
 * included. Results are read through the handles the builder methods return, once {@link #run()} has returned.
 */
public final class RoundTrip {

    private final JdbcOperations jdbc;
    private final List<Step> steps = new ArrayList<>();
    private boolean ran;

    private RoundTrip(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    public static RoundTrip on(JdbcOperations jdbc) {
        return new RoundTrip(jdbc);
    }

    /** An INSERT, UPDATE or DELETE; its handle gives the rows it changed. */
    public Count update(String sql, Object... params) {
        Count count = new Count();
        add(sql, params, count);
        return count;
    }

    /**
     * An INSERT of one row into a table with an auto-increment key; its handle gives the key, asked for in the same
     * trip. Not for {@code INSERT IGNORE}: an ignored row generates no key.
     */
    public Key insert(String sql, Object... params) {
        add(sql, params, new Count());
        Key key = new Key();
        add("SELECT LAST_INSERT_ID()", new Object[0], key);
        return key;
    }

    /** A SELECT; its handle gives the rows mapped in order. */
    public <T> Rows<T> query(String sql, RowMapper<T> mapper, Object... params) {
        Rows<T> rows = new Rows<>(mapper);
        add(sql, params, rows);
        return rows;
    }

    /**
     * {@code each} {@code count} times, separated by commas: the place-holders of an {@code IN (…)} list ({@code "?"})
     * or the rows of a multi-row insert ({@code "(?, ?)"}).
     */
    public static String repeated(String each, int count) {
        return String.join(", ", Collections.nCopies(count, each));
    }

    private void add(String sql, Object[] params, Result result) {
        if (ran) {
            throw new IllegalStateException("This round trip has run");
        }
        String text = sql.strip();
        if (text.indexOf(';') >= 0) {
            // one statement per step: a separator inside one would shift every result after it
            throw new InvalidDataAccessApiUsageException("One statement per step, without ';': " + text);
        }
        steps.add(new Step(text, params.clone(), result));
    }

    /** Sends every statement at once and reads every answer; an empty trip sends nothing. */
    public void run() {
        if (ran) {
            throw new IllegalStateException("This round trip has run");
        }
        ran = true;
        if (steps.isEmpty()) {
            return;
        }
        String sql = String.join(";\n", steps.stream().map(Step::sql).toList());
        jdbc.execute((ConnectionCallback<Void>) con -> {
            try (PreparedStatement ps = con.prepareStatement(sql)) {
                int index = 1;
                for (Step step : steps) {
                    for (Object param : step.params()) {
                        if (param == null) {
                            // Spring would ask the driver for the parameter's type and then build a new
                            // DatabaseMetaData to learn the database's name, for each null (BENCHMARKS.md)
                            ps.setNull(index++, Types.NULL);
                        } else {
                            StatementCreatorUtils.setParameterValue(ps, index++, SqlTypeValue.TYPE_UNKNOWN, param);
                        }
                    }
                }
                boolean resultSet = ps.execute();
                for (int i = 0; i < steps.size(); i++) {
                    Step step = steps.get(i);
                    if (i > 0) {
                        resultSet = ps.getMoreResults();
                    }
                    if (resultSet) {
                        try (ResultSet rs = ps.getResultSet()) {
                            step.result().rows(rs, step.sql());
                        }
                    } else {
                        step.result().count(ps.getUpdateCount(), step.sql());
                    }
                }
            }
            return null;
        });
    }

    private record Step(String sql, Object[] params, Result result) {
    }

    private abstract static sealed class Result permits Count, Key, Rows {
        boolean done;

        void rows(ResultSet rs, String sql) throws SQLException {
            throw new InvalidDataAccessApiUsageException("Rows came back for a statement that changes rows: " + sql);
        }

        void count(int count, String sql) {
            throw new InvalidDataAccessApiUsageException("No rows came back for a query: " + sql);
        }

        void requireDone() {
            if (!done) {
                throw new IllegalStateException("The round trip has not run yet");
            }
        }
    }

    /** How many rows an update changed. */
    public static final class Count extends Result {
        private int count;

        @Override
        void count(int count, String sql) {
            this.count = count;
            done = true;
        }

        public int get() {
            requireDone();
            return count;
        }
    }

    /** The key an insert generated. */
    public static final class Key extends Result {
        private long key;

        @Override
        void rows(ResultSet rs, String sql) throws SQLException {
            if (!rs.next()) {
                throw new InvalidDataAccessApiUsageException("No generated key after " + sql);
            }
            key = rs.getLong(1);
            done = true;
        }

        public long get() {
            requireDone();
            return key;
        }
    }

    /** The rows a query found. */
    public static final class Rows<T> extends Result {
        private final RowMapper<T> mapper;
        private final List<T> rows = new ArrayList<>();

        private Rows(RowMapper<T> mapper) {
            this.mapper = mapper;
        }

        @Override
        void rows(ResultSet rs, String sql) throws SQLException {
            int n = 0;
            while (rs.next()) {
                rows.add(mapper.mapRow(rs, n++));
            }
            done = true;
        }

        public List<T> list() {
            requireDone();
            return List.copyOf(rows);
        }

        public Optional<T> optional() {
            requireDone();
            if (rows.size() > 1) {
                throw new IncorrectResultSizeDataAccessException(1, rows.size());
            }
            return rows.stream().findFirst();
        }
    }
}
