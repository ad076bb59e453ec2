package dev.baton.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/** Baton's message source writes every text exactly as Spring's own does with MessageFormat, only cheaper. */
class MessagesTest {

    private static final List<Object[]> ARGUMENTS = List.of(new Object[0], new Object[] {1234567},
            new Object[] {0, 1, 2}, new Object[] {3.14159, -2L, 1}, new Object[] {new BigDecimal("1234.50"), 7, 0.5},
            new Object[] {"Alice", "线索质量", "KR-3"}, new Object[] {null, 12, null},
            new Object[] {new Date(1_780_000_000_000L), 2, "x"}, new Object[] {1, "two", 3.0, 4L, 5, 6});

    private static ResourceBundleMessageSource springsOwn() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        source.setAlwaysUseMessageFormat(true);
        return source;
    }

    private static String outcome(org.springframework.context.MessageSource source, String key, Object[] args,
            Locale locale) {
        try {
            return source.getMessage(key, args, locale);
        } catch (RuntimeException e) {
            return "threw " + e.getClass().getName();
        }
    }

    @Test
    void everyTextComesOutAsWithSpringsMessageFormat() throws IOException {
        Properties en = new Properties();
        try (Reader r = new InputStreamReader(MessagesTest.class.getResourceAsStream("/messages.properties"),
                StandardCharsets.UTF_8)) {
            en.load(r);
        }
        Messages ours = new Messages();
        ResourceBundleMessageSource theirs = springsOwn();
        int compared = 0;
        for (Locale locale : List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE, Locale.GERMANY)) {
            for (String key : en.stringPropertyNames()) {
                for (Object[] args : ARGUMENTS) {
                    assertThat(outcome(ours, key, args, locale)).as(key + " " + locale + " " + java.util.Arrays.toString(args))
                            .isEqualTo(outcome(theirs, key, args, locale));
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(3 * 9 * 500);
        assertThat(ours.getMessage("digest.title", new Object[] {"x"}, Locale.SIMPLIFIED_CHINESE))
                .as("the Chinese text, not the English one").isNotEqualTo(
                        ours.getMessage("digest.title", new Object[] {"x"}, Locale.ENGLISH));
    }

    @Test
    void threadsFormattingOneTextAtOnceEachGetTheirOwnNumbers() throws Exception {
        Messages ours = new Messages();
        ResourceBundleMessageSource theirs = springsOwn();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> wrong = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t * 1_000_000;
                wrong.add(pool.submit(() -> {
                    List<String> mismatches = new ArrayList<>();
                    for (int i = 0; i < 2_000; i++) {
                        Object[] args = {"KR-" + i, "p", offset + i * 1_001.25, offset + i, 10_000, i % 100, 7};
                        String a = ours.getMessage("okr.checkin.done", args, Locale.ENGLISH);
                        if (!a.equals(theirs.getMessage("okr.checkin.done", args, Locale.ENGLISH))) {
                            mismatches.add(a);
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<List<String>> f : wrong) {
                assertThat(f.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
