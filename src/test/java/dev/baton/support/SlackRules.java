package dev.baton.support;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.SlackConfig;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.UnknownBlock;
import com.slack.api.model.view.View;
import com.slack.api.util.json.GsonFactory;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

/**
 * What Slack refuses, or shows wrongly, in what Baton sends: every message, update, modal, Home view, acknowledgement
 * and {@code response_url} body is parsed with the Slack SDK's model classes (unknown block types and properties
 * are errors) and held to Block Kit's documented limits, and text that Slack reads as markup must be inert.
 * The stand-ins ({@link SlackStandIn}, the acknowledgement filter) record what breaks a rule in {@link #VIOLATIONS};
 * {@link BatonTestSupport} fails the test that caused it.
 */
public final class SlackRules {

    /** Rules broken since the last test began, each with where. */
    public static final Queue<String> VIOLATIONS = new ConcurrentLinkedQueue<>();

    private static final Gson STRICT = strictGson();
    /**
     * In mrkdwn and in a message's top-level text, {@code <} opens a mention, a channel link, {@code <!channel>} or a
     * link: Baton escapes all text, so a raw one came from user input. Links Baton makes itself are allowed.
     */
    private static final Pattern ACTIVE_MARKUP = Pattern.compile("<(?!https?://)");
    private static final Set<String> BLOCKS = Set.of("section", "header", "divider", "context", "actions", "input",
            "image");
    private static final Set<String> ELEMENTS = Set.of("button", "static_select", "multi_static_select",
            "users_select", "multi_users_select", "conversations_select", "channels_select", "plain_text_input",
            "number_input", "datepicker", "timepicker", "checkboxes", "radio_buttons", "overflow");

    private SlackRules() {
    }

    private static Gson strictGson() {
        SlackConfig config = new SlackConfig();
        config.setFailOnUnknownProperties(true);
        return GsonFactory.createSnakeCase(config);
    }

    /** The rules for one call of Slack's Web API, its form-encoded body, or for a {@code response_url} JSON body. */
    public static List<String> apiCall(String path, String body) {
        List<String> v = new ArrayList<>();
        if (path.startsWith("/response/")) {
            message(JsonParser.parseString(body).getAsJsonObject(), v);
            return v;
        }
        String method = path.substring(path.lastIndexOf('/') + 1);
        Map<String, String> form = form(body);
        switch (method) {
            case "chat.postMessage", "chat.postEphemeral", "chat.update" -> {
                JsonObject m = new JsonObject();
                if (form.containsKey("text")) {
                    m.addProperty("text", form.get("text"));
                }
                if (form.containsKey("blocks")) {
                    m.add("blocks", JsonParser.parseString(form.get("blocks")));
                }
                message(m, v);
            }
            case "views.open", "views.update", "views.push", "views.publish" -> {
                if (!form.containsKey("view")) {
                    v.add("no view");
                } else {
                    view(JsonParser.parseString(form.get("view")).getAsJsonObject(), v);
                }
            }
            default -> {
                // users.info, files.*, auth.test: no Block Kit
            }
        }
        return v;
    }

    /** The body of an HTTP acknowledgement of a command, click or form (empty is an acknowledgement too). */
    public static List<String> acknowledgement(String body) {
        List<String> v = new ArrayList<>();
        if (body == null || body.isBlank()) {
            return v;
        }
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(body);
        } catch (RuntimeException e) {
            return v; // a plain-text acknowledgement shows as is
        }
        if (!parsed.isJsonObject()) {
            return v;
        }
        JsonObject ack = parsed.getAsJsonObject();
        if (ack.has("response_action")) {
            String action = ack.get("response_action").getAsString();
            switch (action) {
                case "errors" -> {
                    if (!ack.has("errors") || !ack.get("errors").isJsonObject()) {
                        v.add("response_action errors without an errors object");
                    } else {
                        ack.getAsJsonObject("errors").entrySet().forEach(e -> {
                            length("form error of " + e.getKey(), e.getValue().getAsString(), 2000, v);
                        });
                    }
                }
                case "update", "push" -> view(ack.getAsJsonObject("view"), v);
                case "clear" -> {
                }
                default -> v.add("unknown response_action " + action);
            }
        } else if (ack.has("text") || ack.has("blocks") || ack.has("response_type")) {
            message(ack, v);
        }
        return v;
    }

    static void message(JsonObject m, List<String> v) {
        String text = m.has("text") && !m.get("text").isJsonNull() ? m.get("text").getAsString() : null;
        JsonArray blocks = m.has("blocks") && m.get("blocks").isJsonArray() ? m.getAsJsonArray("blocks") : null;
        if ((text == null || text.isBlank()) && (blocks == null || blocks.isEmpty())) {
            v.add("no_text: a message needs text or blocks");
        }
        if (text != null) {
            length("top-level text", text, 40_000, v);
            inert("top-level text", text, v);
        }
        if (blocks != null) {
            blocks(blocks, 50, false, v);
        }
    }

    static void view(JsonObject view, List<String> v) {
        if (view == null) {
            v.add("no view");
            return;
        }
        try {
            STRICT.fromJson(view, View.class);
        } catch (RuntimeException e) {
            v.add("view does not parse with the Slack SDK: " + e.getMessage());
        }
        String type = string(view, "type");
        if (!"modal".equals(type) && !"home".equals(type)) {
            v.add("unknown view type " + type);
            return;
        }
        length("private_metadata", string(view, "private_metadata"), 3000, v);
        length("callback_id", string(view, "callback_id"), 255, v);
        length("external_id", string(view, "external_id"), 255, v);
        JsonArray blocks = view.has("blocks") ? view.getAsJsonArray("blocks") : new JsonArray();
        if ("modal".equals(type)) {
            if (!view.has("title")) {
                v.add("a modal needs a title");
            } else {
                text("modal title", view.get("title"), 24, true, v);
            }
            if (view.has("submit")) {
                text("modal submit", view.get("submit"), 24, true, v);
            }
            if (view.has("close")) {
                text("modal close", view.get("close"), 24, true, v);
            }
            boolean inputs = blocks.asList().stream().anyMatch(b -> "input".equals(string(b.getAsJsonObject(),
                    "type")));
            if (inputs && !view.has("submit")) {
                v.add("a modal with inputs needs a submit button");
            }
        }
        blocks(blocks, 100, true, v);
    }

    private static void blocks(JsonArray blocks, int max, boolean inView, List<String> v) {
        try {
            LayoutBlock[] parsed = STRICT.fromJson(blocks, LayoutBlock[].class);
            for (LayoutBlock b : parsed) {
                if (b instanceof UnknownBlock) {
                    v.add("unknown block type " + b.getType());
                }
            }
        } catch (RuntimeException e) {
            v.add("blocks do not parse with the Slack SDK: " + e.getMessage());
        }
        if (blocks.size() > max) {
            v.add(blocks.size() + " blocks (at most " + max + ")");
        }
        Set<String> blockIds = new HashSet<>();
        Set<String> actionIds = new HashSet<>();
        for (JsonElement e : blocks) {
            JsonObject b = e.getAsJsonObject();
            String type = string(b, "type");
            if (!BLOCKS.contains(type)) {
                v.add("unknown block type " + type);
                continue;
            }
            String blockId = string(b, "block_id");
            if (blockId != null) {
                length("block_id", blockId, 255, v);
                if (!blockIds.add(blockId)) {
                    v.add("duplicate block_id " + blockId);
                }
            }
            switch (type) {
                case "section" -> {
                    if (!b.has("text") && !b.has("fields")) {
                        v.add("a section needs text or fields");
                    }
                    if (b.has("text")) {
                        text("section text", b.get("text"), 3000, false, v);
                    }
                    if (b.has("fields")) {
                        JsonArray fields = b.getAsJsonArray("fields");
                        if (fields.size() > 10) {
                            v.add(fields.size() + " fields in a section (at most 10)");
                        }
                        fields.forEach(f -> text("section field", f, 2000, false, v));
                    }
                    if (b.has("accessory")) {
                        element(b.getAsJsonObject("accessory"), actionIds, v);
                    }
                }
                case "header" -> text("header", b.get("text"), 150, true, v);
                case "context" -> {
                    JsonArray elements = b.getAsJsonArray("elements");
                    if (elements == null || elements.isEmpty() || elements.size() > 10) {
                        v.add("a context block needs 1 to 10 elements");
                    } else {
                        elements.forEach(c -> {
                            if (!"image".equals(string(c.getAsJsonObject(), "type"))) {
                                text("context", c, 3000, false, v);
                            }
                        });
                    }
                }
                case "actions" -> {
                    JsonArray elements = b.getAsJsonArray("elements");
                    if (elements == null || elements.isEmpty() || elements.size() > 25) {
                        v.add("an actions block needs 1 to 25 elements");
                    } else {
                        elements.forEach(a -> element(a.getAsJsonObject(), actionIds, v));
                    }
                }
                case "input" -> {
                    if (!inView) {
                        v.add("an input block outside a modal or Home view");
                    }
                    text("input label", b.get("label"), 2000, true, v);
                    if (b.has("hint")) {
                        text("input hint", b.get("hint"), 2000, true, v);
                    }
                    element(b.getAsJsonObject("element"), actionIds, v);
                }
                case "image" -> {
                    length("image_url", string(b, "image_url"), 3000, v);
                    length("alt_text", string(b, "alt_text"), 2000, v);
                }
                default -> {
                }
            }
        }
    }

    private static void element(JsonObject e, Set<String> actionIds, List<String> v) {
        if (e == null) {
            v.add("a block without its element");
            return;
        }
        String type = string(e, "type");
        if (!ELEMENTS.contains(type)) {
            v.add("unknown element type " + type);
            return;
        }
        String actionId = string(e, "action_id");
        if (actionId != null) {
            length("action_id", actionId, 255, v);
            if (!actionIds.add(actionId)) {
                v.add("duplicate action_id " + actionId);
            }
        }
        if (e.has("placeholder")) {
            text(type + " placeholder", e.get("placeholder"), 150, true, v);
        }
        switch (type) {
            case "button" -> {
                text("button text", e.get("text"), 75, true, v);
                length("button value", string(e, "value"), 2000, v);
                length("button url", string(e, "url"), 3000, v);
                String style = string(e, "style");
                if (style != null && !style.equals("primary") && !style.equals("danger")) {
                    v.add("unknown button style " + style);
                }
            }
            case "static_select", "multi_static_select", "checkboxes", "radio_buttons", "overflow" -> {
                JsonArray options = e.getAsJsonArray("options");
                int max = switch (type) {
                    case "checkboxes", "radio_buttons" -> 10;
                    case "overflow" -> 5;
                    default -> 100;
                };
                if (options == null || options.isEmpty() || options.size() > max) {
                    v.add(type + " needs 1 to " + max + " options");
                    return;
                }
                Set<String> values = new HashSet<>();
                for (JsonElement o : options) {
                    JsonObject option = o.getAsJsonObject();
                    text("option text", option.get("text"), 75, type.endsWith("select"), v);
                    String value = string(option, "value");
                    length("option value", value, 150, v);
                    if (!values.add(value)) {
                        v.add("duplicate option value " + value);
                    }
                }
                if (e.has("initial_option") && !options.contains(e.get("initial_option"))) {
                    v.add("initial_option is not one of the options");
                }
            }
            case "plain_text_input" -> {
                int maxLength = e.has("max_length") ? e.get("max_length").getAsInt() : 3000;
                if (maxLength > 3000) {
                    v.add("plain_text_input max_length over 3000");
                }
                length("initial_value", string(e, "initial_value"), maxLength, v);
            }
            default -> {
            }
        }
    }

    /** A text object: known type, not empty, within {@code max}; mrkdwn must be inert. */
    private static void text(String where, JsonElement element, int max, boolean plainOnly, List<String> v) {
        if (element == null || !element.isJsonObject()) {
            v.add(where + ": not a text object");
            return;
        }
        JsonObject t = element.getAsJsonObject();
        String type = string(t, "type");
        String text = string(t, "text");
        if (!"plain_text".equals(type) && !"mrkdwn".equals(type)) {
            v.add(where + ": unknown text type " + type);
        } else if (plainOnly && !"plain_text".equals(type)) {
            v.add(where + ": must be plain_text");
        }
        if (text == null || text.isEmpty()) {
            v.add(where + ": empty text");
            return;
        }
        length(where, text, max, v);
        if ("mrkdwn".equals(type)) {
            inert(where, text, v);
        }
    }

    private static void inert(String where, String text, List<String> v) {
        if (ACTIVE_MARKUP.matcher(text).find()) {
            v.add(where + " is not inert (a raw '<' becomes a mention, a link or <!channel>): " + abbreviate(text));
        }
    }

    private static void length(String where, String value, int max, List<String> v) {
        if (value != null && value.length() > max) {
            v.add(where + " is " + value.length() + " characters (at most " + max + ")");
        }
    }

    private static String string(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "…";
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(name, value);
        }
        return form;
    }

    /** Fails with every rule broken since the last call, and forgets them. */
    public static void assertNoneBroken() {
        List<String> broken = new ArrayList<>();
        for (String s = VIOLATIONS.poll(); s != null; s = VIOLATIONS.poll()) {
            broken.add(s);
        }
        if (!broken.isEmpty()) {
            throw new AssertionError("Slack would refuse or garble what Baton sent:\n  " + String.join("\n  ", broken));
        }
    }
}
