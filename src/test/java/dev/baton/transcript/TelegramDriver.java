package dev.baton.transcript;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.baton.support.TelegramRules;
import dev.baton.support.TelegramStandIn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays Telegram: posts updates (messages, button clicks) to {@code /telegram/updates} with the webhook's secret, or
 * hands them to Baton's long polling, and reads back the Bot API calls Baton made to WireMock, flattening their HTML
 * to the same plain text as Block Kit, so one transcript checks every platform. A private answer is a silent
 * message in the person's chat with Baton ({@code ephemeral}); one that notifies is a {@code dm}.
 */
final class TelegramDriver implements ChatDriver {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A file part's name ({@code filename="…"}), or the SDK's reference to it in the method's field. */
    private static final Pattern FILE_NAME = Pattern.compile("(?:filename=\"?|attach://)([^\";]+)\"?");

    /** Where updates go: the webhook, or the long-polling stand-in's queue. */
    interface Transport {
        String post(String update) throws IOException, InterruptedException;
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final WireMockServer telegram;
    private final Map<String, String> ids;
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, String> languages;
    private final Map<String, String> chats = new HashMap<>();
    private final Map<String, List<Observed>> seen = new HashMap<>();
    private final Map<String, Observed> byMessage = new HashMap<>();
    private final Transport transport;
    /** Update ids only grow, over every file (a long-polling Baton forgets ids below the last it took). */
    private static final java.util.concurrent.atomic.AtomicInteger UPDATE_IDS = new java.util.concurrent.atomic.AtomicInteger(1000);
    private int messageId = 1;
    private String lastUpdate;

    private TelegramDriver(WireMockServer telegram, Map<String, String> ids, Map<String, String> languages,
            Transport transport) {
        this.telegram = telegram;
        this.ids = ids;
        this.languages = languages;
        ids.forEach((name, id) -> names.put(id, name));
        this.transport = transport;
    }

    private String webhook;
    private String secret;

    /** Through the webhook at {@code baseUrl}. */
    static TelegramDriver webhook(String baseUrl, String secret, WireMockServer telegram, Map<String, String> ids,
            Map<String, String> languages) {
        TelegramDriver d = new TelegramDriver(telegram, ids, languages, null);
        d.webhook = baseUrl + "/telegram/updates";
        d.secret = secret;
        return d;
    }

    static TelegramDriver through(Transport transport, WireMockServer telegram, Map<String, String> ids,
            Map<String, String> languages) {
        return new TelegramDriver(telegram, ids, languages, transport);
    }

    /**
     * A person's id, a number as Telegram's are, the same for a name in every file (Baton's replica remembers who
     * sent its recent updates; a number that named someone else before would carry their name).
     */
    static String userId(String name) {
        return String.valueOf(7_000_000_000L + Math.floorMod(name.hashCode(), 1_000_000_000));
    }

    /** A group's chat id (negative, as Telegram's are), named after the transcript's channel. */
    private String chatOf(String channel) {
        String id = "-100" + (1_000_000 + Math.floorMod(channel.hashCode(), 8_000_000));
        chats.put(id, channel);
        return id;
    }

    private String id(String user) {
        String id = ids.get(user);
        if (id == null) {
            throw new IllegalArgumentException("Unknown member '" + user + "' (not in the given file)");
        }
        return id;
    }

    private Map<String, Object> from(String user) {
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("id", Long.parseLong(id(user)));
        from.put("is_bot", false);
        from.put("first_name", user);
        from.put("language_code", languages.getOrDefault(user, "en"));
        return from;
    }

    private Map<String, Object> chat(String chatId, String user) {
        return chatId.startsWith("-") ? Map.of("id", Long.parseLong(chatId), "type", "supergroup",
                "title", chats.getOrDefault(chatId, "group"))
                : Map.of("id", Long.parseLong(chatId), "type", "private", "first_name", user);
    }

    @Override
    public void command(String user, String channel, String line) throws IOException, InterruptedException {
        // in a group, as Telegram's clients send a command picked from the menu: /okr@BatonBot …
        String text = channel == null ? line : line.replaceFirst("^(/\\S+)", "$1@BatonBot");
        message(user, channel == null ? id(user) : chatOf(channel), text, true);
    }

    @Override
    public void directMessage(String user, String text) throws IOException, InterruptedException {
        message(user, id(user), text, false);
    }

    @Override
    public void mention(String user, String channel, String text) throws IOException, InterruptedException {
        String mention = "@BatonBot";
        message(user, chatOf(channel), mention + " " + text, false, List.of(Map.of("type", "mention", "offset", 0,
                "length", mention.length())));
    }

    private void message(String user, String chatId, String text, boolean command)
            throws IOException, InterruptedException {
        List<Map<String, Object>> entities = new ArrayList<>();
        if (command) {
            int end = text.indexOf(' ');
            entities.add(Map.of("type", "bot_command", "offset", 0, "length", end < 0 ? text.length() : end));
        }
        message(user, chatId, text, command, entities);
    }

    private void message(String user, String chatId, String text, boolean command, List<Map<String, Object>> entities)
            throws IOException, InterruptedException {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", ++messageId);
        message.put("from", from(user));
        message.put("chat", chat(chatId, user));
        message.put("date", 1_700_000_000);
        message.put("text", text);
        if (!entities.isEmpty()) {
            message.put("entities", entities);
        }
        send(Map.of("update_id", UPDATE_IDS.incrementAndGet(), "message", message));
    }

    private void send(Map<String, Object> update) throws IOException, InterruptedException {
        lastUpdate = JSON.writeValueAsString(update);
        post(lastUpdate);
    }

    @Override
    public void redeliver() throws IOException, InterruptedException {
        if (lastUpdate == null) {
            throw new IllegalStateException("Nothing to redeliver: no update was sent yet");
        }
        post(lastUpdate);
    }

    @Override
    public void click(String user, String label, String channel) throws IOException, InterruptedException {
        List<Observed> mine = seen.getOrDefault(channel != null ? channel : user, List.of());
        for (int i = mine.size() - 1; i >= 0; i--) {
            Observed o = mine.get(i);
            for (Map<String, Object> button : o.buttons()) {
                if (label.equals(button.get("text"))) {
                    Map<String, Object> message = new LinkedHashMap<>();
                    message.put("message_id", Long.parseLong(o.ts()));
                    message.put("chat", chat(o.channel(), user));
                    message.put("date", 1_700_000_000);
                    message.put("text", o.text());
                    int updateId = UPDATE_IDS.incrementAndGet();
                    send(Map.of("update_id", updateId, "callback_query", Map.of("id", "cb" + updateId,
                            "from", from(user), "message", message, "chat_instance", "ci1",
                            "data", button.get("data"))));
                    return;
                }
            }
        }
        throw new IllegalStateException((channel != null ? channel : user) + " has no message with a button ["
                + label + "]");
    }

    @Override
    public void submit(String user, Map<String, String> fields) {
        throw new IllegalStateException("Telegram has no forms: a transcript with 'submits' opts Telegram out");
    }

    @Override
    public List<Observed> collect() {
        List<Observed> out = new ArrayList<>();
        List<ServeEvent> events = new ArrayList<>(telegram.getAllServeEvents());
        Collections.reverse(events);
        for (ServeEvent event : events) {
            String method = TelegramStandIn.method(event.getRequest().getUrl());
            String answer = event.getResponse().getBodyAsString();
            if (method == null || event.getResponse().getStatus() != 200 || answer == null) {
                continue;
            }
            Map<String, JsonNode> f = TelegramStandIn.fields(event.getRequest());
            Observed o = null;
            if (method.equals("sendMessage") || method.equals("sendPhoto") || method.equals("sendDocument")) {
                String chat = f.get("chat_id").asString("");
                String postedId = JSON.readTree(answer).path("result").path("message_id").asString("");
                boolean silent = f.containsKey("disable_notification")
                        && f.get("disable_notification").asString("").equals("true");
                String target;
                String kind;
                if (chat.startsWith("-")) {
                    target = "#" + chats.getOrDefault(chat, chat);
                    kind = "channel";
                } else {
                    target = names.getOrDefault(chat, chat);
                    kind = silent ? "ephemeral" : "dm";
                }
                String text;
                List<Map<String, Object>> buttons = buttons(f.get("reply_markup"));
                if (method.equals("sendPhoto")) {
                    text = "[image: " + shown(f.get("caption").asString("")).split("\n")[0] + "]";
                } else if (method.equals("sendDocument")) {
                    Matcher m = FILE_NAME.matcher(f.get("document").asString(""));
                    text = "[file: " + (m.find() ? m.group(1).replaceFirst("\\.[^.]+$", "")
                            : "? " + f.get("document")) + "]";
                } else {
                    text = flatten(f.get("text").asString(""), buttons);
                }
                o = new Observed(target, kind, text, buttons, chat, postedId, null);
                byMessage.put(chat + "/" + postedId, o);
            } else if (method.equals("editMessageText")) {
                String chat = f.get("chat_id").asString("");
                String id = f.get("message_id").asString("");
                Observed original = byMessage.get(chat + "/" + id);
                List<Map<String, Object>> buttons = buttons(f.get("reply_markup"));
                o = new Observed(original == null ? "?" : original.target(), "update",
                        flatten(f.get("text").asString(""), buttons), buttons, chat, id, null);
                byMessage.put(chat + "/" + id, o);
            }
            if (o != null) {
                out.add(o);
                seen.computeIfAbsent(o.target(), k -> new ArrayList<>()).add(o);
            }
        }
        telegram.resetRequests();
        return out;
    }

    private static List<Map<String, Object>> buttons(JsonNode markup) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (markup == null || markup.isNull()) {
            return out;
        }
        JsonNode m = markup.isString() ? JSON.readTree(markup.asString()) : markup;
        for (JsonNode row : m.path("inline_keyboard")) {
            for (JsonNode b : row) {
                Map<String, Object> button = new LinkedHashMap<>();
                button.put("text", b.path("text").asString(""));
                button.put("data", b.path("callback_data").asString(""));
                out.add(button);
            }
        }
        return out;
    }

    /** What a person sees of Telegram HTML: the text without markup, entities decoded, word joiners gone. */
    static String shown(String html) {
        return TelegramRules.shown(html);
    }

    /**
     * The same plain text BlockText makes of the Block Kit version: lines, then the buttons' labels after the last
     * of them, then the footer (Baton's italic last line).
     */
    static String flatten(String html, List<Map<String, Object>> buttons) {
        List<String> lines = new ArrayList<>(List.of(html.split("\n", -1)));
        String footer = null;
        if (lines.size() > 1 && lines.get(lines.size() - 1).matches("<i>.*</i>")) {
            footer = shown(lines.remove(lines.size() - 1));
        }
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(shown(line));
        }
        if (!buttons.isEmpty()) {
            List<String> labels = new ArrayList<>();
            buttons.forEach(b -> labels.add("[" + b.get("text") + "]"));
            String joined = String.join(" ", labels);
            if (out.isEmpty()) {
                out.add(joined);
            } else {
                out.set(out.size() - 1, out.get(out.size() - 1) + " " + joined);
            }
        }
        if (footer != null) {
            out.add(footer);
        }
        return String.join("\n", out);
    }

    private String post(String update) throws IOException, InterruptedException {
        if (transport != null) {
            return transport.post(update);
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(webhook))
                .header("Content-Type", "application/json")
                .header("X-Telegram-Bot-Api-Secret-Token", secret)
                .POST(HttpRequest.BodyPublishers.ofString(update, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Baton answered " + response.statusCode() + ": " + response.body());
        }
        TelegramRules.webhookAnswer(response.body());
        return response.body();
    }

    static String language(String locale) {
        return locale != null && locale.toLowerCase(Locale.ROOT).startsWith("zh") ? "zh-hans" : "en";
    }
}
