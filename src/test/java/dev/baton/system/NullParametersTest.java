package dev.baton.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.BatonTestSupport;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.SpringProperties;

/**
 * Null statement parameters are sent typed as NULL without asking the driver first (spring.properties): every
 * column type Baton writes nulls into takes them on the real server, and reads back as null.
 */
class NullParametersTest extends BatonTestSupport {

    @AfterEach
    void drop() {
        jdbc.sql("DROP TABLE IF EXISTS null_probe").update();
    }

    @Test
    void nullsOfEveryColumnTypeAreWrittenWithoutAskingTheDriverForTheirType() {
        assertThat(SpringProperties.getFlag("spring.jdbc.getParameterType.ignore")).isTrue();
        jdbc.sql("""
                CREATE TABLE null_probe (id BIGINT PRIMARY KEY, text_value VARCHAR(100), long_text TEXT,
                    number_value INT, amount DECIMAL(12, 2), at_time DATETIME(3), on_day DATE, flag BOOLEAN)""")
                .update();
        jdbc.sql("INSERT INTO null_probe VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(1L, null, null, null, null, null, null, null).update();
        jdbc.sql("INSERT INTO null_probe VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(2L, "x", "y", 3, new BigDecimal("4.50"), Timestamp.valueOf("2026-03-02 01:00:00"),
                        java.sql.Date.valueOf("2026-03-02"), true).update();
        // and a null in a WHERE clause's comparison matches nothing, as SQL says
        assertThat(jdbc.sql("SELECT COUNT(*) FROM null_probe WHERE text_value = ?").param(null).query(Long.class)
                .single()).isZero();
        Object[] first = jdbc.sql("SELECT text_value, long_text, number_value, amount, at_time, on_day, flag "
                + "FROM null_probe WHERE id = 1").query((rs, i) -> {
                    Object[] row = new Object[7];
                    for (int c = 0; c < 7; c++) {
                        row[c] = rs.getObject(c + 1);
                    }
                    return row;
                }).single();
        assertThat(Arrays.asList(first)).containsOnlyNulls().hasSize(7);
        assertThat(jdbc.sql("SELECT amount FROM null_probe WHERE id = 2").query(BigDecimal.class).single())
                .isEqualByComparingTo("4.5");
    }
}
