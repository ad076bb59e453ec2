package dev.baton.conversation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits command text into words, quoted strings, mentions and channels. Words are read in their NFKC form, so
 * full-width input means the same as half-width; quoted text is kept as typed.
 */
public final class Tokenizer {

    private static final Pattern ESCAPED = Pattern.compile("<([@#!])([A-Za-z0-9_.-]+)(?:\\|([^>]*))?>");

    /**
     * Chinese punctuation between words separates them like a space ({@code 72，信心 7}); inside quotes it is text.
     * An ASCII comma is not one: it groups digits ({@code 1,000}); an ASCII semicolon is (between a questionnaire's
     * questions, {@code points 2; multi …}).
     */
    private static final String SEPARATORS = "，、；。;";

    private Tokenizer() {
    }

    public static List<Token> tokenize(String input) {
        List<Token> tokens = new ArrayList<>();
        String s = input == null ? "" : input.strip();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            char close = closingQuote(c);
            if (close != 0) {
                int end = s.indexOf(close, i + 1);
                if (end < 0) {
                    throw new UsageException(null, "error.unclosed-quote", String.valueOf(c));
                }
                tokens.add(new Token(Token.Kind.QUOTED, readable(s.substring(i + 1, end).strip()), null));
                i = end + 1;
                continue;
            }
            if (c == '<') {
                Matcher m = ESCAPED.matcher(s);
                if (m.find(i) && m.start() == i) {
                    String label = m.group(3) == null ? m.group(2) : m.group(3);
                    Token.Kind kind = "#".equals(m.group(1)) ? Token.Kind.CHANNEL : Token.Kind.MENTION;
                    tokens.add(new Token(kind, label, m.group(2)));
                    i = m.end();
                    continue;
                }
            }
            if (SEPARATORS.indexOf(c) >= 0) {
                i++;
                continue;
            }
            int end = i;
            while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && closingQuote(s.charAt(end)) == 0
                    && SEPARATORS.indexOf(s.charAt(end)) < 0) {
                end++;
            }
            // full-width digits, letters and signs read as their plain forms: ７２ is 72, ＫＲ－１ is KR-1, ３５％ 35%
            String word = Normalizer.normalize(s.substring(i, end), Normalizer.Form.NFKC);
            if (word.length() > 1 && (word.charAt(0) == '@' || word.charAt(0) == '＠')) {
                tokens.add(new Token(Token.Kind.MENTION, word.substring(1), null));
            } else if (word.length() > 1 && word.charAt(0) == '#') {
                tokens.add(new Token(Token.Kind.CHANNEL, word.substring(1), null));
            } else {
                tokens.add(new Token(Token.Kind.WORD, word, null));
            }
            i = end;
        }
        return tokens;
    }

    /**
     * Free text (a title, a note, an answer) as people see it: a mention inside it ({@code <@U123|bob>}) becomes
     * {@code @bob}, a channel ({@code <#C1|general>}) {@code #general}; Baton shows such text inert, and the markup
     * would show raw.
     */
    public static String readable(String text) {
        if (text == null || text.indexOf('<') < 0) {
            return text;
        }
        Matcher m = ESCAPED.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            // a platform's mention carries the name it showed; anything else (<!channel>, <@U1>) reads as typed
            String replacement = "!".equals(m.group(1)) || m.group(3) == null || m.group(3).isBlank() ? m.group()
                    : m.group(1) + m.group(3);
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static char closingQuote(char c) {
        return switch (c) {
            case '"' -> '"';
            case '“' -> '”';
            case '「' -> '」';
            case '‘' -> '’';
            default -> 0;
        };
    }
}
