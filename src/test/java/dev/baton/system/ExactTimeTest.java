package dev.baton.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.baton.support.BatonTestSupport;
import dev.baton.support.OneConnectionPool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.LocalDate;
import java.util.Calendar;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.data.relational.core.mapping.Table;

/**
 * Times keep their milliseconds however they are bound, on every server (on MariaDB 10.x, where Connector/J drops
 * them, through {@link ExactTime}), and a time bound as text lands where the driver would have put it.
 */
class ExactTimeTest extends BatonTestSupport {

    static final Instant AT = Instant.parse("2026-12-02T03:04:05.678Z");

    @Autowired
    JdbcAggregateTemplate aggregates;

    @Autowired
    DataSourceProperties database;

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

    @Test
    void aTimeBoundAsTextLandsWhereTheDriverWouldHavePutItInAnyZone() throws Exception {
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        try (HikariDataSource pool = OneConnectionPool.to(database, Map.of("connectionTimeZone", "+08:00",
                "forceConnectionTimeZoneToSession", "true"));
                Connection connection = pool.getConnection()) {
            Calendar newYork = Calendar.getInstance(TimeZone.getTimeZone("America/New_York"));
            Object[] values = {AT, Timestamp.from(AT), AT.atOffset(ZoneOffset.ofHours(-3)),
                    LocalDateTime.of(2026, 12, 2, 3, 4, 5, 678_000_000)};
            for (Object value : values) {
                insert(connection, value, null, false);
                insert(connection, value, null, true);
            }
            insert(connection, Timestamp.from(AT), newYork, false);
            insert(connection, Timestamp.from(AT), newYork, true);

            try (PreparedStatement read = connection.prepareStatement(
                    "SELECT DATE_FORMAT(at, '%Y-%m-%d %H:%i:%s.%f') FROM time_probe ORDER BY id");
                    ResultSet rows = read.executeQuery()) {
                for (int pair = 0; pair < values.length + 1; pair++) {
                    rows.next();
                    String byTheDriver = rows.getString(1);
                    rows.next();
                    String asText = rows.getString(1);
                    assertThat(asText).as("value %d, as text", pair).endsWith(".678000");
                    assertThat(asText.substring(0, 19)).as("value %d, to the second", pair)
                            .isEqualTo(byTheDriver.substring(0, 19));
                }
            }
        }
        assertThat(ExactTime.text(AT, shanghai)).isEqualTo("2026-12-02 11:04:05.678");
    }

    @Test
    void onlyTimesAreBoundAsTextAndTheTextIsTheServersOwnFormat() {
        assertThat(ExactTime.text("2026-12-02", ZoneOffset.UTC)).isNull();
        assertThat(ExactTime.text(LocalDate.of(2026, 12, 2), ZoneOffset.UTC)).isNull();
        assertThat(ExactTime.text(42L, ZoneOffset.UTC)).isNull();
        DateTimeFormatter server = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
        for (LocalDateTime t : new LocalDateTime[] {LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6_000_000),
                LocalDateTime.of(1970, 1, 1, 0, 0, 1), LocalDateTime.of(2026, 12, 31, 23, 59, 59, 999_999_999),
                LocalDateTime.of(999, 5, 6, 7, 8, 9), LocalDateTime.of(10_000, 1, 1, 0, 0)}) {
            assertThat(ExactTime.text(t)).isEqualTo(server.format(t));
        }
    }

    private static void insert(Connection connection, Object value, Calendar calendar, boolean asText)
            throws Exception {
        PreparedStatement raw = connection.prepareStatement("INSERT INTO time_probe (at) VALUES (?)");
        try (PreparedStatement statement = asText
                ? ExactTime.keeping(raw, ExactTime.needed(connection).orElse(ZoneOffset.ofHours(8))) : raw) {
            if (calendar != null) {
                statement.setTimestamp(1, (Timestamp) value, calendar);
            } else {
                statement.setObject(1, value);
            }
            statement.executeUpdate();
        }
    }
}
