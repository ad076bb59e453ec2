package dev.baton.lead;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.function.Predicate;

/**
 * Working time in a person's own zone: 09:00 to 18:00 on the workspace's workdays (Monday to Friday, minus public
 * holidays, plus make-up workdays: {@link dev.baton.calendar.WorkingCalendar}). SLAs count only these minutes.
 */
final class BusinessHours {

    static final LocalTime OPEN = LocalTime.of(9, 0);
    static final LocalTime CLOSE = LocalTime.of(18, 0);

    private BusinessHours() {
    }

    /** The instant {@code minutes} business minutes after {@code start}, in {@code zone}'s working hours. */
    static Instant after(Instant start, int minutes, ZoneId zone, Predicate<LocalDate> workday) {
        ZonedDateTime t = start.atZone(zone);
        // exact durations, not whole minutes: a lead handed off at 15:00:00.4 is due at 10:00:00.4, not 10:01
        Duration left = Duration.ofMinutes(minutes);
        while (true) {
            t = nextOpen(t, workday);
            ZonedDateTime close = t.with(CLOSE);
            Duration available = Duration.between(t, close);
            if (left.compareTo(available) <= 0) {
                return t.plus(left).toInstant();
            }
            left = left.minus(available);
            t = close;
        }
    }

    /** {@code t} itself during working hours, else the next opening. */
    private static ZonedDateTime nextOpen(ZonedDateTime t, Predicate<LocalDate> workday) {
        ZonedDateTime x = t;
        while (true) {
            boolean weekday = workday.test(x.toLocalDate());
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
