package dev.baton.conversation;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A cursor over a command's tokens with the checks every handler needs; failures name the usage to show. */
public final class Args {

    private static final Pattern NUMBER = Pattern.compile("([+-]?\\d+(?:\\.\\d+)?)(%?)");

    /**
     * Chinese keywords people may type instead of the English ones a command asks for ({@code 从 65 到 80 单位 分});
     * {@link #take} answers with the English word either way. Chinese help lists the ones each command knows.
     */
    public static final Map<String, String> KEYWORDS = keywords(
            "从", "from", "到", "to", "单位", "unit", "负责人", "owner", "信心", "confidence", "备注", "note",
            "阻碍", "blocker", "截止", "due", "周期", "period", "部门", "dept", "支持", "supports", "活动", "campaign",
            "审核人", "reviewer", "交付物", "deliverable", "直到", "until", "全部", "all", "我的", "mine");

    private static Map<String, String> keywords(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** A word as a keyword: lower case, a Chinese keyword as its English one. */
    static String keyword(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return KEYWORDS.getOrDefault(lower, lower);
    }

    private final List<Token> tokens;
    private final String usage;
    private int pos;

    public Args(List<Token> tokens, String usage) {
        this.tokens = List.copyOf(tokens);
        this.usage = usage;
    }

    public static Args of(String text) {
        return new Args(Tokenizer.tokenize(text), null);
    }

    /** The same remaining tokens, failures now reporting {@code sub}'s usage. */
    public Args forUsage(String sub) {
        Args a = new Args(tokens, sub);
        a.pos = pos;
        return a;
    }

    public boolean hasMore() {
        return pos < tokens.size();
    }

    public Optional<Token> peek() {
        return hasMore() ? Optional.of(tokens.get(pos)) : Optional.empty();
    }

    public Token next(String missingKey, Object... args) {
        if (!hasMore()) {
            throw fail(missingKey, args);
        }
        return tokens.get(pos++);
    }

    /** Consumes the next token when it is one of {@code words} (case-insensitive) and says which. */
    public Optional<String> take(String... words) {
        if (hasMore() && tokens.get(pos).kind() == Token.Kind.WORD) {
            String typed = tokens.get(pos).text().toLowerCase(Locale.ROOT);
            String w = keyword(typed);
            for (String candidate : words) {
                if (candidate.equals(w) || candidate.equals(typed)) {
                    pos++;
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** The subcommand of {@code /command}; anything else is answered with a pointer to its help. */
    public String subcommand(String command, String... names) {
        return take(names).orElseThrow(() -> new UsageException(null, "error.unknown-subcommand", "/" + command,
                peek().map(Token::text).orElse("")));
    }

    public String word(String missingKey) {
        Token t = next(missingKey);
        return t.text();
    }

    /** A quoted string, or the remaining plain words up to the next keyword in {@code stopWords}. */
    public String phrase(String missingKey, String... stopWords) {
        Token first = next(missingKey);
        if (first.kind() == Token.Kind.QUOTED) {
            if (first.text().isBlank()) {
                throw fail(missingKey);
            }
            return first.text();
        }
        StringBuilder b = new StringBuilder(first.text());
        while (hasMore() && tokens.get(pos).kind() == Token.Kind.WORD
                && !List.of(stopWords).contains(keyword(tokens.get(pos).text()))) {
            b.append(' ').append(tokens.get(pos++).text());
        }
        return b.toString();
    }

    /**
     * The number of a reference such as {@code P-12} (its letter, an optional dash, digits; any case). A missing one
     * fails with {@code missingKey}, anything else with {@code invalidKey} naming what was typed.
     */
    public long ref(char letter, String missingKey, String invalidKey) {
        Token t = next(missingKey);
        Matcher m = Pattern.compile("(?i)" + letter + "-?(\\d{1,12})").matcher(t.text());
        if (!m.matches()) {
            throw fail(invalidKey, t.text());
        }
        return Long.parseLong(m.group(1));
    }

    /** The id a button or form carries back; anything else is a stale or forged action. */
    public static long actionId(String value) {
        try {
            return Long.parseLong(value == null ? "" : value.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(null, "error.unknown-action");
        }
    }

    /** Text the person must put in quotes (a title, a question); missing, unquoted or empty fails with the key. */
    public String quoted(String missingKey) {
        Token t = next(missingKey);
        if (t.kind() != Token.Kind.QUOTED || t.text().isBlank()) {
            throw fail(missingKey);
        }
        return t.text().strip();
    }

    public Number number(String missingKey, String invalidKey) {
        Token t = next(missingKey);
        return parseNumber(t.text()).orElseThrow(() -> fail(invalidKey, t.text()));
    }

    public int integer(String missingKey, String invalidKey, int min, int max) {
        Token t = next(missingKey);
        try {
            int v = Integer.parseInt(t.text());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the friendly error
        }
        throw fail(invalidKey, t.text(), min, max);
    }

    public void expectEnd() {
        if (hasMore()) {
            throw fail("error.unexpected", tokens.get(pos).text());
        }
    }

    public UsageException fail(String key, Object... args) {
        return new UsageException(usage, key, args);
    }

    public static Optional<Number> parseNumber(String text) {
        Matcher m = NUMBER.matcher(text.replace(",", "").replace("％", "%"));
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Number(new BigDecimal(m.group(1)), !m.group(2).isEmpty()));
    }

    public record Number(BigDecimal value, boolean percent) {
    }
}
