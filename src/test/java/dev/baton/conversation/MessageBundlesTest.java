package dev.baton.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every user-facing text exists in English and Simplified Chinese, and every key the code uses exists. */
class MessageBundlesTest {

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(MessageBundlesTest.class.getResourceAsStream("/" + name),
                StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    /** A key written twice silently replaces the first text wherever that one was meant. */
    @Test
    void noKeyIsWrittenTwice() throws IOException {
        for (String name : java.util.List.of("messages.properties", "messages_zh_CN.properties")) {
            java.util.Map<String, Long> counts = Files.readAllLines(Path.of("src/main/resources", name)).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith(" ") && l.contains("="))
                    .map(l -> l.substring(0, l.indexOf('=')).strip())
                    .collect(java.util.stream.Collectors.groupingBy(k -> k, java.util.stream.Collectors.counting()));
            assertThat(counts.entrySet().stream().filter(e -> e.getValue() > 1).map(java.util.Map.Entry::getKey))
                    .as(name).isEmpty();
        }
    }

    @Test
    void englishAndChineseHaveTheSameKeys() throws IOException {
        Properties en = load("messages.properties");
        Properties zh = load("messages_zh_CN.properties");
        assertThat(zh.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
    }

    @Test
    void everyTextIsAValidMessageFormatWithTheSameArguments() throws IOException {
        Properties en = load("messages.properties");
        Properties zh = load("messages_zh_CN.properties");
        Pattern arg = Pattern.compile("\\{(\\d)");
        for (String key : en.stringPropertyNames()) {
            new MessageFormat(en.getProperty(key), Locale.ENGLISH);
            new MessageFormat(zh.getProperty(key), Locale.SIMPLIFIED_CHINESE);
            assertThat(args(arg, zh.getProperty(key))).as(key).isEqualTo(args(arg, en.getProperty(key)));
            assertThat(en.getProperty(key)).as(key + " uses ' which MessageFormat eats; write ’")
                    .doesNotContain("'");
        }
    }

    @Test
    void everyKeyTheCodeNamesExists() throws IOException {
        Properties en = load("messages.properties");
        Pattern literal = Pattern.compile("\"((?:error|okr|baton|profile|help|format|content|digest|poll|survey|meeting|lead|console)\\.[a-z0-9.-]+)\"");
        Set<String> missing = new HashSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = literal.matcher(Files.readString(f));
                while (m.find()) {
                    String key = m.group(1);
                    boolean isId = key.matches("okr\\.(checkin|open-checkin|snooze|prompt|weekly|reminder|objective"
                            + "|kr|kr-measure|kr-form|list|tree|history|align|measure|measures)"
                            // measures' keys (their texts are measure.<key>)
                            + "|content\\.(published|reads|likes|shares)|meetings\\..*|training\\..*|baton\\.(help|me|set|ooo|role|dept|outbox|holiday|calendar)"
                            + "|content\\.(plan|move|approve|reschedule|reassign|reviewer|show|week|month|metrics|top"
                            + "|channel|due|changes|advance|reschedule-form|reassign-form|plan-form)"
                            + "|content\\.(platform|stage|what|remind)\\."
                            + "|digest\\.(now|settings|weekly)"
                            // metric names, job kinds, button, form and usage ids of the later features
                            + "|baton\\.(inbound(\\..*)?|outbox\\..*|scheduler\\..*|webhooks\\..*)"
                            // configuration property names
                            + "|baton\\.(console|polls|leads|feishu|slack)\\..*"
                            + "|poll\\.(new|likert|nps|followup|add|close|results|chart|export|list|vote|suggest|audience"
                            + "|suggest-form|refresh|close)"
                            + "|survey\\.(send|results|close|export|list|answer|answer-form|compare|template-form|live|live-rate|live-comment"
                            + "|live-comment-form|live-refresh)"
                            + "|survey\\.template\\.(new|add|move|remove|show|copy|edit|delete|list)?"
                            + "|meeting\\.(new|list|show|agenda|decide|action|minutes|publish|actions|done|extend|invite"
                            + "|cancel|feed|more-time|extend-form|new-form|record-form|holiday-(skip|move)?)"
                            + "|lead\\.(new|show|mine|accept|decline|status|reopen|rate|stats|pool|rule|webhooks|new-form"
                            + "|decline-form)"
                            // prefixes completed in code: meeting.recurrence.<r>, lead.status.<s>, lead.event.<e> ...
                            + "|(meeting\\.recurrence|lead\\.status|lead\\.event|lead\\.field|poll\\.mode)\\.?"
                            + "|(poll\\.likert|meeting|survey\\.item|survey\\.comment)\\."
                            + "|poll\\.error\\.(question|closes)"
                            + "|console\\.dashboard\\.stage\\.");
                    if (!isId && !en.containsKey(key)) {
                        missing.add(key + " in " + f.getFileName());
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    private static Set<String> args(Pattern arg, String text) {
        Set<String> out = new HashSet<>();
        Matcher m = arg.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
