package dev.baton.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** How people name days and times: a weekday is the coming one, today included while its time is ahead. */
class WhenTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** A Wednesday, at noon. */
    private static final ZonedDateTime NOON_WEDNESDAY = ZonedDateTime.of(2026, 3, 4, 12, 0, 0, 0, SHANGHAI);

    private static ZonedDateTime at(String text) {
        return When.dateTime(Args.of(text), NOON_WEDNESDAY, LocalTime.of(20, 0), "missing", "invalid");
    }

    @Test
    void aWeekdayIsTodayWhileItsTimeIsStillAhead() {
        // #30 item 19: "wed 20:00" said on Wednesday at noon is tonight, not a week later
        assertThat(at("wed 20:00")).isEqualTo(ZonedDateTime.of(2026, 3, 4, 20, 0, 0, 0, SHANGHAI));
        assertThat(at("周三 18:30")).isEqualTo(ZonedDateTime.of(2026, 3, 4, 18, 30, 0, 0, SHANGHAI));
        assertThat(at("wed")).isEqualTo(ZonedDateTime.of(2026, 3, 4, 20, 0, 0, 0, SHANGHAI)); // default time ahead
    }

    @Test
    void aWeekdayWhoseTimeHasPassedIsNextWeeks() {
        assertThat(at("wed 09:00")).isEqualTo(ZonedDateTime.of(2026, 3, 11, 9, 0, 0, 0, SHANGHAI));
        assertThat(at("wed 12:00")).isEqualTo(ZonedDateTime.of(2026, 3, 11, 12, 0, 0, 0, SHANGHAI));
        assertThat(at("thu 09:00")).isEqualTo(ZonedDateTime.of(2026, 3, 5, 9, 0, 0, 0, SHANGHAI));
        assertThat(at("tue 09:00")).isEqualTo(ZonedDateTime.of(2026, 3, 10, 9, 0, 0, 0, SHANGHAI));
    }

    @Test
    void aDayAloneCountsTodayAsItsOwn() {
        LocalDate wednesday = NOON_WEDNESDAY.toLocalDate();
        assertThat(When.date("wed", wednesday)).contains(wednesday);
        assertThat(When.date("fri", wednesday)).contains(wednesday.plusDays(2));
        assertThat(When.date("mon", wednesday)).contains(wednesday.plusDays(5));
        assertThat(When.date("someday", wednesday)).isEmpty();
    }
}
