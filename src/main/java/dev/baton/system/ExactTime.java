package dev.baton.system;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * An instant as a statement parameter that keeps its milliseconds on every server Baton supports.
 *
 * <p>MySQL Connector/J sends a {@code Timestamp} (or any {@code java.time} value) without its fraction of a second to
 * MariaDB 10.x: the server introduces itself as {@code 5.5.5-10.x}, and the driver takes that for MySQL 5.5, which
 * had no fractional seconds. For most columns a second is fine, but the outbox's pace (a message a second per
 * channel, 50 ms per workspace) and its short waits were rounded down to the second, so the workspace's pace was not
 * kept and waiting messages were claimed again at once (BENCHMARKS.md, section 3). As text in the session's zone,
 * which is UTC ({@code forceConnectionTimeZoneToSession}), the server reads the milliseconds itself.
 */
public final class ExactTime {

    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private ExactTime() {
    }

    public static String of(Instant at) {
        return TEXT.format(at);
    }
}
