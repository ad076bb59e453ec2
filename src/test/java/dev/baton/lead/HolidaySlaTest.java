package dev.baton.lead;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.calendar.WorkingCalendar;
import dev.baton.support.BatonTestSupport;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * #34: lead SLAs count business hours on the workspace's workdays — mainland China's official 2026 arrangement
 * (Spring Festival 15–23 Feb off, Saturday 14 Feb a make-up workday) and the workspace's own days.
 */
class HolidaySlaTest extends BatonTestSupport {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String WORKSPACE = "slack:" + TEAM;

    @Autowired
    private WorkingCalendar calendar;

    @BeforeEach
    void clean() {
        resetWorld();
    }

    private Instant due(String handedOff, int minutes) {
        return BusinessHours.after(Instant.parse(handedOff), minutes, SHANGHAI, calendar.workdays(WORKSPACE));
    }

    @Test
    void theSpringFestivalStopsTheClockAndItsMakeUpSaturdayRunsIt() {
        // Friday 13 Feb 17:00: one hour that day, then the make-up Saturday from 09:00
        assertThat(due("2026-02-13T09:00:00Z", 240)).isEqualTo(Instant.parse("2026-02-14T04:00:00Z"));
        // Saturday 14 Feb (a workday) 17:00: one hour, then nine days off, then Tuesday 24 Feb from 09:00
        assertThat(due("2026-02-14T09:00:00Z", 240)).isEqualTo(Instant.parse("2026-02-24T04:00:00Z"));
        assertThat(calendar.isWorkday(WORKSPACE, LocalDate.of(2026, 2, 16))).isFalse();
        assertThat(calendar.isWorkday(WORKSPACE, LocalDate.of(2026, 2, 28))).isTrue(); // a make-up Saturday
        assertThat(calendar.nextWorkday(WORKSPACE, LocalDate.of(2026, 10, 1))).isEqualTo(LocalDate.of(2026, 10, 8));
    }

    @Test
    void aWorkspacesOwnDaysWinOverTheCountrysForThatDay() {
        calendar.set(WORKSPACE, LocalDate.of(2026, 3, 20), WorkingCalendar.Kind.HOLIDAY, "Team offsite");
        calendar.set(WORKSPACE, LocalDate.of(2026, 4, 6), WorkingCalendar.Kind.WORKDAY, "Launch day");
        // Thursday 19 Mar 17:00 with 2 h: one hour on Thursday, Friday is the offsite, Monday 23 Mar 09:00–10:00
        assertThat(due("2026-03-19T09:00:00Z", 120)).isEqualTo(Instant.parse("2026-03-23T02:00:00Z"));
        assertThat(calendar.isWorkday(WORKSPACE, LocalDate.of(2026, 4, 6))).isTrue(); // 清明 Monday, worked here
        assertThat(calendar.isWorkday("slack:T0002", LocalDate.of(2026, 3, 20))).isTrue(); // not another team's
    }
}
