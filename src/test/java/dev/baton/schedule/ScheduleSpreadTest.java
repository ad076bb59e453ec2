package dev.baton.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conversation.When;
import dev.baton.system.BatonProperties;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Weekly sends many people get at once are spread over minutes, each person at the same offset every week. */
class ScheduleSpreadTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final UnaryOperator<Instant> MONDAY_NINE =
            after -> When.nextWeekly(DayOfWeek.MONDAY, LocalTime.of(9, 0), SHANGHAI, after);

    private static Schedule schedule(String spread) {
        BatonProperties properties = new Binder(new MapConfigurationPropertySource(
                java.util.Map.of("baton.schedule.spread", spread)))
                .bindOrCreate("baton", BatonProperties.class);
        return new Schedule(null, properties);
    }

    @Test
    void aThousandPeopleAreSpreadOverTheWholeWindowEachAtAStableOffset() {
        Schedule schedule = schedule("5m");
        Instant nine = ZonedDateTime.of(2026, 3, 2, 9, 0, 0, 0, SHANGHAI).toInstant();
        Set<Long> seconds = new HashSet<>();
        for (long id = 1; id <= 1000; id++) {
            Instant at = schedule.spread(id, nine);
            assertThat(at).isBetween(nine, nine.plus(Duration.ofMinutes(5)).minusSeconds(1));
            assertThat(schedule.spread(id, nine.plus(Duration.ofDays(7)))).isEqualTo(at.plus(Duration.ofDays(7)));
            seconds.add(Duration.between(nine, at).toSeconds());
        }
        // 300 possible seconds: neighbouring ids must not bunch in a few of them
        assertThat(seconds).hasSizeGreaterThan(250);
    }

    @Test
    void theNextSpreadTimeIsStrictlyAfterAndNeverSkipsTodaysOwnSlot() {
        Schedule schedule = schedule("5m");
        long who = 42;
        Duration offset = schedule.offset(who);
        Instant nine = ZonedDateTime.of(2026, 3, 2, 9, 0, 0, 0, SHANGHAI).toInstant();
        Instant mine = nine.plus(offset);
        // before 09:00 and between 09:00 and their own minute, today's slot is still ahead
        assertThat(schedule.nextSpread(who, MONDAY_NINE, nine.minusSeconds(60))).isEqualTo(mine);
        assertThat(schedule.nextSpread(who, MONDAY_NINE, mine.minusMillis(1))).isEqualTo(mine);
        // the job that ran at its time plans next week's, never the same one again
        assertThat(schedule.nextSpread(who, MONDAY_NINE, mine)).isEqualTo(mine.plus(Duration.ofDays(7)));
        assertThat(schedule.nextSpread(who, MONDAY_NINE, mine.plusSeconds(5))).isEqualTo(mine.plus(Duration.ofDays(7)));
    }

    @Test
    void noSpreadSendsAtTheTimeItself() {
        Schedule schedule = schedule("0s");
        Instant nine = ZonedDateTime.of(2026, 3, 2, 9, 0, 0, 0, SHANGHAI).toInstant();
        assertThat(schedule.spread(7, nine)).isEqualTo(nine);
        assertThat(schedule.nextSpread(7, MONDAY_NINE, nine.minusSeconds(1))).isEqualTo(nine);
    }
}
