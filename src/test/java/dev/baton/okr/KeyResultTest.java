package dev.baton.okr;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyResultTest {

    private static KeyResult kr(String start, String target) {
        return new KeyResult(1L, 1L, 1L, "t", new BigDecimal(start), new BigDecimal(target), new BigDecimal(start),
                "", 5, null, null, null, null, null, null);
    }

    @Test
    void progressRunsFromStartToTarget() {
        KeyResult kr = kr("65", "80");
        kr.checkIn(1L, new BigDecimal("72"), 7, null, null, Instant.EPOCH);
        assertThat(kr.progressPercent()).isEqualTo(47);
        assertThat(kr.confidence()).isEqualTo(7);
    }

    @Test
    void aFallingTargetCountsDownwardProgress() {
        KeyResult churn = kr("10", "5");
        churn.checkIn(1L, new BigDecimal("8"), null, null, null, Instant.EPOCH);
        assertThat(churn.progressPercent()).isEqualTo(40);
        assertThat(churn.confidence()).as("kept when not given").isEqualTo(5);
    }

    @Test
    void progressMayOvershootOrFallBelowStart() {
        KeyResult kr = kr("0", "100");
        kr.checkIn(1L, new BigDecimal("120"), null, null, null, Instant.EPOCH);
        assertThat(kr.progressPercent()).isEqualTo(120);
        kr.checkIn(1L, new BigDecimal("-10"), null, null, null, Instant.EPOCH);
        assertThat(kr.progressPercent()).isEqualTo(-10);
        assertThat(OkrFormat.averageProgress(List.of(kr))).as("averages clamp to 0–100").isZero();
    }

    @Test
    void aCheckInRemembersThePreviousValue() {
        KeyResult kr = kr("65", "80");
        CheckIn c = kr.checkIn(1L, new BigDecimal("70"), 6, " note ", "", Instant.EPOCH);
        assertThat(c.previousValue()).isEqualByComparingTo("65");
        assertThat(c.value()).isEqualByComparingTo("70");
        assertThat(kr.lastCheckinAt()).isEqualTo(Instant.EPOCH);
        assertThat(kr.currentValue()).isEqualByComparingTo("70");
    }

    @Test
    void formatsValuesSparklinesAndTrends() {
        assertThat(OkrFormat.value(new BigDecimal("72.0000"), "pts")).isEqualTo("72 pts");
        assertThat(OkrFormat.value(new BigDecimal("12.5000"), "%")).isEqualTo("12.5%");
        assertThat(OkrFormat.value(new BigDecimal("1E+3"), "")).isEqualTo("1000");
        assertThat(OkrFormat.sparkline(List.of(new BigDecimal("65"), new BigDecimal("68"), new BigDecimal("67"),
                new BigDecimal("75")))).isEqualTo("▁▃▂█");
        assertThat(OkrFormat.sparkline(List.of(new BigDecimal("5"), new BigDecimal("5")))).isEqualTo("▅▅");
        assertThat(OkrFormat.signed(new BigDecimal("-3"))).isEqualTo("-3");
        assertThat(OkrFormat.signed(new BigDecimal("3"))).isEqualTo("+3");
    }

    @Test
    void periodsAreQuartersMonthsOrYears() {
        assertThat(Period.parse("2026Q4")).hasValueSatisfying(p -> {
            assertThat(p.start()).isEqualTo(LocalDate.of(2026, 10, 1));
            assertThat(p.end()).isEqualTo(LocalDate.of(2026, 12, 31));
        });
        assertThat(Period.parse("2026q1").map(Period::code)).contains("2026Q1");
        assertThat(Period.parse("2026-02").map(Period::end)).contains(LocalDate.of(2026, 2, 28));
        assertThat(Period.parse("2026").map(Period::end)).contains(LocalDate.of(2026, 12, 31));
        assertThat(Period.parse("2026Q5")).isEmpty();
        assertThat(Period.quarterOf(LocalDate.of(2026, 3, 31)).code()).isEqualTo("2026Q1");
    }
}
