package dev.baton.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.BatonTestSupport;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.data.relational.core.mapping.Table;

/**
 * Times keep their milliseconds however they are bound, on every server the suite runs on: MySQL 8 and MariaDB 11
 * through Connector/J, MariaDB 10.x through its own driver ({@code jdbc:mariadb:}; see {@link DatabaseCheck}).
 */
class MillisecondsTest extends BatonTestSupport {

    static final Instant AT = Instant.parse("2026-12-02T03:04:05.678Z");

    @Autowired
    JdbcAggregateTemplate aggregates;

    @Table("time_probe")
    record Probe(@Id Long id, Instant at) {
    }

    @BeforeEach
    void probeTable() {
        jdbc.sql("CREATE TABLE IF NOT EXISTS time_probe (id BIGINT AUTO_INCREMENT PRIMARY KEY, at DATETIME(3))")
                .update();
        jdbc.sql("DELETE FROM time_probe").update();
    }

    @AfterEach
    void drop() {
        jdbc.sql("DROP TABLE IF EXISTS time_probe").update();
    }

    @Test
    void timesKeepTheirMillisecondsHoweverTheApplicationBindsThem() {
        Object[] values = {AT, Timestamp.from(AT), AT.atOffset(ZoneOffset.ofHours(8)), AT.atZone(ZoneId.of("Asia/Shanghai")),
                LocalDateTime.ofInstant(AT, ZoneOffset.UTC)};
        for (Object value : values) {
            jdbc.sql("INSERT INTO time_probe (at) VALUES (?)").param(value).update();
        }
        aggregates.insert(new Probe(null, AT));

        assertThat(jdbc.sql("SELECT DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f') FROM time_probe ORDER BY id")
                .query(String.class).list())
                .as("in the session's zone, UTC, with milliseconds")
                .hasSize(values.length + 1)
                .containsOnly("2026-12-02 03:04:05.678000");
        assertThat(aggregates.findAll(Probe.class)).extracting(Probe::at).containsOnly(AT);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM time_probe WHERE at > ?").param(AT.minusMillis(1))
                .query(Long.class).single()).as("compared with its milliseconds").isEqualTo(values.length + 1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM time_probe WHERE at > ?").param(AT).query(Long.class).single())
                .isZero();
    }
}
