package dev.baton.conversation;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Dates and times as people type them, in their own time zone: {@code 2026-03-02}, {@code fri}, {@code tomorrow 15:00},
 * {@code 15:00}, and the Chinese {@code 明天}, {@code 周五}.
 */
public final class When {

    private static final Pattern TIME = Pattern.compile("([01]?\\d|2[0-3])[:：]([0-5]\\d)");
    private static final Map<String, DayOfWeek> DAYS = Map.ofEntries(
            Map.entry("mon", DayOfWeek.MONDAY), Map.entry("monday", DayOfWeek.MONDAY),
            Map.entry("tue", DayOfWeek.TUESDAY), Map.entry("tuesday", DayOfWeek.TUESDAY),
            Map.entry("wed", DayOfWeek.WEDNESDAY), Map.entry("wednesday", DayOfWeek.WEDNESDAY),
            Map.entry("thu", DayOfWeek.THURSDAY), Map.entry("thursday", DayOfWeek.THURSDAY),
            Map.entry("fri", DayOfWeek.FRIDAY), Map.entry("friday", DayOfWeek.FRIDAY),
            Map.entry("sat", DayOfWeek.SATURDAY), Map.entry("saturday", DayOfWeek.SATURDAY),
            Map.entry("sun", DayOfWeek.SUNDAY), Map.entry("sunday", DayOfWeek.SUNDAY),
            Map.entry("周一", DayOfWeek.MONDAY), Map.entry("星期一", DayOfWeek.MONDAY),
            Map.entry("周二", DayOfWeek.TUESDAY), Map.entry("星期二", DayOfWeek.TUESDAY),
            Map.entry("周三", DayOfWeek.WEDNESDAY), Map.entry("星期三", DayOfWeek.WEDNESDAY),
            Map.entry("周四", DayOfWeek.THURSDAY), Map.entry("星期四", DayOfWeek.THURSDAY),
            Map.entry("周五", DayOfWeek.FRIDAY), Map.entry("星期五", DayOfWeek.FRIDAY),
            Map.entry("周六", DayOfWeek.SATURDAY), Map.entry("星期六", DayOfWeek.SATURDAY),
            Map.entry("周日", DayOfWeek.SUNDAY), Map.entry("星期日", DayOfWeek.SUNDAY),
            Map.entry("周天", DayOfWeek.SUNDAY), Map.entry("星期天", DayOfWeek.SUNDAY));

    private When() {
    }

    public static Optional<DayOfWeek> weekday(String word) {
        return Optional.ofNullable(DAYS.get(word.toLowerCase(Locale.ROOT)));
    }

    /**
     * A calendar date: ISO, today/tomorrow, or a weekday: the coming one, today included (said on a Friday, "fri"
     * is today, as people mean it: a task due fri is due by tonight).
     */
    public static Optional<LocalDate> date(String word, LocalDate today) {
        String w = word.toLowerCase(Locale.ROOT);
        switch (w) {
            case "today", "今天" -> {
                return Optional.of(today);
            }
            case "tomorrow", "明天" -> {
                return Optional.of(today.plusDays(1));
            }
            case "后天" -> {
                return Optional.of(today.plusDays(2));
            }
            default -> {
                // fall through to the other forms
            }
        }
        Optional<DayOfWeek> day = weekday(w);
        if (day.isPresent()) {
            return Optional.of(today.with(TemporalAdjusters.nextOrSame(day.get())));
        }
        try {
            return Optional.of(LocalDate.parse(w));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static Optional<LocalTime> time(String word) {
        var m = TIME.matcher(word);
        return m.matches() ? Optional.of(LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
                : Optional.empty();
    }

    /**
     * Reads a date, an optional time after it, or a time alone (today, or tomorrow once it has passed), from
     * {@code args}. {@code defaultTime} applies when only a date is given. A weekday is today's while the time is
     * still ahead, else the next week's.
     */
    public static ZonedDateTime dateTime(Args args, ZonedDateTime now, LocalTime defaultTime, String missingKey,
            String invalidKey) {
        Token t = args.next(missingKey);
        Optional<LocalTime> onlyTime = time(t.text());
        if (onlyTime.isPresent()) {
            ZonedDateTime at = ZonedDateTime.of(now.toLocalDate(), onlyTime.get(), now.getZone());
            return at.isAfter(now) ? at : at.plusDays(1);
        }
        LocalDate date = date(t.text(), now.toLocalDate()).orElseThrow(() -> args.fail(invalidKey, t.text()));
        LocalTime time = args.peek().flatMap(next -> time(next.text())).orElse(null);
        if (time != null) {
            args.next(missingKey);
        }
        ZonedDateTime at = ZonedDateTime.of(LocalDateTime.of(date, time == null ? defaultTime : time), now.getZone());
        if (weekday(t.text()).isPresent() && !at.isAfter(now)) {
            return at.plusWeeks(1); // "wed 10:00" said on a Wednesday at noon: next week's
        }
        return at;
    }

    /** The first {@code day} at {@code time} in {@code zone} strictly after {@code after} (a weekly rhythm). */
    public static java.time.Instant nextWeekly(DayOfWeek day, LocalTime time, ZoneId zone, java.time.Instant after) {
        LocalDate date = after.atZone(zone).toLocalDate().with(TemporalAdjusters.nextOrSame(day));
        ZonedDateTime at = ZonedDateTime.of(date, time, zone);
        if (!at.toInstant().isAfter(after)) {
            at = ZonedDateTime.of(date.plusWeeks(1), time, zone);
        }
        return at.toInstant();
    }

    public static ZoneId zone(String id) {
        return ZoneId.of(id);
    }
}
