package dev.baton.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class BusinessHoursTest {

    /** Monday to Friday, no holidays. */
    private static final java.util.function.Predicate<java.time.LocalDate> WEEKDAYS = d -> d.getDayOfWeek().getValue() <= 5;

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void fourBusinessHoursFromMondayAfternoonEndTuesdayMorningToTheMillisecond() {
        Instant start = Instant.parse("2026-03-02T07:00:00.400Z"); // Mon 15:00:00.4 in Shanghai
        assertThat(BusinessHours.after(start, 240, SHANGHAI, WEEKDAYS)).isEqualTo(Instant.parse("2026-03-03T02:00:00.400Z"));
    }

    @Test
    void eveningsAndWeekendsDoNotCount() {
        Instant fridayEvening = Instant.parse("2026-03-06T12:00:00Z"); // Fri 20:00 in Shanghai
        assertThat(BusinessHours.after(fridayEvening, 60, SHANGHAI, WEEKDAYS)).isEqualTo(Instant.parse("2026-03-09T02:00:00Z"));
        Instant saturday = Instant.parse("2026-03-07T03:00:00Z");
        assertThat(BusinessHours.after(saturday, 30, SHANGHAI, WEEKDAYS)).isEqualTo(Instant.parse("2026-03-09T01:30:00Z"));
    }

    @Test
    void aLongSlaSpansSeveralDays() {
        Instant mondayNine = Instant.parse("2026-03-02T01:00:00Z");
        assertThat(BusinessHours.after(mondayNine, 2 * 9 * 60 + 30, SHANGHAI, WEEKDAYS))
                .isEqualTo(Instant.parse("2026-03-04T01:30:00Z"));
    }
}
