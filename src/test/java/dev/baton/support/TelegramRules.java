package dev.baton.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Telegram's Bot API refuses, or shows wrongly, in what Baton sends: known methods only, their required fields,
 * HTML that Telegram's parser takes (its own tags only, balanced, every {@code & < >} escaped), text at most 4,096
 * characters and captions 1,024 as shown, inline buttons with a text and 1–64 bytes of {@code callback_data}, click
 * answers of at most 200 characters, a command menu Telegram accepts, and nothing that would mention someone
 * ({@code @username}) from what a person typed. A private chat takes messages only from a bot its person started
 * ({@link #STARTED}; else 403). {@link TelegramStandIn} answers a broken rule as Telegram does (400) and records
 * it; {@link BatonTestSupport} fails the test that caused it.
 */
public final class TelegramRules {

    public static final Queue<String> VIOLATIONS = new ConcurrentLinkedQueue<>();
    /** People who pressed Start in their chat with Baton (the drivers say who); others' private chats refuse (403). */
    public static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final Set<String> METHODS = Set.of("getMe", "getUpdates", "deleteWebhook", "setWebhook", "setMyCommands",
            "sendMessage", "editMessageText", "sendPhoto", "sendDocument", "answerCallbackQuery", "getChat");
    private static final Set<String> TAGS = Set.of("b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a",
            "code", "pre", "tg-spoiler", "blockquote");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-z-]+)([^>]*)>");
    private static final Pattern ENTITY = Pattern.compile("&(lt|gt|amp|quot|#\\d+);");
    /** What Telegram's clients turn into a mention of a username (five characters at least). */
    private static final Pattern MENTION = Pattern.compile("@[A-Za-z0-9_]{5,}");

    private TelegramRules() {
    }

    /** A refusal Telegram would answer: its code and description. */
    public record Refusal(int code, String description) {
    }

    /**
     * The rules for one call; {@code fields} are the JSON body's (or the multipart form's) fields as JSON. Null when
     * Telegram takes it.
     */
    public static Refusal apiCall(String method, Map<String, JsonNode> fields) {
        List<String> v = new ArrayList<>();
        if (!METHODS.contains(method)) {
            return new Refusal(404, "Not Found: method " + method);
        }
        switch (method) {
            case "sendMessage" -> {
                required(fields, v, "chat_id", "text");
                text(fields, "text", 4096, v);
                markup(fields, v);
            }
            case "editMessageText" -> {
                required(fields, v, "chat_id", "message_id", "text");
                text(fields, "text", 4096, v);
                markup(fields, v);
            }
            case "sendPhoto", "sendDocument" -> {
                required(fields, v, "chat_id", method.equals("sendPhoto") ? "photo" : "document");
                text(fields, "caption", 1024, v);
                markup(fields, v);
            }
            case "answerCallbackQuery" -> {
                required(fields, v, "callback_query_id");
                if (fields.containsKey("text") && fields.get("text").asString("").length() > 200) {
                    v.add("answerCallbackQuery text is over 200 characters");
                }
            }
            case "setMyCommands" -> commands(fields, v);
            case "getChat" -> required(fields, v, "chat_id");
            default -> {
            }
        }
        if (!v.isEmpty()) {
            return new Refusal(400, "Bad Request: " + String.join("; ", v));
        }
        if (Set.of("sendMessage", "sendPhoto", "sendDocument").contains(method)) {
            String chat = fields.get("chat_id").asString("");
            if (!chat.startsWith("-") && !STARTED.contains(chat)) {
                return new Refusal(403, "Forbidden: bot can't initiate conversation with a user");
            }
        }
        return null;
    }

    /** Baton's answer to a webhook update: empty, or one method Telegram runs on its behalf. */
    public static void webhookAnswer(String body) {
        JsonNode answer = JSON.readTree(body.isBlank() ? "{}" : body);
        if (answer.has("method")) {
            Map<String, JsonNode> fields = new java.util.LinkedHashMap<>();
            answer.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
            Refusal r = apiCall(answer.path("method").asString(""), fields);
            if (r != null) {
                VIOLATIONS.add("webhook answer " + answer.path("method").asString("") + ": " + r.description());
            }
        }
    }

    private static void required(Map<String, JsonNode> fields, List<String> v, String... names) {
        for (String name : names) {
            JsonNode f = fields.get(name);
            if (f == null || f.isNull() || f.asString("").isBlank() && !f.isNumber()) {
                v.add(name + " is required");
            }
        }
    }

    private static void text(Map<String, JsonNode> fields, String name, int max, List<String> v) {
        JsonNode node = fields.get(name);
        if (node == null) {
            return;
        }
        String text = node.asString("");
        JsonNode mode = fields.get("parse_mode");
        String shown = mode != null && "HTML".equals(mode.asString("")) ? html(text, v) : text;
        if (mode != null && !"HTML".equals(mode.asString(""))) {
            v.add("parse_mode " + mode.asString("") + " (Baton sends HTML)");
        }
        if (shown.strip().isEmpty() && name.equals("text")) {
            v.add("message text is empty");
        }
        if (shown.length() > max) {
            v.add(name + " is " + shown.length() + " characters as shown (at most " + max + ")");
        }
        Matcher m = MENTION.matcher(shown);
        if (m.find()) {
            v.add(name + " would mention " + m.group() + " (user text must be inert)");
        }
    }

    /** What a person sees of Baton's HTML: no markup, entities decoded, word joiners (which keep @ inert) gone. */
    public static String shown(String html) {
        return html(html, new ArrayList<>()).replace("\u2060", "");
    }

    /** Telegram's HTML: the text as shown, after checking its tags and entities. */
    static String html(String text, List<String> v) {
        Deque<String> open = new ArrayDeque<>();
        Matcher m = TAG.matcher(text);
        StringBuilder shown = new StringBuilder();
        int last = 0;
        while (m.find()) {
            shown.append(text, last, m.start());
            last = m.end();
            String tag = m.group(2);
            if (!TAGS.contains(tag)) {
                v.add("unsupported tag <" + tag + ">");
                continue;
            }
            if (m.group(1).isEmpty()) {
                if (tag.equals("a") && !m.group(3).matches("\\s+href=\"[^\"<>]*\"")) {
                    v.add("<a> needs exactly an href");
                } else if (!tag.equals("a") && !m.group(3).isEmpty()) {
                    v.add("<" + tag + "> takes no attributes");
                }
                open.push(tag);
            } else if (open.isEmpty() || !open.pop().equals(tag)) {
                v.add("can't parse entities: unmatched </" + tag + ">");
            }
        }
        shown.append(text.substring(last));
        if (!open.isEmpty()) {
            v.add("can't parse entities: unclosed <" + open.peek() + ">");
        }
        String rest = shown.toString();
        if (rest.contains("<") || rest.contains(">")) {
            v.add("can't parse entities: a raw < or > in the text");
        }
        Matcher amp = Pattern.compile("&").matcher(rest);
        while (amp.find()) {
            Matcher e = ENTITY.matcher(rest);
            if (!e.find(amp.start()) || e.start() != amp.start()) {
                v.add("can't parse entities: a raw & in the text");
                break;
            }
        }
        return ENTITY.matcher(rest).replaceAll(r -> switch (r.group(1)) {
            case "lt" -> "<";
            case "gt" -> ">";
            case "amp" -> "&";
            case "quot" -> "\"";
            default -> "?";
        });
    }

    private static void markup(Map<String, JsonNode> fields, List<String> v) {
        JsonNode markup = fields.get("reply_markup");
        if (markup == null || markup.isNull()) {
            return;
        }
        if (markup.isString()) {
            markup = JSON.readTree(markup.asString());
        }
        JsonNode rows = markup.path("inline_keyboard");
        if (!rows.isArray()) {
            v.add("reply_markup without inline_keyboard");
            return;
        }
        int count = 0;
        for (JsonNode row : rows) {
            if (row.size() > 8) {
                v.add("more than 8 buttons on a row");
            }
            for (JsonNode button : row) {
                count++;
                if (button.path("text").asString("").isBlank()) {
                    v.add("a button without text");
                }
                boolean callback = button.has("callback_data");
                boolean url = button.has("url");
                if (callback == url) {
                    v.add("a button needs exactly one of callback_data and url");
                }
                if (callback) {
                    int bytes = button.path("callback_data").asString("").getBytes(StandardCharsets.UTF_8).length;
                    if (bytes < 1 || bytes > 64) {
                        v.add("BUTTON_DATA_INVALID: callback_data of " + bytes + " bytes (1 to 64)");
                    }
                }
            }
        }
        if (count > 100) {
            v.add(count + " buttons (at most 100)");
        }
    }

    private static void commands(Map<String, JsonNode> fields, List<String> v) {
        JsonNode commands = fields.get("commands");
        if (commands != null && commands.isString()) {
            commands = JSON.readTree(commands.asString());
        }
        if (commands == null || !commands.isArray() || commands.size() > 100) {
            v.add("commands must be a list of at most 100");
            return;
        }
        for (JsonNode c : commands) {
            if (!c.path("command").asString("").matches("[a-z0-9_]{1,32}")) {
                v.add("BOT_COMMAND_INVALID: " + c.path("command").asString(""));
            }
            int length = c.path("description").asString("").length();
            if (length < 1 || length > 256) {
                v.add("command description of " + length + " characters (1 to 256)");
            }
        }
    }

    public static void assertNoneBroken() {
        List<String> broken = new ArrayList<>();
        for (String s = VIOLATIONS.poll(); s != null; s = VIOLATIONS.poll()) {
            broken.add(s);
        }
        if (!broken.isEmpty()) {
            throw new AssertionError("Telegram would refuse what Baton sent:\n  " + String.join("\n  ", broken));
        }
    }
}
