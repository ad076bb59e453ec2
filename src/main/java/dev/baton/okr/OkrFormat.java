package dev.baton.okr;

import dev.baton.conversation.Texts;
import java.math.BigDecimal;
import java.util.List;

/** How OKR numbers read in chat: values with units, progress, sparklines. */
final class OkrFormat {

    private static final char[] BARS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private OkrFormat() {
    }

    static String number(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }

    static String value(BigDecimal v, String unit) {
        if (unit == null || unit.isEmpty()) {
            return number(v);
        }
        return "%".equals(unit) ? number(v) + "%" : number(v) + " " + unit;
    }

    /** "KR-1 “Lead quality score”: 72 of 80 pts (47%) · confidence 7/10" in the reader's language. */
    static String keyResultLine(Texts t, KeyResult kr) {
        return t.t("okr.kr.line", kr.ref(), kr.title(), value(kr.currentValue(), kr.unit()),
                value(kr.targetValue(), kr.unit()), kr.progressPercent(), kr.confidence());
    }

    static int averageProgress(List<KeyResult> krs) {
        if (krs.isEmpty()) {
            return 0;
        }
        return (int) Math.round(krs.stream().mapToInt(kr -> Math.max(0, Math.min(100, kr.progressPercent())))
                .average().orElse(0));
    }

    /** A text sparkline scaled between the smallest and largest value. */
    static String sparkline(List<BigDecimal> values) {
        if (values.isEmpty()) {
            return "";
        }
        BigDecimal min = values.stream().min(BigDecimal::compareTo).orElseThrow();
        BigDecimal max = values.stream().max(BigDecimal::compareTo).orElseThrow();
        BigDecimal span = max.subtract(min);
        StringBuilder b = new StringBuilder();
        for (BigDecimal v : values) {
            int level = span.signum() == 0 ? BARS.length / 2
                    : v.subtract(min).multiply(BigDecimal.valueOf(BARS.length - 1))
                            .divide(span, 0, java.math.RoundingMode.HALF_UP).intValue();
            b.append(BARS[level]);
        }
        return b.toString();
    }

    static String arrow(int delta) {
        return delta > 0 ? "↑" : delta < 0 ? "↓" : "→";
    }

    static String signed(BigDecimal delta) {
        return (delta.signum() > 0 ? "+" : "") + number(delta);
    }
}
