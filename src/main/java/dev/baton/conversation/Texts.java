package dev.baton.conversation;

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

    public Texts in(Locale other) {
        return new Texts(source, other);
    }
}
