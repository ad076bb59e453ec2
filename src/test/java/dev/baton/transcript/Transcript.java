package dev.baton.transcript;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed conversation file (see ../shared/CONVERSATIONS.md and conversations/README.md). */
record Transcript(Path file, String title, List<String> platforms, Instant start, ZoneId zone, String given,
        List<Step> steps) {

    private static final Pattern BOT = Pattern.compile("^(!?)bot\\s*->\\s*(\\S+)\\s*\\(([a-z-]+)\\)\\s*:\\s?(.*)$");
    private static final Pattern CLICK = Pattern.compile("^(\\w+) clicks \\[(.+?)](?: on (#[\\w-]+))?$");
    private static final Pattern SUBMIT = Pattern.compile("^(\\w+) submits \\{(.*)}$");
    private static final Pattern SAYS = Pattern.compile("^(\\w+)(?: in #([\\w-]+)| \\((dm)\\))?:\\s?(.*)$");
    private static final Pattern ADVANCE = Pattern.compile("^~\\s*advance\\s+(.+)$");
    private static final Pattern AT = Pattern.compile("^~\\s*at\\s+(\\S+)$");
    private static final Pattern SLACK_ANSWERS = Pattern.compile("^~\\s*slack answers ([\\w.]+) (\\{.*})$");
    private static final Pattern DURATION = Pattern.compile("(\\d+)([dhms])");

    /** Something that happens: a person acts, or time passes. Expectations follow it in the file. */
    sealed interface Step permits Says, Clicks, Submits, Advance, Redeliver, SlackAnswers {
        int line();

        List<Expect> expects();
    }

    record Says(int line, String user, String channel, boolean dm, String text, List<Expect> expects)
            implements Step {
    }

    /** {@code on} names a channel whose message has the button (a poll); otherwise the user's own messages. */
    record Clicks(int line, String user, String label, String on, List<Expect> expects) implements Step {
    }

    record Submits(int line, String user, Map<String, String> fields, List<Expect> expects) implements Step {
    }

    /** Move the clock to {@code to}, running every job that falls due on the way. */
    record Advance(int line, Duration by, LocalDateTime to, List<Expect> expects) implements Step {
    }

    /** The platform delivers the last event again, as it does when it thinks we missed it. */
    record Redeliver(int line, List<Expect> expects) implements Step {
    }

    /** From now on Slack answers {@code method} with {@code json} (an outage, a deleted channel); null recovers. */
    record SlackAnswers(int line, String method, String json, List<Expect> expects) implements Step {
    }

    record Expect(int line, boolean negative, String target, String kind, String text) {
    }

    static Transcript parse(Path file, Path root) throws IOException {
        List<String> raw = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, String> header = new LinkedHashMap<>();
        int i = 0;
        for (; i < raw.size(); i++) {
            String l = raw.get(i).strip();
            if (l.equals("---")) {
                i++;
                break;
            }
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int colon = l.indexOf(':');
            header.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
        }
        List<Numbered> body = new ArrayList<>();
        for (; i < raw.size(); i++) {
            body.add(new Numbered(file.getFileName().toString(), i + 1, raw.get(i)));
        }
        body = expandIncludes(body, root);
        String[] clock = header.getOrDefault("clock", "2026-03-02T09:00 UTC").split("\\s+");
        ZoneId zone = ZoneId.of(clock.length > 1 ? clock[1] : "UTC");
        Instant start = LocalDateTime.parse(clock[0]).atZone(zone).toInstant();
        List<String> platforms = List.of(header.getOrDefault("platforms", "[slack]").replaceAll("[\\[\\]\\s]", "")
                .split(","));
        return new Transcript(file, header.getOrDefault("title", file.getFileName().toString()), platforms, start,
                zone, header.get("given"), steps(body));
    }

    private record Numbered(String file, int number, String text) {
    }

    private static List<Numbered> expandIncludes(List<Numbered> lines, Path root) throws IOException {
        List<Numbered> out = new ArrayList<>();
        for (Numbered n : lines) {
            String l = n.text().strip();
            if (l.startsWith("include ")) {
                Path fragment = root.resolve(l.substring("include ".length()).strip());
                List<String> included = Files.readAllLines(fragment, StandardCharsets.UTF_8);
                List<Numbered> sub = new ArrayList<>();
                for (int k = 0; k < included.size(); k++) {
                    sub.add(new Numbered(fragment.getFileName().toString(), k + 1, included.get(k)));
                }
                out.addAll(expandIncludes(sub, root));
            } else {
                out.add(n);
            }
        }
        return out;
    }

    private static List<Step> steps(List<Numbered> lines) {
        List<Step> steps = new ArrayList<>();
        List<Expect> current = null;
        Expect lastBot = null;
        for (Numbered n : lines) {
            String text = n.text();
            String l = text.strip();
            // an indented line continues the bot line above it (multi-line messages), even one starting with #
            if (lastBot != null && text.startsWith("  ") && !l.isEmpty() && !l.startsWith("bot ->")) {
                Expect grown = new Expect(lastBot.line(), lastBot.negative(), lastBot.target(), lastBot.kind(),
                        lastBot.text() + "\n" + l);
                current.set(current.size() - 1, grown);
                lastBot = grown;
                continue;
            }
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            lastBot = null;
            Matcher m;
            if ((m = BOT.matcher(l)).matches()) {
                if (current == null) {
                    throw new IllegalArgumentException(n.file() + ":" + n.number() + ": bot line before any action");
                }
                lastBot = new Expect(n.number(), !m.group(1).isEmpty(), m.group(2), m.group(3), m.group(4));
                current.add(lastBot);
                continue;
            }
            current = new ArrayList<>();
            if ((m = ADVANCE.matcher(l)).matches()) {
                steps.add(new Advance(n.number(), duration(m.group(1), n), null, current));
            } else if ((m = AT.matcher(l)).matches()) {
                steps.add(new Advance(n.number(), null, LocalDateTime.parse(m.group(1)), current));
            } else if ((m = SLACK_ANSWERS.matcher(l)).matches()) {
                steps.add(new SlackAnswers(n.number(), m.group(1), m.group(2), current));
            } else if (l.equals("~ slack recovers")) {
                steps.add(new SlackAnswers(n.number(), null, null, current));
            } else if (l.equals("~ redeliver")) {
                steps.add(new Redeliver(n.number(), current));
            } else if ((m = CLICK.matcher(l)).matches()) {
                steps.add(new Clicks(n.number(), m.group(1), m.group(2), m.group(3), current));
            } else if ((m = SUBMIT.matcher(l)).matches()) {
                steps.add(new Submits(n.number(), m.group(1), fields(m.group(2)), current));
            } else if ((m = SAYS.matcher(l)).matches()) {
                steps.add(new Says(n.number(), m.group(1), m.group(2), m.group(3) != null, m.group(4), current));
            } else {
                throw new IllegalArgumentException(n.file() + ":" + n.number() + ": cannot read line: " + l);
            }
        }
        return steps;
    }

    private static Duration duration(String text, Numbered n) {
        Matcher m = DURATION.matcher(text.replace(" ", ""));
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            long v = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "d" -> Duration.ofDays(v);
                case "h" -> Duration.ofHours(v);
                case "s" -> Duration.ofSeconds(v);
                default -> Duration.ofMinutes(v);
            });
            end = m.end();
        }
        if (d.isZero() || end != text.replace(" ", "").length()) {
            throw new IllegalArgumentException(n.file() + ":" + n.number() + ": bad duration " + text);
        }
        return d;
    }

    /** {@code value: 72, note: "a, b"}; {@code \n} in a value is a line break (multi-line fields). */
    private static Map<String, String> fields(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\\s*(\\w+)\\s*:\\s*(\"[^\"]*\"|[^,]*)\\s*(,|$)").matcher(text);
        while (m.find() && m.end() > m.start()) {
            String v = m.group(2).strip();
            out.put(m.group(1), (v.startsWith("\"") ? v.substring(1, v.length() - 1) : v).replace("\\n", "\n"));
            if (m.end() >= text.length()) {
                break;
            }
        }
        return out;
    }
}
