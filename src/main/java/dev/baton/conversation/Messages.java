package dev.baton.conversation;

import java.text.DateFormat;
import java.text.FieldPosition;
import java.text.Format;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Date;
import java.util.Locale;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;

/**
 * Baton's texts ({@code messages*.properties}, UTF-8, English when a key has no translation, never the server's
 * own locale), formatted as {@link MessageFormat} does, with one difference in cost only: MessageFormat makes a new
 * NumberFormat for every number it puts into a text without a format of its own ({@code {0}}), and that was most of
 * the cost of a check-in's answer text (BENCHMARKS.md, section 1). Here each cached message keeps one. Spring formats
 * a cached message under its lock, and the NumberFormat is locked too, so a message shared by request threads stays
 * correct. It is the application's {@code messageSource}, in place of the one Spring Boot would configure.
 */
@Component(AbstractApplicationContext.MESSAGE_SOURCE_BEAN_NAME)
public final class Messages extends ResourceBundleMessageSource {

    public Messages() {
        setBasename("messages");
        setDefaultEncoding("UTF-8");
        setFallbackToSystemLocale(false);
        // '' is an apostrophe in every text, with or without arguments
        setAlwaysUseMessageFormat(true);
    }

    @Override
    protected MessageFormat createMessageFormat(String msg, Locale locale) {
        MessageFormat format = super.createMessageFormat(msg, locale);
        Format[] formats = format.getFormats();
        PlainArgument plain = null;
        for (int i = 0; i < formats.length; i++) {
            if (formats[i] == null) {
                plain = plain == null ? new PlainArgument(format.getLocale()) : plain;
                format.setFormat(i, plain);
            }
        }
        return format;
    }

    /**
     * What MessageFormat does with an argument that has no format type: a number in the locale's number format, a
     * date in its short date and time, a string as it is, anything else as its {@code toString()}.
     */
    static final class PlainArgument extends Format {

        private final Locale locale;
        private final NumberFormat numbers;

        PlainArgument(Locale locale) {
            this.locale = locale == null ? Locale.getDefault(Locale.Category.FORMAT) : locale;
            this.numbers = NumberFormat.getInstance(this.locale);
        }

        @Override
        public StringBuffer format(Object value, StringBuffer to, FieldPosition position) {
            if (value instanceof Number) {
                synchronized (numbers) {
                    return numbers.format(value, to, position);
                }
            }
            if (value instanceof Date) {
                return DateFormat.getDateTimeInstance(DateFormat.SHORT, DateFormat.SHORT, locale)
                        .format(value, to, position);
            }
            return to.append(value);
        }

        @Override
        public Object parseObject(String source, ParsePosition position) {
            throw new UnsupportedOperationException("Baton's texts are only ever formatted");
        }
    }
}
