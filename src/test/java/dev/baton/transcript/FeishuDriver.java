package dev.baton.transcript;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.baton.support.FeishuSigner;
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
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays Feishu: sends encrypted, signed message events and card callbacks to {@code /feishu/events} and reads back
 * what Baton sent to WireMock (standing in for Feishu's open API), flattening cards to the same plain text as
 * Block Kit, so one transcript checks both platforms.
 */
final class FeishuDriver implements ChatDriver {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern MENTION = Pattern.compile("(?<![<\\w])@([\\w.-]+)");
    private static final Pattern FILE_NAME = Pattern.compile("name=\"file_name\"\\r\\n(?:[^\\r\\n]*\\r\\n)*?\\r\\n([^\\r\\n]*)");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String endpoint;
    private final String encryptKey;
    private final String token;
    private final String tenant;
    private final WireMockServer feishu;
    private final Map<String, String> openIds;
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, List<Observed>> seen = new HashMap<>();
    private final Map<String, Observed> byMessage = new HashMap<>();
    private final Map<String, Map<String, Object>> lastModal = new HashMap<>();
    private final dev.baton.support.FeishuLongConnectionStandIn longConnection;
    /** The message that carries each person's open form card. */
    private final Map<String, String> lastModalMessage = new HashMap<>();
    private final List<Observed> pendingSync = new ArrayList<>();
    private int counter;
    private String lastEvent;
    private String uploadName;

    FeishuDriver(String baseUrl, String encryptKey, String token, String tenant, WireMockServer feishu,
            Map<String, String> openIds) {
        this(baseUrl, encryptKey, token, tenant, feishu, openIds, null);
    }

    /** With {@code longConnection} set, Feishu sends events and callbacks over Baton's long connection instead. */
    FeishuDriver(String baseUrl, String encryptKey, String token, String tenant, WireMockServer feishu,
            Map<String, String> openIds, dev.baton.support.FeishuLongConnectionStandIn longConnection) {
        this.longConnection = longConnection;
        this.endpoint = baseUrl + "/feishu/events";
        this.encryptKey = encryptKey;
        this.token = token;
        this.tenant = tenant;
        this.feishu = feishu;
        this.openIds = openIds;
        openIds.forEach((name, id) -> names.put(id, name));
    }

    static String openId(String name) {
        return "ou_" + name.toLowerCase(Locale.ROOT);
    }

    private static String chatOf(String channel) {
        return "oc_" + channel.toLowerCase(Locale.ROOT).replace("-", "_");
    }

    /** The chat a card is in, as Feishu names it in a click: a card sent to a person is in their own chat. */
    private static String chatOfCard(String user, String postedTo) {
        return postedTo == null ? "" : postedTo.startsWith("ou_") ? p2pOf(user) : postedTo;
    }

    /** A person's one-to-one chat with Baton; Feishu knows it as one (ephemeral cards are refused there). */
    private static String p2pOf(String user) {
        String chat = "oc_p2p_" + user;
        dev.baton.support.FeishuRules.P2P_CHATS.add(chat);
        return chat;
    }

    private String id(String user) {
        String id = openIds.get(user);
        if (id == null) {
            throw new IllegalArgumentException("Unknown member '" + user + "' (not in the given file)");
        }
        return id;
    }

    @Override
    public void command(String user, String channel, String line) throws IOException, InterruptedException {
        if (channel == null) {
            send(user, "p2p", p2pOf(user), line);
        } else {
            send(user, "group", chatOf(channel), "@Baton " + line);
        }
    }

    @Override
    public void directMessage(String user, String text) throws IOException, InterruptedException {
        send(user, "p2p", p2pOf(user), text);
    }

    @Override
    public void mention(String user, String channel, String text) throws IOException, InterruptedException {
        send(user, "group", chatOf(channel), "@Baton " + text);
    }

    /**
     * A text message; people (and Baton) mentioned with @name become Feishu's @_user_1, @_user_2, … placeholders in
     * the order they appear, with a mentions list, as Feishu sends them.
     */
    private void send(String user, String chatType, String chatId, String text) throws IOException,
            InterruptedException {
        List<Map<String, Object>> mentions = new ArrayList<>();
        Matcher m = MENTION.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String id = m.group(1).equals("Baton") ? "ou_baton" : openIds.get(m.group(1));
            if (id == null) {
                m.appendReplacement(b, Matcher.quoteReplacement(m.group()));
                continue;
            }
            String key = "@_user_" + (mentions.size() + 1);
            mentions.add(Map.of("key", key, "id", Map.of("open_id", id), "name", m.group(1)));
            m.appendReplacement(b, Matcher.quoteReplacement(key));
        }
        m.appendTail(b);
        String eventId = "ev_" + (++counter);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", "om_in_" + counter);
        message.put("chat_id", chatId);
        message.put("chat_type", chatType);
        message.put("message_type", "text");
        message.put("content", JSON.writeValueAsString(Map.of("text", b.toString())));
        message.put("mentions", mentions);
        lastEvent = JSON.writeValueAsString(Map.of("schema", "2.0",
                "header", header(eventId, "im.message.receive_v1"),
                "event", Map.of("sender", Map.of("sender_id", Map.of("open_id", id(user)), "sender_type", "user"),
                        "message", message)));
        post(lastEvent);
    }

    private Map<String, Object> header(String eventId, String type) {
        return Map.of("event_id", eventId, "event_type", type, "token", token, "tenant_key", tenant,
                "app_id", "cli_test", "create_time", "1700000000000");
    }

    @Override
    public void redeliver() throws IOException, InterruptedException {
        if (lastEvent == null) {
            throw new IllegalStateException("Nothing to redeliver: no event was sent yet");
        }
        post(lastEvent);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void click(String user, String label, String channel) throws IOException, InterruptedException {
        List<Observed> mine = seen.getOrDefault(channel != null ? channel : user, List.of());
        for (int i = mine.size() - 1; i >= 0; i--) {
            Observed o = mine.get(i);
            for (Map<String, Object> button : o.buttons()) {
                if (label.equals(BlockText.text(button.get("text")))) {
                    String eventId = "ev_" + (++counter);
                    lastEvent = JSON.writeValueAsString(Map.of("schema", "2.0",
                            "header", header(eventId, "card.action.trigger"),
                            "event", Map.of("operator", Map.of("open_id", id(user)),
                                    "action", Map.of("tag", "button", "value", button.get("value")),
                                    "context", Map.of("open_message_id", o.ts(), "open_chat_id",
                                            chatOfCard(user, o.channel())))));
                    post(lastEvent);
                    return;
                }
            }
        }
        throw new IllegalStateException((channel != null ? channel : user) + " has no message with a button ["
                + label + "]");
    }

    @Override
    @SuppressWarnings("unchecked")
    public void submit(String user, Map<String, String> fields) throws IOException, InterruptedException {
        Map<String, Object> card = lastModal.get(user);
        if (card == null) {
            throw new IllegalStateException(user + " has no open form");
        }
        Map<String, Object> form = (Map<String, Object>) ((List<Object>) card.get("elements")).get(0);
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>(fields.keySet());
        Object submit = null;
        for (Object e : (List<Object>) form.get("elements")) {
            Map<String, Object> el = (Map<String, Object>) e;
            String tag = String.valueOf(el.get("tag"));
            if (tag.equals("button")) {
                submit = el.get("value");
                continue;
            }
            if (el.get("name") == null) {
                continue;
            }
            String name = (String) el.get("name");
            String given = fields.get(name);
            unknown.remove(name);
            if (tag.equals("multi_select_static")) {
                // a multiple choice: the transcript names the options chosen, separated by ';'
                List<Object> chosen = new ArrayList<>();
                for (String part : given == null ? new String[0] : given.split(";")) {
                    String want = part.strip();
                    Object found = null;
                    for (Object o : (List<Object>) el.get("options")) {
                        Map<String, Object> option = (Map<String, Object>) o;
                        String label = String.valueOf(((Map<String, Object>) option.get("text")).get("content"));
                        if (want.equals(option.get("value")) || want.equals(label)) {
                            found = option.get("value");
                        }
                    }
                    if (found == null && !want.isEmpty()) {
                        throw new IllegalStateException("No option '" + want + "' in field " + name);
                    }
                    if (found != null) {
                        chosen.add(found);
                    }
                }
                values.put(name, chosen);
            } else if (tag.equals("select_static")) {
                Object chosen = el.get("initial_option");
                if (given != null) {
                    chosen = null;
                    for (Object o : (List<Object>) el.get("options")) {
                        Map<String, Object> option = (Map<String, Object>) o;
                        String optionLabel = String.valueOf(((Map<String, Object>) option.get("text")).get("content"));
                        if (given.equals(option.get("value")) || given.equals(optionLabel)
                                || optionLabel.startsWith(given + " ")) {
                            chosen = option.get("value");
                        }
                    }
                    if (chosen == null) {
                        throw new IllegalStateException("No option '" + given + "' in field " + name);
                    }
                }
                if (chosen != null) {
                    values.put(name, chosen);
                }
            } else if (tag.equals("select_person") || tag.equals("multi_select_person")) {
                // a person picker offers the people in its options; the transcript names them (bob or @bob)
                List<String> offered = new ArrayList<>();
                for (Object o : (List<Object>) el.get("options")) {
                    offered.add(String.valueOf(((Map<String, Object>) o).get("value")));
                }
                List<String> chosen = new ArrayList<>();
                if (given == null && el.get("initial_option") != null) {
                    chosen.add(String.valueOf(el.get("initial_option")));
                }
                for (String person : given == null ? new String[0] : given.strip().split("[\\s,]+")) {
                    if (person.isEmpty()) {
                        continue;
                    }
                    String id = openIds.get(person.startsWith("@") ? person.substring(1) : person);
                    if (id == null || !offered.contains(id)) {
                        throw new IllegalStateException("The picker " + name + " does not offer '" + person + "'");
                    }
                    chosen.add(id);
                }
                if (tag.equals("select_person") && !chosen.isEmpty()) {
                    values.put(name, chosen.get(0));
                } else if (tag.equals("multi_select_person")) {
                    values.put(name, chosen);
                }
            } else if (given != null) {
                values.put(name, given);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("The form has no fields " + unknown);
        }
        String eventId = "ev_" + (++counter);
        lastEvent = JSON.writeValueAsString(Map.of("schema", "2.0",
                "header", header(eventId, "card.action.trigger"),
                "event", Map.of("operator", Map.of("open_id", id(user)),
                        "action", Map.of("tag", "button", "value", submit, "form_value", values),
                        "context", Map.of("open_message_id", lastModalMessage.get(user), "open_chat_id",
                                p2pOf(user)))));
        String response = post(lastEvent);
        dev.baton.support.FeishuRules.callbackAnswer(response);
        Map<String, Object> body = JSON.readValue(response, new TypeReference<Map<String, Object>>() { });
        Map<String, String> errors = body.get("errors") instanceof Map<?, ?> e ? (Map<String, String>) e
                : body.get("toast") instanceof Map<?, ?> toast && "error".equals(toast.get("type"))
                        ? fieldsOf(form, String.valueOf(toast.get("content"))) : null;
        if (errors != null) {
            List<String> lines = new ArrayList<>();
            new TreeMap<>(errors).forEach((k, v) -> lines.add(k + ": " + v));
            pendingSync.add(new Observed(user, "errors", String.join("\n", lines), List.of(), null, null, null));
        } else if (body.get("card") != null) {
            lastModal.remove(user); // the card now shows what was sent, without its form
        }
    }

    /**
     * The long connection carries only the toast, which names each field by its label ("Starts: …"): back to the
     * field names the transcripts use, through the labels of the open form.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> fieldsOf(Map<String, Object> form, String toast) {
        Map<String, String> names = new HashMap<>();
        String label = null;
        for (Object e : (List<Object>) form.get("elements")) {
            Map<String, Object> el = (Map<String, Object>) e;
            if ("div".equals(el.get("tag"))) {
                label = content(el.get("text"));
            } else if (el.get("name") != null && label != null) {
                names.put(label, String.valueOf(el.get("name")));
            }
        }
        Map<String, String> errors = new HashMap<>();
        for (String line : toast.split("\n")) {
            int colon = line.indexOf(": ");
            String field = colon < 0 ? null : names.get(line.substring(0, colon));
            if (field == null) {
                throw new IllegalStateException("A toast line that names no field of the form: " + line);
            }
            errors.put(field, line.substring(colon + 2));
        }
        return errors;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Observed> collect() {
        List<Observed> out = new ArrayList<>(pendingSync);
        pendingSync.clear();
        List<ServeEvent> events = new ArrayList<>(feishu.getAllServeEvents());
        Collections.reverse(events);
        for (ServeEvent event : events) {
            String answer = event.getResponse().getBodyAsString();
            if (event.getResponse().getStatus() >= 400 || answer == null || !answer.contains("\"code\":0")) {
                continue;
            }
            LoggedRequest r = event.getRequest();
            String path = URI.create(r.getUrl()).getPath();
            Observed o = null;
            if (path.equals("/open-apis/im/v1/files")) {
                Matcher m = FILE_NAME.matcher(new String(r.getBody(), StandardCharsets.UTF_8));
                uploadName = m.find() ? m.group(1) : "?";
            } else if (path.equals("/open-apis/im/v1/messages") && r.getMethod().getName().equals("POST")) {
                Map<String, Object> body = JSON.readValue(r.getBodyAsString(),
                        new TypeReference<Map<String, Object>>() { });
                Map<String, Object> reply = JSON.readValue(answer, new TypeReference<Map<String, Object>>() { });
                String messageId = String.valueOf(((Map<String, Object>) reply.get("data")).get("message_id"));
                String idType = r.queryParameter("receive_id_type").firstValue();
                String to = String.valueOf(body.get("receive_id"));
                String target;
                String kind;
                if (idType.equals("open_id")) {
                    target = names.getOrDefault(to, to);
                    kind = "dm";
                } else if (to.startsWith("oc_p2p_")) {
                    target = to.substring("oc_p2p_".length());
                    kind = "ephemeral";
                } else {
                    target = "#" + to.substring(3).replace('_', '-');
                    kind = "channel";
                }
                String msgType = String.valueOf(body.get("msg_type"));
                String content = String.valueOf(body.get("content"));
                if (msgType.equals("file")) {
                    String name = uploadName == null ? "?" : uploadName.replaceFirst("\\.[^.]+$", "");
                    o = new Observed(target, kind, "[file: " + name + "]", List.of(), to, messageId, null);
                } else {
                    Map<String, Object> card = JSON.readValue(content, new TypeReference<Map<String, Object>>() { });
                    if (isForm(card)) {
                        String text = flattenForm(card);
                        for (Map.Entry<String, String> person : names.entrySet()) {
                            text = text.replace("\u0000" + person.getKey() + "\u0000", person.getValue());
                        }
                        o = new Observed(target, "modal", text, List.of(), to, messageId, card);
                        lastModal.put(target, card);
                        lastModalMessage.put(target, messageId);
                    } else {
                        o = new Observed(target, kind, flatten(card), buttons(card), to, messageId, null);
                    }
                }
                byMessage.put(messageId, o);
            } else if (path.equals("/open-apis/ephemeral/v1/send")) {
                Map<String, Object> body = JSON.readValue(r.getBodyAsString(),
                        new TypeReference<Map<String, Object>>() { });
                Map<String, Object> card = (Map<String, Object>) body.get("card");
                String user = names.getOrDefault(String.valueOf(body.get("open_id")), "?");
                Map<String, Object> reply = JSON.readValue(answer, new TypeReference<Map<String, Object>>() { });
                String messageId = String.valueOf(((Map<String, Object>) reply.get("data")).get("message_id"));
                o = new Observed(user, "ephemeral", flatten(card), buttons(card), String.valueOf(body.get("chat_id")),
                        messageId, null);
                byMessage.put(messageId, o);
            } else if (path.startsWith("/open-apis/im/v1/messages/") && r.getMethod().getName().equals("PATCH")) {
                String messageId = path.substring("/open-apis/im/v1/messages/".length());
                Map<String, Object> body = JSON.readValue(r.getBodyAsString(),
                        new TypeReference<Map<String, Object>>() { });
                Map<String, Object> card = JSON.readValue(String.valueOf(body.get("content")),
                        new TypeReference<Map<String, Object>>() { });
                Observed original = byMessage.get(messageId);
                String target = original == null ? "?" : original.target();
                o = new Observed(target, "update", flatten(card), buttons(card),
                        original == null ? null : original.channel(), messageId, null);
            }
            if (o != null) {
                out.add(o);
                seen.computeIfAbsent(o.target(), k -> new ArrayList<>()).add(o);
            }
        }
        feishu.resetRequests();
        return out;
    }

    @SuppressWarnings("unchecked")
    private static boolean isForm(Map<String, Object> card) {
        List<Object> elements = (List<Object>) card.getOrDefault("elements", List.of());
        return !elements.isEmpty() && "form".equals(((Map<String, Object>) elements.get(0)).get("tag"));
    }

    @SuppressWarnings("unchecked")
    private static String content(Object node) {
        return node instanceof Map<?, ?> m ? String.valueOf(((Map<String, Object>) m).get("content")) : "";
    }

    /** The same plain text BlockText makes of the Block Kit version of this reply. */
    @SuppressWarnings("unchecked")
    static String flatten(Map<String, Object> card) {
        List<String> lines = new ArrayList<>();
        String title = card.get("header") == null ? null
                : content(((Map<String, Object>) card.get("header")).get("title"));
        for (Object e : (List<Object>) card.getOrDefault("elements", List.of())) {
            Map<String, Object> el = (Map<String, Object>) e;
            switch (String.valueOf(el.get("tag"))) {
                case "img" -> {
                    return "[image: " + title + "]";
                }
                default -> {
                    // handled below
                }
            }
        }
        if (title != null) {
            lines.add(title);
        }
        for (Object e : (List<Object>) card.getOrDefault("elements", List.of())) {
            Map<String, Object> el = (Map<String, Object>) e;
            switch (String.valueOf(el.get("tag"))) {
                case "div" -> {
                    if (el.get("text") != null) {
                        lines.addAll(List.of(content(el.get("text")).split("\n", -1)));
                    }
                    if (el.get("fields") != null) {
                        for (Object f : (List<Object>) el.get("fields")) {
                            lines.add(content(((Map<String, Object>) f).get("text")).replaceFirst("\n", ": "));
                        }
                    }
                }
                case "action" -> {
                    List<String> labels = new ArrayList<>();
                    for (Object a : (List<Object>) el.get("actions")) {
                        labels.add("[" + content(((Map<String, Object>) a).get("text")) + "]");
                    }
                    String joined = String.join(" ", labels);
                    if (lines.isEmpty()) {
                        lines.add(joined);
                    } else {
                        lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + joined);
                    }
                }
                case "note" -> {
                    List<String> parts = new ArrayList<>();
                    for (Object n : (List<Object>) el.get("elements")) {
                        parts.add(content(n));
                    }
                    lines.add(String.join(" ", parts));
                }
                default -> lines.add("<" + el.get("tag") + ">");
            }
        }
        return String.join("\n", lines);
    }

    @SuppressWarnings("unchecked")
    private static String flattenForm(Map<String, Object> card) {
        List<String> lines = new ArrayList<>();
        lines.add(content(((Map<String, Object>) card.get("header")).get("title")));
        Map<String, Object> form = (Map<String, Object>) ((List<Object>) card.get("elements")).get(0);
        for (Object e : (List<Object>) form.get("elements")) {
            Map<String, Object> el = (Map<String, Object>) e;
            String tag = String.valueOf(el.get("tag"));
            if (tag.equals("div")) {
                lines.add(content(el.get("text")));
            } else if (tag.equals("select_static") && el.get("initial_option") != null) {
                for (Object o : (List<Object>) el.get("options")) {
                    Map<String, Object> option = (Map<String, Object>) o;
                    if (el.get("initial_option").equals(option.get("value"))) {
                        lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " = " + content(option.get("text")));
                    }
                }
            } else if (tag.equals("input") && el.get("default_value") != null) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " = " + el.get("default_value"));
            } else if (tag.equals("select_person") && el.get("initial_option") != null) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " = \u0000" + el.get("initial_option")
                        + "\u0000"); // the person's name, put in by the caller
            }
        }
        return String.join("\n", lines);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> buttons(Map<String, Object> card) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object e : (List<Object>) card.getOrDefault("elements", List.of())) {
            Map<String, Object> el = (Map<String, Object>) e;
            if ("action".equals(el.get("tag"))) {
                for (Object a : (List<Object>) el.get("actions")) {
                    Map<String, Object> button = (Map<String, Object>) a;
                    Map<String, Object> b = new LinkedHashMap<>();
                    b.put("text", content(button.get("text")));
                    b.put("value", button.get("value"));
                    out.add(b);
                }
            }
        }
        return out;
    }

    private String post(String plain) throws IOException, InterruptedException {
        if (longConnection != null) {
            // a frame on the long connection: no encryption or signature, the connection is the app's own; card
            // callbacks (card.action.trigger) come as event frames too, and their answer in the response
            try {
                dev.baton.support.FeishuLongConnectionStandIn.Reply reply = longConnection.response(
                        longConnection.send("event", plain), java.time.Duration.ofSeconds(10));
                if (reply.code() != 200) {
                    throw new IllegalStateException("Baton answered the frame with " + reply.code());
                }
                return reply.data().isBlank() ? "{}" : reply.data();
            } catch (IOException | InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        String body = JSON.writeValueAsString(Map.of("encrypt", FeishuSigner.encrypt(encryptKey, plain)));
        String ts = String.valueOf(System.currentTimeMillis() / 1000);
        String nonce = "nonce" + (++counter);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/json")
                .header("X-Lark-Request-Timestamp", ts)
                .header("X-Lark-Request-Nonce", nonce)
                .header("X-Lark-Signature", FeishuSigner.sign(ts, nonce, encryptKey, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Baton answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
