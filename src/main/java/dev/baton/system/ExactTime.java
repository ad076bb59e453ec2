package dev.baton.system;

import com.mysql.cj.jdbc.JdbcConnection;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Calendar;
import java.util.Optional;
import java.util.TimeZone;

/**
 * Times bound as statement parameters keep their milliseconds on every server Baton supports.
 *
 * <p>MySQL Connector/J sends a {@code Timestamp} (or any {@code java.time} value) without its fraction of a second to
 * MariaDB 10.x: the server introduces itself as {@code 5.5.5-10.x}, and the driver takes that for MySQL 5.5, which had
 * no fractional seconds. Every time Baton wrote there was rounded down to the second: the outbox's pace (50 ms per
 * workspace) was not kept, a held answer's wait, a lead's SLA and a job's due time lost their milliseconds, and the
 * same code kept them on MySQL 8 and MariaDB 11 (BENCHMARKS.md, section 3).
 *
 * <p>On such a connection {@link #keeping} wraps each prepared statement so that a time is bound as text, written in
 * the session's zone as the driver itself would convert it; the server then reads the fraction itself. Every time
 * column is {@code DATETIME(3)}, so the text carries milliseconds. On a server whose fractions the driver sends,
 * statements are left alone.
 */
public final class ExactTime {

    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private ExactTime() {
    }

    /**
     * The zone the driver writes times in on this connection, when it would drop their fractions there; empty when
     * it keeps them (or the connection is not Connector/J's), so statements need no wrapping.
     */
    public static Optional<ZoneId> needed(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)) {
            return Optional.empty();
        }
        var server = connection.unwrap(JdbcConnection.class).getSession().getServerSession();
        if (server.getCapabilities().serverSupportsFracSecs()) {
            return Optional.empty();
        }
        TimeZone zone = server.getSessionTimeZone();
        return Optional.of(zone == null ? ZoneOffset.UTC : zone.toZoneId());
    }

    /** {@code statement}, binding times as text in {@code sessionZone}. */
    public static PreparedStatement keeping(PreparedStatement statement, ZoneId sessionZone) {
        return Delegation.proxy(PreparedStatement.class, new Binding(statement, sessionZone));
    }

    /** The text a time is bound as, or null when {@code value} is not a time with a time of day. */
    static String text(Object value, ZoneId sessionZone) {
        if (value instanceof Timestamp t) {
            return text(t.toInstant(), sessionZone);
        }
        if (value instanceof Instant i) {
            return text(i, sessionZone);
        }
        if (value instanceof OffsetDateTime o) {
            return text(o.toInstant(), sessionZone);
        }
        if (value instanceof ZonedDateTime z) {
            return text(z.toInstant(), sessionZone);
        }
        if (value instanceof LocalDateTime l) {
            // the driver sends a local date-time as it is, in no zone
            return text(l);
        }
        return null;
    }

    private static String text(Instant at, ZoneId zone) {
        return text(LocalDateTime.ofInstant(at, zone));
    }

    /**
     * {@code yyyy-MM-dd HH:mm:ss.SSS}, written out by hand: a statement binds a few times, and a
     * {@link DateTimeFormatter} took as long as the proxy around the statement (a profile at 200 clients).
     */
    static String text(LocalDateTime t) {
        int year = t.getYear();
        if (year < 1000 || year > 9999) {
            return TEXT.format(t);
        }
        char[] c = "0000-00-00 00:00:00.000".toCharArray();
        digits(c, 0, 4, year);
        digits(c, 5, 2, t.getMonthValue());
        digits(c, 8, 2, t.getDayOfMonth());
        digits(c, 11, 2, t.getHour());
        digits(c, 14, 2, t.getMinute());
        digits(c, 17, 2, t.getSecond());
        digits(c, 20, 3, t.getNano() / 1_000_000);
        return new String(c);
    }

    private static void digits(char[] into, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static final class Binding extends Delegation<PreparedStatement> {

        private final ZoneId sessionZone;

        Binding(PreparedStatement statement, ZoneId sessionZone) {
            super(statement, "ExactTime");
            this.sessionZone = sessionZone;
        }

        @Override
        protected Object handle(Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (("setTimestamp".equals(name) || "setObject".equals(name)) && args[1] != null) {
                String text = args.length == 3 && args[2] instanceof Calendar calendar && args[1] instanceof Timestamp t
                        ? text(t.toInstant(), calendar.getTimeZone().toZoneId())
                        : text(args[1], sessionZone);
                if (text != null) {
                    target.setString((Integer) args[0], text);
                    return null;
                }
            }
            return pass(method, args);
        }
    }
}
