package dev.baton.feishu;

import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Feishu sends, however it arrives — an HTTP callback ({@link FeishuEventsController}) or a frame of the long
 * connection ({@link FeishuLongConnection}), each checked by its own way in: messages, card clicks and forms, and
 * renamed people, mapped to the engine and de-duplicated by {@code event_id}, so Feishu's retries change nothing.
 * The answer is what Feishu shows at once (a toast, the card that replaces a submitted form).
 */
@Component
class FeishuCallbacks {

    /** Marks a private answer in a one-to-one chat: a normal message there (see FeishuChatGateway). */
    static final String P2P = "feishu:p2p";

    private final Conversation conversation;
    private final JsonMapper json;
    private final FeishuChats chats;
    private final ObjectProvider<FeishuBot> bot;

    FeishuCallbacks(Conversation conversation, JsonMapper json, FeishuChats chats, ObjectProvider<FeishuBot> bot) {
        this.conversation = conversation;
        this.json = json;
        this.chats = chats;
        this.bot = bot;
    }

    /** What to answer Feishu: a status (503: deliver it again later) and the body Feishu reads. */
    record Answer(HttpStatus status, Map<String, Object> body) {

        static final Answer OK = new Answer(HttpStatus.OK, Map.of());

        static Answer ok(Map<String, Object> body) {
            return new Answer(HttpStatus.OK, body);
        }
    }

    /** One event or callback (schema 2.0), already decrypted and authenticated. */
    Answer handle(JsonNode body) {
        JsonNode header = body.path("header");
        String eventId = header.path("event_id").asString("");
        String workspace = "feishu:" + header.path("tenant_key").asString("");
        JsonNode event = body.path("event");
        String eventType = header.path("event_type").asString("");
        if ("contact.user.updated_v3".equals(eventType)) {
            // a renamed person: looked up again soon in the background, never while Feishu waits
            String openId = event.path("object").path("open_id").asString("");
            if (!openId.isBlank()) {
                conversation.profileChanged(workspace, openId);
            }
            return Answer.OK;
        }
        Inbound inbound = switch (eventType) {
            case "im.message.receive_v1" -> message(workspace, event);
            case "card.action.trigger" -> cardAction(workspace, event);
            case "application.bot.menu_v6" -> menu(workspace, event);
            default -> null;
        };
        if (inbound == null || eventId.isBlank()) {
            return Answer.OK;
        }
        Conversation.Handled handled = conversation.handle(inbound, "feishu:" + eventId);
        if (handled.unavailable()) {
            // no answer within the time: Feishu delivers the event again later
            return new Answer(HttpStatus.SERVICE_UNAVAILABLE, Map.of("error", "try again"));
        }
        if (handled.accepted() && inbound instanceof Inbound.FormSubmission form
                && body.path("event").path("action").path("value").has(FeishuCards.RECEIPT)) {
            // the form's card becomes what was sent, so it cannot be sent twice (#30 item 9)
            return Answer.ok(Map.of("card", Map.of("type", "raw", "data", FeishuCards.receipt(
                    body.path("event").path("action").path("value").path(FeishuCards.RECEIPT), form.values()))));
        }
        if (handled.formErrors().isPresent()) {
            // a card form has no place for a field's error: the toast names each field by its label
            Map<String, String> labels = new LinkedHashMap<>();
            body.path("event").path("action").path("value").path(FeishuCards.RECEIPT).path("fields")
                    .forEach(f -> labels.put(f.path("name").asString(""), f.path("label").asString("")));
            StringBuilder text = new StringBuilder();
            handled.formErrors().get().errors().forEach((field, problem) -> text.append(text.length() > 0 ? "\n" : "")
                    .append(labels.getOrDefault(field, field)).append(": ").append(problem));
            // the toast is for the person; "errors" names the fields for tools that fill the form in
            return Answer.ok(Map.of("toast", Map.of("type", "error", "content", text.toString()),
                    "errors", handled.formErrors().get().errors()));
        }
        return Answer.OK;
    }

    /**
     * A text message to the bot (one-to-one) or mentioning it (group); other kinds of message are ignored. Text
     * starting with a slash is a command, answered privately where it was typed, as Slack answers one; mentions of
     * people become {@code <@open_id|name>} so commands can name them.
     */
    private Inbound message(String workspace, JsonNode event) {
        JsonNode sender = event.path("sender");
        if (!"user".equals(sender.path("sender_type").asString("user"))) {
            return null; // never answer other bots, or ourselves
        }
        JsonNode m = event.path("message");
        String type = m.path("message_type").asString("");
        if (!"text".equals(type) && !"post".equals(type)) {
            return null;
        }
        String text;
        try {
            JsonNode content = json.readTree(m.path("content").asString("{}"));
            text = "post".equals(type) ? postText(content) : content.path("text").asString("");
        } catch (RuntimeException e) {
            return null;
        }
        boolean p2p = "p2p".equals(m.path("chat_type").asString(""));
        chats.remember(m.path("chat_id").asString(""), m.path("chat_type").asString(""));
        FeishuBot me = bot.getIfAvailable();
        text = withMentions(text, m.path("mentions"), me == null ? null : me.openId().orElse(null), !p2p);
        String openId = sender.path("sender_id").path("open_id").asString("");
        String chatId = m.path("chat_id").asString("");
        if (text.startsWith("/")) {
            String[] parts = text.substring(1).split("\\s+", 2);
            Origin origin = new Origin("feishu", workspace, chatId, openId, false, p2p ? P2P : null, openId);
            return new Inbound.Command(origin, parts[0], parts.length > 1 ? parts[1] : "");
        }
        // typed text has no trigger, as on Slack: questions then come one by one instead of as a form
        return new Inbound.Message(new Origin("feishu", workspace, chatId, openId, p2p, null, null), text);
    }

    private static final Pattern MENTION_KEY = Pattern.compile("@_user_\\d+");
    private static final Pattern LEADING_MENTIONS = Pattern.compile("^(?:<@[^>]*>\\s*)+(?=/)");

    /**
     * The text with Feishu's mention keys ({@code @_user_1}) replaced, each exactly (so {@code @_user_1} is not
     * also found inside {@code @_user_10}): the bot's own mention, wherever it stands, by nothing; a person's by
     * {@code <@open_id|name>}, which commands read as that person. Until Baton knows its open id (see
     * {@link FeishuBot}) a mention at the very start of a group's message is taken for the bot's (a group's
     * messages reach Baton when they mention it). People mentioned before a command
     * ({@code @Bob @Baton /baton me}) are not part of it.
     */
    static String withMentions(String text, JsonNode mentions, String botOpenId, boolean group) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        for (JsonNode mention : mentions) {
            byKey.put(mention.path("key").asString(""), mention);
        }
        String botKey = null;
        if (botOpenId == null && group) {
            Matcher first = MENTION_KEY.matcher(text.stripLeading());
            botKey = first.lookingAt() ? first.group() : null;
        }
        Matcher m = MENTION_KEY.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            JsonNode mention = byKey.get(m.group());
            String openId = mention == null ? "" : mention.path("id").path("open_id").asString("");
            boolean isBot = m.group().equals(botKey) || (botOpenId != null && botOpenId.equals(openId));
            String replacement = isBot || openId.isBlank() ? ""
                    : "<@" + openId + "|" + mention.path("name").asString("").replace(">", "") + ">";
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(b);
        return LEADING_MENTIONS.matcher(b.toString().strip()).replaceFirst("").strip();
    }

    /**
     * The text of a rich-text ({@code post}) message, which Feishu's client sends as soon as someone formats a word or
     * pastes a link: its paragraphs as lines, mentions as their keys ({@code @_user_1}) like in a text message, links
     * as their text; pictures and emoji are left out.
     */
    static String postText(JsonNode content) {
        JsonNode post = content.has("content") ? content
                : content.propertyNames().stream().map(content::path).filter(n -> n.has("content")).findFirst()
                        .orElse(content);
        StringBuilder text = new StringBuilder();
        for (JsonNode paragraph : post.path("content")) {
            if (text.length() > 0) {
                text.append('\n');
            }
            for (JsonNode element : paragraph) {
                switch (element.path("tag").asString("")) {
                    case "text", "a", "code_block" -> text.append(element.path("text").asString(""));
                    case "at" -> text.append(element.path("user_id").asString(""));
                    default -> {
                    }
                }
            }
        }
        return text.toString();
    }

    /**
     * A choice in the bot's menu (set in the developer console, 机器人自定义菜单): {@code my_week} shows the person's
     * week in their chat with Baton; another key names a command to run ({@code okr_list} → {@code /okr list}).
     */
    private Inbound menu(String workspace, JsonNode event) {
        String openId = event.path("operator").path("operator_id").path("open_id").asString("");
        String key = event.path("event_key").asString("");
        if (openId.isBlank() || !key.matches("[a-z]+(_[a-z-]+)*")) {
            return null;
        }
        Origin origin = new Origin("feishu", workspace, null, openId, true, null, openId);
        if (key.equals("my_week")) {
            return new Inbound.Command(origin, "week", "");
        }
        int split = key.indexOf('_');
        return split < 0 ? new Inbound.Command(origin, key, "")
                : new Inbound.Command(origin, key.substring(0, split), key.substring(split + 1).replace('_', ' '));
    }

    /** A click on a card button, or a card form submitted; the answer to it goes to the person directly. */
    private Inbound cardAction(String workspace, JsonNode event) {
        String openId = event.path("operator").path("open_id").asString("");
        JsonNode action = event.path("action");
        JsonNode value = action.path("value");
        JsonNode context = event.path("context");
        String messageId = context.path("open_message_id").asString("");
        // answers go where the card is: privately in a group (ephemeral), or in the person's own chat; the kind of
        // chat is what its messages said (a group's and a one-to-one chat's ids both start with oc_)
        String chatId = context.path("open_chat_id").asString("");
        boolean inGroup = chats.isGroup(chatId);
        Origin origin = new Origin("feishu", workspace, chatId, openId, !inGroup, null, openId);
        if (value.hasNonNull(FeishuCards.FORM_ID)) {
            return new Inbound.FormSubmission(origin, value.get(FeishuCards.FORM_ID).asString(),
                    formValues(action.path("form_value"), value.path(FeishuCards.PEOPLE)),
                    value.path(FeishuCards.METADATA).asString(""), messageId.isBlank() ? null : messageId);
        }
        if (!value.hasNonNull(FeishuCards.ACTION_ID)) {
            return null;
        }
        return new Inbound.ButtonAction(origin, value.get(FeishuCards.ACTION_ID).asString(),
                value.path(FeishuCards.VALUE).asString(""), messageId);
    }

    /** A submitted form's answers; people picked (open ids) become mentions, as the engine reads people. */
    private static Map<String, String> formValues(JsonNode formValue, JsonNode peopleFields) {
        java.util.Set<String> people = new java.util.HashSet<>();
        peopleFields.forEach(n -> people.add(n.asString("")));
        Map<String, String> values = new LinkedHashMap<>();
        formValue.properties().forEach(e -> {
            JsonNode v = e.getValue();
            if (people.contains(e.getKey())) {
                List<String> mentions = new java.util.ArrayList<>();
                (v.isArray() ? v : List.of(v)).forEach(id -> {
                    if (!id.asString("").isBlank()) {
                        mentions.add("<@" + id.asString("") + ">");
                    }
                });
                values.put(e.getKey(), String.join(" ", mentions));
            } else {
                // a multiple choice answers with the values chosen
                values.put(e.getKey(), v.isValueNode() ? v.asString() : v.isArray()
                        ? String.join(" ", v.valueStream().map(x -> x.asString("")).toList()) : v.toString());
            }
        });
        return values;
    }

}
