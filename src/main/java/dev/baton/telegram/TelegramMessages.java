package dev.baton.telegram;

import dev.baton.conversation.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every {@link Reply} as a Telegram message in HTML parse mode. Everything Baton shows is escaped ({@code & < >}),
 * and an {@code @} before a name gets a word joiner, so what people typed is shown as typed and never mentions
 * anyone; only Baton's own markup is bold (titles, labels) or italic (footers). Text stays under Telegram's 4,096
 * characters (1,024 for a caption) by dropping lines from the end with a "…".
 */
final class TelegramMessages {

    /** What Telegram counts is the text after the markup is taken out. */
    static final int MAX_TEXT = 4096;
    static final int MAX_CAPTION = 1024;
    /** Buttons on one row of an inline keyboard; more go on the next row. */
    static final int PER_ROW = 3;
    private static final Pattern MENTION = Pattern.compile("@(?=[A-Za-z0-9_])");

    /** The HTML text and the buttons, row by row. */
    record Message(String html, List<List<Reply.Button>> rows) {
    }

    private TelegramMessages() {
    }

    static Message of(Reply reply) {
        return reply.render(new Reply.Renderer<>() {
            @Override
            public Message text(Reply.Text text) {
                return build(null, List.of(text.text()), List.of(), List.of(), null, MAX_TEXT);
            }

            @Override
            public Message card(Reply.Card card) {
                return build(card.title(), card.lines(), card.fields(), card.buttons(), card.footer(), MAX_TEXT);
            }

            @Override
            public Message form(Reply.Form form) {
                // Telegram has no forms: the fields are listed, and the engine asks for them one by one
                List<String> lines = new ArrayList<>();
                for (Reply.FormField f : form.fields()) {
                    lines.add(f.label() + (f.initial() == null || f.initial().isBlank() ? ""
                            : " = " + initialLabel(f)));
                }
                return build(form.title(), lines, List.of(), List.of(), null, MAX_TEXT);
            }

            @Override
            public Message formErrors(Reply.FormErrors errors) {
                List<String> lines = new ArrayList<>();
                errors.errors().forEach((field, problem) -> lines.add(field + ": " + problem));
                return build(null, lines, List.of(), List.of(), null, MAX_TEXT);
            }

            @Override
            public Message image(Reply.Image image) {
                return build(image.title(), List.of(image.altText()), List.of(), List.of(), null, MAX_CAPTION);
            }

            @Override
            public Message file(Reply.File file) {
                return build(file.title(), List.of(file.summary()), List.of(), List.of(), null, MAX_CAPTION);
            }
        });
    }

    private static String initialLabel(Reply.FormField f) {
        return f.options().stream().filter(o -> o.value().equals(f.initial())).map(Reply.Option::label).findFirst()
                .orElse(f.initial());
    }

    private static Message build(String title, List<String> lines, List<Reply.Field> fields,
            List<Reply.Button> buttons, String footer, int max) {
        List<String> html = new ArrayList<>();
        int[] used = {0};
        if (title != null && !title.isBlank()) {
            add(html, used, "<b>" + escape(title) + "</b>", title.length(), max);
        }
        List<String> body = new ArrayList<>();
        for (String line : lines) {
            body.addAll(List.of(line.split("\n", -1)));
        }
        for (Reply.Field f : fields) {
            body.add("\u0000" + f.label() + "\u0000" + f.value());
        }
        int reserve = footer == null || footer.isBlank() ? 0 : footer.length() + 3;
        for (String line : body) {
            String shown;
            int length;
            if (line.startsWith("\u0000")) {
                String[] parts = line.substring(1).split("\u0000", 2);
                shown = "<b>" + escape(parts[0]) + "</b>: " + escape(parts[1]);
                length = parts[0].length() + 2 + parts[1].length();
            } else {
                shown = escape(line);
                length = line.length();
            }
            if (!add(html, used, shown, length, max - reserve - 2)) {
                html.add("…");
                used[0] += 2;
                break;
            }
        }
        if (footer != null && !footer.isBlank()) {
            add(html, used, "<i>" + escape(footer) + "</i>", footer.length(), max);
        }
        List<List<Reply.Button>> rows = new ArrayList<>();
        for (int i = 0; i < buttons.size(); i += PER_ROW) {
            rows.add(List.copyOf(buttons.subList(i, Math.min(buttons.size(), i + PER_ROW))));
        }
        return new Message(String.join("\n", html), rows);
    }

    /** Adds a line when it fits in {@code max} shown characters (counting the line break before it). */
    private static boolean add(List<String> html, int[] used, String line, int shownLength, int max) {
        int cost = shownLength + (html.isEmpty() ? 0 : 1);
        if (used[0] + cost > max) {
            if (html.isEmpty()) {
                // a single line too long for the message: its start, cut between code points
                String cut = escape(cutOnCodePoints(unescape(line), max - 1)) + "…";
                html.add(cut);
                used[0] = max;
                return true;
            }
            return false;
        }
        html.add(line);
        used[0] += cost;
        return true;
    }

    /** The text shown as typed: HTML's three special characters escaped, mentions made inert. */
    static String escape(String text) {
        String s = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return MENTION.matcher(s).replaceAll("@\u2060");
    }

    private static String unescape(String html) {
        return html.replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String cutOnCodePoints(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars;
        if (Character.isLowSurrogate(text.charAt(end)) && end > 0) {
            end--;
        }
        return text.substring(0, end);
    }
}
