package dev.baton.feishu;

import dev.baton.conversation.ChatGateway;
import dev.baton.conversation.Delivery;
import dev.baton.conversation.DeliveryException;
import dev.baton.conversation.Posted;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends deliveries through Feishu. Feishu has no modal: a form goes to the person as a card with a form; a private
 * answer in a group is an ephemeral card, in a one-to-one chat a normal message. Sends carry a uuid derived from
 * the delivery key, so a retried send is not shown twice.
 */
class FeishuChatGateway implements ChatGateway {

    private final FeishuApi api;
    private final JsonMapper json;

    FeishuChatGateway(FeishuApi api, JsonMapper json) {
        this.api = api;
        this.json = json;
    }

    @Override
    public String platform() {
        return "feishu";
    }

    /** 5 messages a second to one chat, 50 a second for the app. */
    @Override
    public Pace pace() {
        return new Pace(Duration.ofMillis(200), Duration.ofMillis(20));
    }

    @Override
    public Optional<Posted> send(Delivery d) {
        String uuid = uuid(d.key());
        return d.target().accept(new Target.Visitor<Optional<Posted>>() {
            @Override
            public Optional<Posted> ephemeral(Target.Ephemeral t) {
                if (FeishuCallbacks.P2P.equals(t.responseUrl())) {
                    // in a one-to-one chat a plain message is already private
                    return post("chat_id", t.channelId(), d.reply(), uuid);
                }
                if (t.channelId() == null || t.channelId().isBlank()) {
                    return post("open_id", t.userId(), d.reply(), uuid);
                }
                String id = api.ephemeral(t.channelId(), t.userId(), FeishuCards.card(d.reply()));
                return id.isBlank() ? Optional.empty() : Optional.of(new Posted(t.channelId(), id));
            }

            @Override
            public Optional<Posted> direct(Target.Direct t) {
                return post("open_id", t.userId(), d.reply(), uuid);
            }

            @Override
            public Optional<Posted> channel(Target.Channel t) {
                return post("chat_id", t.channelId(), d.reply(), uuid);
            }

            @Override
            public Optional<Posted> update(Target.Update t) {
                if (t.messageId() == null) {
                    throw new DeliveryException("Feishu can only update a message it knows", true, null, null);
                }
                api.updateCard(t.messageId(), json.writeValueAsString(FeishuCards.card(d.reply())));
                return Optional.empty();
            }

            @Override
            public Optional<Posted> modal(Target.Modal t) {
                // the trigger of a Feishu "modal" is the person's open id (see FeishuEventsController)
                return post("open_id", t.triggerId(), d.reply(), uuid);
            }

            @Override
            public Optional<Posted> home(Target.Home t) {
                // Feishu has no page of the app's own: the bot menu's "my week" comes to the person's chat
                return post("open_id", t.userId(), d.reply(), uuid);
            }
        });
    }

    private Optional<Posted> post(String idType, String id, Reply reply, String uuid) {
        String messageId;
        if (reply instanceof Reply.Image image) {
            // in a card, so the picture keeps its title and text alternative
            String key = api.uploadImage(image.png());
            messageId = api.send(idType, id, "interactive", json.writeValueAsString(FeishuCards.image(image, key)),
                    uuid);
        } else if (reply instanceof Reply.File file) {
            // people see the file's name: make it the title
            String extension = file.filename().contains(".")
                    ? file.filename().substring(file.filename().lastIndexOf('.')) : "";
            String name = file.title().replaceAll("[\\\\/:*?\"<>|]", "_") + extension;
            String key = api.uploadFile(name, file.contentType(), file.data());
            messageId = api.send(idType, id, "file", json.writeValueAsString(Map.of("file_key", key)), uuid);
        } else {
            messageId = api.send(idType, id, "interactive", json.writeValueAsString(FeishuCards.card(reply)), uuid);
        }
        return Optional.of(new Posted(id, messageId));
    }

    @Override
    public Optional<PlatformUser> lookupUser(String workspace, String userId) {
        // Feishu's user API gives the name; time zone and language stay at Baton's defaults until set with /baton set
        return api.user(userId).map(u -> new PlatformUser(userId, u.name(), null, null, false));
    }

    @Override
    public java.util.List<String> channelMembers(String workspace, String channelId, int limit) {
        try {
            return api.chatMembers(channelId, limit);
        } catch (DeliveryException e) {
            org.slf4j.LoggerFactory.getLogger(FeishuChatGateway.class).warn("Members of chat {} unknown: {}",
                    channelId, e.getMessage());
            return java.util.List.of();
        }
    }

    /** Feishu accepts a uuid of up to 50 characters; the delivery key can be longer. */
    static String uuid(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
