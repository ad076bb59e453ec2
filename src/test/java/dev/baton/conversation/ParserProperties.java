package dev.baton.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever people type, the parser answers with tokens or a friendly UsageException, never anything else. */
class ParserProperties {

    @Provide
    Arbitrary<String> typed() {
        Arbitrary<String> words = Arbitraries.of("checkin", "KR-1", "72", "35%", "confidence", "\"", "“", "”",
                "「", "」", "<@U1|bob>", "<@", "<#C1|x>", "@", "#", "@bob", "明天", "周五", "15:00", "2026-02-30",
                "-", "%", "％", "\\", "<", ">", "&", "'", "\u0000", "\u200b", "😀", "\n", "\t", "99999999999999999999");
        Arbitrary<String> noise = Arbitraries.strings().all().ofMaxLength(12);
        return Arbitraries.oneOf(words, noise).list().ofMaxSize(12).map(parts -> String.join(" ", parts));
    }

    @Property(tries = 2000)
    void tokenizingNeverFailsUnexpectedly(@ForAll("typed") String text) {
        try {
            Tokenizer.tokenize(text).forEach(t -> assertThat(t.text()).isNotNull());
        } catch (UsageException expected) {
            assertThat(expected.key()).isEqualTo("error.unclosed-quote");
        }
    }

    @Property(tries = 2000)
    void readingArgumentsOnlyEverFailsWithUsage(@ForAll("typed") String text) {
        ZonedDateTime now = ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, ZoneId.of("Asia/Shanghai"));
        try {
            Args args = Args.of(text);
            while (args.hasMore()) {
                Token t = args.peek().orElseThrow();
                Args.parseNumber(t.text());
                When.date(t.text(), LocalDate.of(2026, 3, 2));
                When.weekday(t.text());
                When.time(t.text());
                if (t.kind() == Token.Kind.WORD && t.text().length() % 2 == 0) {
                    When.dateTime(args, now, LocalTime.NOON, "missing", "invalid");
                } else {
                    args.phrase("missing", "confidence");
                }
            }
        } catch (UsageException expected) {
            assertThat(expected.key()).isIn("error.unclosed-quote", "missing", "invalid");
        }
    }
}
