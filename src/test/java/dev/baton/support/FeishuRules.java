package dev.baton.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Feishu refuses, or shows wrongly, in what Baton sends: message cards with known tags only, a title and texts
 * where Feishu wants them, a form with named inputs and a submit button, at most 30 KB, user text never in a
 * {@code lark_md} that could mention everyone ({@code <at id=all>}), and ephemeral cards only in group chats (Feishu
 * has no ephemeral messages in a one-to-one chat). {@link FeishuStandIn} answers a broken rule as an error and
 * records it; {@link BatonTestSupport} fails the test that caused it.
 */
public final class FeishuRules {

    public static final Queue<String> VIOLATIONS = new ConcurrentLinkedQueue<>();
    /** The one-to-one chats people wrote to Baton from (the test drivers say which), as Feishu knows them. */
    public static final Set<String> P2P_CHATS = ConcurrentHashMap.newKeySet();

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A Feishu person in Slack's mention syntax: what a mention became on the way in, never meant to be shown. */
    private static final java.util.regex.Pattern SLACK_MENTION = java.util.regex.Pattern.compile("<@o[un]_");
    private static final int MAX_CARD_BYTES = 30 * 1024;
    private static final Set<String> CARD_KEYS = Set.of("config", "header", "elements", "card_link");
    private static final Set<String> TEMPLATES = Set.of("blue", "wathet", "turquoise", "green", "yellow", "orange",
            "red", "carmine", "violet", "purple", "indigo", "grey", "default");
    private static final Set<String> ELEMENTS = Set.of("div", "hr", "img", "note", "action", "markdown", "form",
            "column_set");
    private static final Set<String> ACTIONS = Set.of("button", "select_static", "overflow", "date_picker",
            "select_person", "multi_select_person");
    private static final Set<String> FORM_ELEMENTS = Set.of("div", "input", "select_static",
            "multi_select_static", "select_person",
            "multi_select_person", "date_picker", "button", "hr", "note", "markdown");
    private static final Set<String> BUTTON_TYPES = Set.of("default", "primary", "danger", "text",
            "primary_filled", "danger_filled");
    private static final Set<String> ID_TYPES = Set.of("open_id", "user_id", "union_id", "email", "chat_id");

    private FeishuRules() {
    }

    /** The rules for one call of Feishu's open API. */
    public static List<String> apiCall(String method, String path, Map<String, String> query, String body) {
        List<String> v = new ArrayList<>();
        if (method.equals("POST") && path.equals("/open-apis/im/v1/messages")) {
            String idType = query.get("receive_id_type");
            if (idType == null || !ID_TYPES.contains(idType)) {
                v.add("receive_id_type missing or unknown: " + idType);
            }
            JsonNode message = JSON.readTree(body);
            String uuid = message.path("uuid").asString("");
            if (uuid.length() > 50) {
                v.add("uuid is " + uuid.length() + " characters (at most 50)");
            }
            if ("interactive".equals(message.path("msg_type").asString(""))) {
                card(message.path("content").asString(""), v);
            }
        } else if (method.equals("PATCH") && path.startsWith("/open-apis/im/v1/messages/")) {
            card(JSON.readTree(body).path("content").asString(""), v);
        } else if (method.equals("POST") && path.equals("/open-apis/ephemeral/v1/send")) {
            JsonNode send = JSON.readTree(body);
            String chat = send.path("chat_id").asString("");
            if (chat.isEmpty() || P2P_CHATS.contains(chat)) {
                v.add("an ephemeral card can only go to a group chat, not " + (chat.isEmpty() ? "no chat" : chat));
            }
            if (send.path("open_id").asString("").isEmpty()) {
                v.add("an ephemeral card needs the open_id of the one who sees it");
            }
            card(JSON.writeValueAsString(send.path("card")), v);
        }
        return v;
    }

    /**
     * Checks what Baton answered a card callback with: a toast, and a card that replaces the clicked one
     * ({@code {"type": "raw", "data": card}}), which Feishu shows only if it is a valid card.
     */
    public static void callbackAnswer(String body) {
        List<String> v = new ArrayList<>();
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (RuntimeException e) {
            VIOLATIONS.add("a card callback's answer is not JSON: " + body);
            return;
        }
        if (answer.has("toast") && !Set.of("success", "error", "warning", "info")
                .contains(answer.path("toast").path("type").asString(""))) {
            v.add("a toast needs type success, error, warning or info");
        }
        if (answer.has("card")) {
            if (!"raw".equals(answer.path("card").path("type").asString(""))) {
                v.add("a callback's card needs type raw (or template with an id)");
            }
            card(JSON.writeValueAsString(answer.path("card").path("data")), v);
        }
        v.forEach(problem -> VIOLATIONS.add("callback answer: " + problem));
    }

    static void card(String content, List<String> v) {
        int bytes = content.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_CARD_BYTES) {
            v.add("card is " + bytes + " bytes (at most 30 KB)");
        }
        JsonNode card;
        try {
            card = JSON.readTree(content);
        } catch (RuntimeException e) {
            v.add("card content is not JSON: " + e.getMessage());
            return;
        }
        card.propertyNames().forEach(k -> {
            if (!CARD_KEYS.contains(k)) {
                v.add("unknown card property " + k);
            }
        });
        if (card.has("header")) {
            JsonNode header = card.path("header");
            text("header title", header.path("title"), v);
            String template = header.path("template").asString("default");
            if (!TEMPLATES.contains(template)) {
                v.add("unknown header template " + template);
            }
        }
        if (!card.path("elements").isArray() || card.path("elements").isEmpty()) {
            v.add("a card needs elements");
            return;
        }
        Set<String> formNames = new HashSet<>();
        for (JsonNode e : card.path("elements")) {
            element(e, formNames, v);
        }
    }

    private static void element(JsonNode e, Set<String> formNames, List<String> v) {
        String tag = e.path("tag").asString("");
        if (!ELEMENTS.contains(tag)) {
            v.add("unknown card element " + tag);
            return;
        }
        switch (tag) {
            case "div" -> {
                if (!e.has("text") && !e.has("fields")) {
                    v.add("a div needs text or fields");
                }
                if (e.has("text")) {
                    text("div", e.path("text"), v);
                }
                for (JsonNode f : e.path("fields")) {
                    text("div field", f.path("text"), v);
                }
            }
            case "note" -> {
                if (!e.path("elements").isArray() || e.path("elements").isEmpty()) {
                    v.add("a note needs elements");
                }
                for (JsonNode n : e.path("elements")) {
                    if (!"img".equals(n.path("tag").asString(""))) {
                        text("note", n, v);
                    }
                }
            }
            case "img" -> {
                if (e.path("img_key").asString("").isEmpty()) {
                    v.add("an img needs its img_key");
                }
                text("img alt", e.path("alt"), v);
            }
            case "action" -> {
                if (!e.path("actions").isArray() || e.path("actions").isEmpty()) {
                    v.add("an action element needs actions");
                }
                for (JsonNode a : e.path("actions")) {
                    String t = a.path("tag").asString("");
                    if (!ACTIONS.contains(t)) {
                        v.add("unknown action " + t);
                    } else if (t.equals("button")) {
                        button(a, v);
                    }
                }
            }
            case "form" -> form(e, formNames, v);
            case "markdown" -> inert("markdown", e.path("content").asString(""), v);
            default -> {
            }
        }
    }

    private static void form(JsonNode form, Set<String> formNames, List<String> v) {
        String name = form.path("name").asString("");
        if (name.isEmpty() || !formNames.add(name)) {
            v.add("a form needs a name of its own in the card");
        }
        Set<String> inputs = new HashSet<>();
        boolean submit = false;
        for (JsonNode e : form.path("elements")) {
            String tag = e.path("tag").asString("");
            if (!FORM_ELEMENTS.contains(tag)) {
                v.add("unknown form element " + tag);
                continue;
            }
            switch (tag) {
                case "div" -> text("form div", e.path("text"), v);
                case "button" -> {
                    button(e, v);
                    submit |= "form_submit".equals(e.path("action_type").asString(""));
                    if (e.path("name").asString("").isEmpty()) {
                        v.add("a form's button needs a name");
                    }
                }
                case "input", "select_static", "multi_select_static", "select_person", "multi_select_person",
                        "date_picker" -> {
                    String input = e.path("name").asString("");
                    if (input.isEmpty() || !inputs.add(input)) {
                        v.add("a form input needs a name of its own: " + input);
                    }
                    if (e.has("placeholder")) {
                        text(tag + " placeholder", e.path("placeholder"), v);
                    }
                    if (tag.endsWith("select_person")) {
                        // without options Feishu offers only the chat's members: in a one-to-one chat, nobody
                        if (!e.path("options").isArray() || e.path("options").isEmpty()) {
                            v.add("a person picker needs the people it offers as options");
                        }
                        for (JsonNode o : e.path("options")) {
                            if (!o.path("value").asString("").startsWith("ou_")) {
                                v.add("a person picker's option is an open id, not " + o.path("value"));
                            }
                        }
                    }
                    if (tag.equals("multi_select_static") && e.has("initial_option")) {
                        v.add("a multiple choice starts from selected_values, not initial_option");
                    }
                    if (tag.endsWith("select_static")) {
                        if (!e.path("options").isArray() || e.path("options").isEmpty()) {
                            v.add("a select needs options");
                        }
                        Set<String> values = new java.util.HashSet<>();
                        for (JsonNode o : e.path("options")) {
                            text("option", o.path("text"), v);
                            if (o.path("value").asString("").isEmpty()) {
                                v.add("an option needs a value");
                            } else if (!values.add(o.path("value").asString(""))) {
                                v.add("an option's value is used twice: " + o.path("value").asString(""));
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }
        if (!submit) {
            v.add("a form needs a button with action_type form_submit");
        }
    }

    private static void button(JsonNode b, List<String> v) {
        text("button", b.path("text"), v);
        String type = b.path("type").asString("default");
        if (!BUTTON_TYPES.contains(type)) {
            v.add("unknown button type " + type);
        }
        if (b.has("value") && !b.path("value").isObject()) {
            v.add("a button's value must be an object");
        }
    }

    private static void text(String where, JsonNode t, List<String> v) {
        String tag = t.path("tag").asString("");
        if (!tag.equals("plain_text") && !tag.equals("lark_md")) {
            v.add(where + ": a text needs tag plain_text or lark_md, not '" + tag + "'");
            return;
        }
        if (t.path("content").asString("").isEmpty()) {
            v.add(where + ": empty text");
        }
        if (SLACK_MENTION.matcher(t.path("content").asString("")).find()) {
            // #30 item 14: Feishu shows Slack's syntax as typed; a mention of someone there reads as their name
            v.add(where + ": a mention in Slack's syntax (" + t.path("content").asString("") + ")");
        }
        if (tag.equals("lark_md")) {
            inert(where, t.path("content").asString(""), v);
        }
    }

    private static void inert(String where, String content, List<String> v) {
        if (content.contains("<at") || content.contains("<a ")) {
            v.add(where + " is markdown with a mention or link in it, which user text must never become");
        }
    }

    /** Fails with every rule broken since the last call, and forgets them. */
    public static void assertNoneBroken() {
        List<String> broken = new ArrayList<>();
        for (String s = VIOLATIONS.poll(); s != null; s = VIOLATIONS.poll()) {
            broken.add(s);
        }
        if (!broken.isEmpty()) {
            throw new AssertionError("Feishu would refuse what Baton sent:\n  " + String.join("\n  ", broken));
        }
    }
}
