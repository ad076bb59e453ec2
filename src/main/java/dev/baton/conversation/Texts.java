package dev.baton.conversation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.context.MessageSource;

/** User-facing text in one reader's language, from {@code messages*.properties}. */
public final class Texts {

    private final MessageSource source;
    private final Locale locale;

    public Texts(MessageSource source, Locale locale) {
        this.source = source;
        this.locale = locale;
    }

    public String t(String key, Object... args) {
        return source.getMessage(key, args, locale);
    }

    public Locale locale() {
        return locale;
    }

    /** A moment as the reader writes it ({@code format.datetime}), on the clock of {@code zone}. */
    public String dateTime(Instant at, ZoneId zone) {
        return at.atZone(zone).format(DateTimeFormatter.ofPattern(t("format.datetime"), locale));
    }

    /** A time of day, 24-hour ({@code 10:12}), on the clock of {@code zone}. */
    public String time(Instant at, ZoneId zone) {
        return at.atZone(zone).format(DateTimeFormatter.ofPattern("HH:mm", locale));
    }

    /** A calendar day as the reader writes it ({@code format.date}). */
    public String date(LocalDate day) {
        return day.format(DateTimeFormatter.ofPattern(t("format.date"), locale));
    }

    public Texts in(Locale other) {
        return new Texts(source, other);
    }
}
