package dev.baton.lead;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** Working time in a person's own zone: Monday to Friday, 09:00 to 18:00. SLAs count only these minutes. */
final class BusinessHours {

    static final LocalTime OPEN = LocalTime.of(9, 0);
    static final LocalTime CLOSE = LocalTime.of(18, 0);

    private BusinessHours() {
    }

    /** The instant {@code minutes} business minutes after {@code start}, in {@code zone}'s working hours. */
    static Instant after(Instant start, int minutes, ZoneId zone) {
        ZonedDateTime t = start.atZone(zone);
        long left = minutes;
        while (true) {
            t = nextOpen(t);
            ZonedDateTime close = t.with(CLOSE);
            long available = Duration.between(t, close).toMinutes();
            if (left <= available) {
                return t.plusMinutes(left).toInstant();
            }
            left -= available;
            t = close;
        }
    }

    /** {@code t} itself during working hours, else the next opening. */
    private static ZonedDateTime nextOpen(ZonedDateTime t) {
        ZonedDateTime x = t;
        while (true) {
            boolean weekday = x.getDayOfWeek() != DayOfWeek.SATURDAY && x.getDayOfWeek() != DayOfWeek.SUNDAY;
            if (weekday && x.toLocalTime().isBefore(OPEN)) {
                return x.with(OPEN);
            }
            if (weekday && x.toLocalTime().isBefore(CLOSE)) {
                return x;
            }
            x = x.plusDays(1).with(OPEN);
            x = x.with(LocalTime.MIDNIGHT);
        }
    }
}
