package dev.baton.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParserTest {

    @Test
    void splitsWordsQuotedTextMentionsAndChannels() {
        List<Token> tokens = Tokenizer.tokenize(
                "checkin KR-1 72 \"webinar drove 40\" “中文 备注” <@U123|bob> @carol <#C9|sales> #general");
        assertThat(tokens).extracting(Token::kind).containsExactly(Token.Kind.WORD, Token.Kind.WORD,
                Token.Kind.WORD, Token.Kind.QUOTED, Token.Kind.QUOTED, Token.Kind.MENTION, Token.Kind.MENTION,
                Token.Kind.CHANNEL, Token.Kind.CHANNEL);
        assertThat(tokens.get(3).text()).isEqualTo("webinar drove 40");
        assertThat(tokens.get(4).text()).isEqualTo("中文 备注");
        assertThat(tokens.get(5)).isEqualTo(new Token(Token.Kind.MENTION, "bob", "U123"));
        assertThat(tokens.get(6)).isEqualTo(new Token(Token.Kind.MENTION, "carol", null));
        assertThat(tokens.get(7)).isEqualTo(new Token(Token.Kind.CHANNEL, "sales", "C9"));
        assertThat(tokens.get(8)).isEqualTo(new Token(Token.Kind.CHANNEL, "general", null));
    }

    @Test
    void fullWidthWordsReadAsHalfWidthAndChinesePunctuationSeparatesThemButQuotedTextStaysAsTyped() {
        List<Token> tokens = Tokenizer.tokenize("ＫＲ－１ ７２，信心 ７、阻碍 “ＣＲＭ，延迟” 1,000 ３５％");
        assertThat(tokens).extracting(Token::text)
                .containsExactly("KR-1", "72", "信心", "7", "阻碍", "ＣＲＭ，延迟", "1,000", "35%");
        Args args = Args.of("从 ６５ 到 ８０ 单位 分");
        assertThat(args.take("from", "to")).contains("from");
        assertThat(args.number("m", "b").value()).isEqualByComparingTo("65");
        assertThat(args.take("from", "to")).contains("to");
        assertThat(args.number("m", "b").value()).isEqualByComparingTo("80");
        assertThat(args.take("unit")).contains("unit");
    }

    @Test
    void mentionsInsideFreeTextReadAsNamesButTypedMarkupStaysAsTyped() {
        assertThat(Tokenizer.tokenize("\"Lunch with <@U1|bob> in <#C2|sales>?\"").get(0).text())
                .isEqualTo("Lunch with @bob in #sales?");
        assertThat(Tokenizer.readable("<!channel> and <@U9>")).isEqualTo("<!channel> and <@U9>");
    }

    @Test
    void anUnclosedQuoteIsBadInputNotACrash() {
        assertThatThrownBy(() -> Tokenizer.tokenize("checkin \"open"))
                .isInstanceOf(UsageException.class)
                .hasFieldOrPropertyWithValue("key", "error.unclosed-quote");
    }

    @Test
    void readsNumbersAndPercentages() {
        assertThat(Args.parseNumber("72")).contains(new Args.Number(new BigDecimal("72"), false));
        assertThat(Args.parseNumber("12.5")).contains(new Args.Number(new BigDecimal("12.5"), false));
        assertThat(Args.parseNumber("35%")).contains(new Args.Number(new BigDecimal("35"), true));
        assertThat(Args.parseNumber("35％")).contains(new Args.Number(new BigDecimal("35"), true));
        assertThat(Args.parseNumber("1,200")).contains(new Args.Number(new BigDecimal("1200"), false));
        assertThat(Args.parseNumber("-3")).contains(new Args.Number(new BigDecimal("-3"), false));
        assertThat(Args.parseNumber("lots")).isEmpty();
        assertThat(Args.parseNumber("7O")).isEmpty();
    }

    @Test
    void readsDatesAsPeopleTypeThem() {
        LocalDate monday = LocalDate.of(2026, 3, 2);
        assertThat(When.date("2026-03-10", monday)).contains(LocalDate.of(2026, 3, 10));
        assertThat(When.date("today", monday)).contains(monday);
        assertThat(When.date("tomorrow", monday)).contains(LocalDate.of(2026, 3, 3));
        assertThat(When.date("明天", monday)).contains(LocalDate.of(2026, 3, 3));
        assertThat(When.date("fri", monday)).contains(LocalDate.of(2026, 3, 6));
        assertThat(When.date("周五", monday)).contains(LocalDate.of(2026, 3, 6));
        assertThat(When.date("mon", monday)).as("today, as people mean it (#30 item 19)").contains(monday);
        assertThat(When.date("2026-02-30", monday)).isEmpty();
        assertThat(When.date("someday", monday)).isEmpty();
        assertThat(When.weekday("Friday")).contains(DayOfWeek.FRIDAY);
    }

    @Test
    void readsADateWithATimeOrATimeAlone() {
        ZonedDateTime now = ZonedDateTime.of(2026, 3, 2, 16, 0, 0, 0, ZoneId.of("Asia/Shanghai"));
        assertThat(When.dateTime(Args.of("tomorrow 15:00"), now, LocalTime.NOON, "m", "i"))
                .isEqualTo(ZonedDateTime.of(2026, 3, 3, 15, 0, 0, 0, now.getZone()));
        assertThat(When.dateTime(Args.of("fri"), now, LocalTime.of(9, 0), "m", "i"))
                .isEqualTo(ZonedDateTime.of(2026, 3, 6, 9, 0, 0, 0, now.getZone()));
        assertThat(When.dateTime(Args.of("15:00"), now, LocalTime.NOON, "m", "i"))
                .as("15:00 has passed today, so tomorrow")
                .isEqualTo(ZonedDateTime.of(2026, 3, 3, 15, 0, 0, 0, now.getZone()));
        assertThat(When.dateTime(Args.of("17:30"), now, LocalTime.NOON, "m", "i"))
                .isEqualTo(ZonedDateTime.of(2026, 3, 2, 17, 30, 0, 0, now.getZone()));
        assertThatThrownBy(() -> When.dateTime(Args.of("someday"), now, LocalTime.NOON, "m", "i"))
                .isInstanceOf(UsageException.class).hasFieldOrPropertyWithValue("key", "i");
    }

    @Test
    void aWeeklyRhythmFallsOnTheNextSuchDayStrictlyLaterAcrossDaylightSaving() {
        ZoneId ny = ZoneId.of("America/New_York");
        java.time.Instant sundayEvening = ZonedDateTime.of(2026, 3, 1, 21, 0, 0, 0, ny).toInstant();
        assertThat(When.nextWeekly(DayOfWeek.MONDAY, LocalTime.of(9, 0), ny, sundayEvening))
                .isEqualTo(ZonedDateTime.of(2026, 3, 2, 9, 0, 0, 0, ny).toInstant());
        java.time.Instant mondayNine = ZonedDateTime.of(2026, 3, 2, 9, 0, 0, 0, ny).toInstant();
        assertThat(When.nextWeekly(DayOfWeek.MONDAY, LocalTime.of(9, 0), ny, mondayNine))
                .as("a week later, at 09:00 local although the clocks moved on 8 March")
                .isEqualTo(java.time.Instant.parse("2026-03-09T13:00:00Z"));
    }

    @Test
    void aPhraseStopsAtTheNextKeyword() {
        Args args = Args.of("Lead quality score from 65 to 80");
        assertThat(args.phrase("missing", "from", "to")).isEqualTo("Lead quality score");
        assertThat(args.take("from")).contains("from");
    }
}
