package dev.baton.slack;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsOpenResponse;
import com.slack.api.model.Message;
import com.slack.api.webhook.WebhookResponse;
import dev.baton.conversation.ChatGateway;
import dev.baton.conversation.Delivery;
import dev.baton.conversation.DeliveryException;
import dev.baton.conversation.Posted;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.FormBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Sends deliveries through Slack's Web API (or a command's response_url) and looks up users. */
class SlackChatGateway implements ChatGateway {

    private static final Logger log = LoggerFactory.getLogger(SlackChatGateway.class);
    /** Errors that will not go away by trying again. */
    private static final Set<String> PERMANENT = Set.of("channel_not_found", "not_in_channel", "is_archived",
            "user_not_found", "invalid_blocks", "invalid_auth", "account_inactive", "token_revoked",
            "expired_trigger_id", "invalid_trigger_id", "msg_too_long", "cant_update_message", "message_not_found",
            "no_permission", "missing_scope", "not_authed", "user_not_in_channel", "invalid_arguments");

    static final String METADATA_TYPE = "baton_delivery";

    private final Slack slack;
    private final MethodsClient methods;
    private final String botToken;
    private final JsonMapper json;

    private final Pace pace;

    SlackChatGateway(Slack slack, String botToken, JsonMapper json, Pace pace) {
        this.slack = slack;
        this.methods = slack.methods(botToken);
        this.botToken = botToken;
        this.json = json;
        this.pace = pace;
    }

    /** Slack allows about one message a second per channel; the workspace pace keeps bursts within its limits. */
    @Override
    public Pace pace() {
        return pace;
    }

    @Override
    public String platform() {
        return "slack";
    }

    @Override
    public Optional<Posted> send(Delivery delivery) {
        if (delivery.reply() instanceof Reply.Image image) {
            upload(delivery.target(), image.title(), "chart.png", image.png(), image.altText());
            return Optional.empty();
        }
        if (delivery.reply() instanceof Reply.File file) {
            upload(delivery.target(), file.title(), file.filename(), file.data(), file.summary());
            return Optional.empty();
        }
        try {
            return delivery.target().accept(new Target.Visitor<Optional<Posted>>() {
                @Override
                public Optional<Posted> ephemeral(Target.Ephemeral t) {
                    BlockKit.Message m = BlockKit.message(delivery.reply());
                    if (t.responseUrl() != null && !t.responseUrl().isBlank()) {
                        respond(t.responseUrl(), m, false);
                    } else {
                        call("chat.postEphemeral", new FormBody.Builder().add("channel", t.channelId())
                                .add("user", t.userId()).add("text", m.text()).add("blocks", blocks(m)));
                    }
                    return Optional.empty();
                }

                @Override
                public Optional<Posted> direct(Target.Direct t) {
                    return post(t.userId(), BlockKit.message(delivery.reply()), delivery.key());
                }

                @Override
                public Optional<Posted> channel(Target.Channel t) {
                    return post(t.channelId(), BlockKit.message(delivery.reply()), delivery.key());
                }

                @Override
                public Optional<Posted> update(Target.Update t) {
                    BlockKit.Message m = BlockKit.message(delivery.reply());
                    if (t.channelId() != null && t.messageId() != null) {
                        call("chat.update", new FormBody.Builder().add("channel", t.channelId())
                                .add("ts", t.messageId()).add("text", m.text()).add("blocks", blocks(m)));
                    } else {
                        respond(t.responseUrl(), m, true);
                    }
                    return Optional.empty();
                }

                @Override
                public Optional<Posted> modal(Target.Modal t) {
                    if (!(delivery.reply() instanceof Reply.Form form)) {
                        throw new DeliveryException("Only forms open as modals", true, null, null);
                    }
                    String view = json.writeValueAsString(BlockKit.modal(form));
                    call("views.open", new FormBody.Builder().add("trigger_id", t.triggerId()).add("view", view));
                    return Optional.empty();
                }

                @Override
                public Optional<Posted> home(Target.Home t) {
                    String view = json.writeValueAsString(BlockKit.home(delivery.reply()));
                    call("views.publish", new FormBody.Builder().add("user_id", t.userId()).add("view", view));
                    return Optional.empty();
                }
            });
        } catch (IllegalArgumentException e) {
            throw new DeliveryException(e.getMessage(), true, null, e);
        }
    }

    /** Images and files go to a DM or a channel as an upload (files.uploadV2 needs a conversation id, so DMs open one). */
    private void upload(Target target, String title, String filename, byte[] data, String altText) {
        String channel = target.accept(new Target.Visitor<String>() {
            @Override
            public String ephemeral(Target.Ephemeral t) {
                return null;
            }

            @Override
            public String direct(Target.Direct t) {
                try {
                    ConversationsOpenResponse open = methods.conversationsOpen(r -> r.users(List.of(t.userId())));
                    if (!open.isOk() || open.getChannel() == null) {
                        throw new DeliveryException("conversations.open: " + open.getError(), false, null, null);
                    }
                    return open.getChannel().getId();
                } catch (IOException | SlackApiException e) {
                    throw new DeliveryException("conversations.open failed: " + e.getMessage(), false, null, e);
                }
            }

            @Override
            public String channel(Target.Channel t) {
                return t.channelId();
            }

            @Override
            public String update(Target.Update t) {
                return null;
            }

            @Override
            public String modal(Target.Modal t) {
                return null;
            }

            @Override
            public String home(Target.Home t) {
                return null;
            }
        });
        if (channel == null) {
            throw new DeliveryException("Files can only go to a DM or a channel", true, null, null);
        }
        sdkCall(() -> methods.filesUploadV2(r -> r.channel(channel).fileData(data).filename(filename)
                .title(title).altTxt(altText)));
    }

    private Optional<Posted> post(String channel, BlockKit.Message m, String key) {
        // the delivery key travels with the message, so after a crash we can ask Slack whether it arrived
        String metadata = json.writeValueAsString(new Metadata(METADATA_TYPE, Map.of("key", key)));
        Sent posted = call("chat.postMessage", new FormBody.Builder().add("channel", channel).add("text", m.text())
                .add("blocks", blocks(m)).add("metadata", metadata));
        return posted.ts() == null ? Optional.empty() : Optional.of(new Posted(posted.channel(), posted.ts()));
    }

    @Override
    public Optional<Boolean> wasDelivered(Delivery delivery, Instant since) {
        String channel = delivery.target().accept(new Target.Visitor<String>() {
            @Override
            public String ephemeral(Target.Ephemeral t) {
                return null; // ephemeral messages leave no history
            }

            @Override
            public String direct(Target.Direct t) {
                try {
                    ConversationsOpenResponse open = methods.conversationsOpen(r -> r.users(List.of(t.userId())));
                    return open.isOk() && open.getChannel() != null ? open.getChannel().getId() : null;
                } catch (IOException | SlackApiException e) {
                    return null;
                }
            }

            @Override
            public String channel(Target.Channel t) {
                return t.channelId();
            }

            @Override
            public String update(Target.Update t) {
                return null; // applying an update twice changes nothing
            }

            @Override
            public String modal(Target.Modal t) {
                return null;
            }

            @Override
            public String home(Target.Home t) {
                return null; // publishing a home view twice shows the same page
            }
        });
        if (channel == null) {
            return Optional.empty();
        }
        try {
            String oldest = String.valueOf(since.minusSeconds(60).getEpochSecond());
            ConversationsHistoryResponse history = methods.conversationsHistory(r -> r.channel(channel)
                    .oldest(oldest).includeAllMetadata(true).limit(200));
            if (!history.isOk() || history.getMessages() == null) {
                return Optional.empty();
            }
            return Optional.of(history.getMessages().stream()
                    .map(Message::getMetadata)
                    .anyMatch(md -> md != null && METADATA_TYPE.equals(md.getEventType())
                            && md.getEventPayload() != null && delivery.key().equals(md.getEventPayload().get("key"))));
        } catch (IOException | SlackApiException e) {
            log.warn("conversations.history for {} failed", channel, e);
            return Optional.empty();
        }
    }

    private String blocks(BlockKit.Message m) {
        return json.writeValueAsString(m.blocks());
    }

    private void respond(String responseUrl, BlockKit.Message m, boolean replace) {
        try {
            WebhookResponse response = slack.send(responseUrl,
                    json.writeValueAsString(BlockKit.ephemeralAnswer(m, replace)));
            int code = response.getCode() == null ? 0 : response.getCode();
            if (code == 429 || code >= 500) {
                throw new DeliveryException("response_url answered " + code, false, null, null);
            }
            if (code >= 400) {
                // response_url expires after 30 minutes or 5 uses; retrying cannot help
                throw new DeliveryException("response_url answered " + code + ": " + response.getBody(), true, null,
                        null);
            }
        } catch (IOException e) {
            throw new DeliveryException("response_url unreachable: " + e.getMessage(), false, null, e);
        }
    }

    /** What every Web API answer says: whether it worked, and if not, why. */
    interface Answer {
        boolean ok();

        String error();
    }

    /** A method's answer when only success matters, or a posted message's channel and ts. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Sent(boolean ok, String error, String channel, String ts) implements Answer {
    }

    /** users.info: what registering a member needs of a Slack user. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record UserAnswer(boolean ok, String error, SlackUser user) implements Answer {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SlackUser(String name, @JsonProperty("real_name") String realName, String tz, String locale,
            @JsonProperty("is_admin") boolean admin, @JsonProperty("is_owner") boolean owner, Profile profile) {
    }

    /** A posted message's metadata (Slack's message metadata): the delivery key, to find it again after a crash. */
    record Metadata(@JsonProperty("event_type") String eventType,
            @JsonProperty("event_payload") Map<String, String> eventPayload) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Profile(@JsonProperty("display_name") String displayName) {
    }

    /**
     * Calls a Web API method through the SDK's HTTP client and reads the answer with Baton's own JSON mapper. The
     * SDK's typed methods build a new Gson for every answer and with it the reflective adapters of the whole
     * message model: 70% of the CPU of a sent message in the reminder benchmark (BENCHMARKS.md). The form fields
     * are those of Slack's API reference. Only uploads and the rare look-ups after a crash still use the typed
     * methods.
     */
    private Sent call(String method, FormBody.Builder form) {
        return call(method, form, Sent.class);
    }

    private <T extends Answer> T call(String method, FormBody.Builder form, Class<T> type) {
        try (Response response = methods.runPostFormWithToken(form, method, botToken)) {
            int status = response.code();
            if (!response.isSuccessful()) {
                throw httpFailure(status, response.header("Retry-After"), method, null);
            }
            T answer;
            try {
                answer = json.readValue(response.body().string(), type);
            } catch (JacksonException e) {
                throw new DeliveryException(method + " answered something other than JSON", false, null, e);
            }
            if (!answer.ok()) {
                throw apiError(answer.error());
            }
            return answer;
        } catch (IOException e) {
            throw new DeliveryException("Slack unreachable: " + e.getMessage(), false, null, e);
        }
    }

    private interface ApiCall {
        SlackApiTextResponse run() throws IOException, SlackApiException;
    }

    /** A call through the SDK's typed methods, for the ones that are rare (uploads). */
    private static SlackApiTextResponse sdkCall(ApiCall call) {
        try {
            SlackApiTextResponse response = call.run();
            if (!response.isOk()) {
                throw apiError(response.getError());
            }
            return response;
        } catch (SlackApiException e) {
            throw httpFailure(e.getResponse().code(), e.getResponse().header("Retry-After"), "an upload", e);
        } catch (IOException e) {
            throw new DeliveryException("Slack unreachable: " + e.getMessage(), false, null, e);
        }
    }

    /** Slack answered {@code ok: false}: its own rate limit is waited out, a few errors are for good. */
    private static DeliveryException apiError(String error) {
        if ("ratelimited".equals(error)) {
            return new DeliveryException("Slack rate limit", false, Duration.ofSeconds(1), null);
        }
        return new DeliveryException("Slack error: " + error, PERMANENT.contains(error), null, null);
    }

    /** An HTTP error: a client error other than a timeout or a rate limit will not go away by trying again. */
    private static DeliveryException httpFailure(int status, String retryAfterHeader, String what, Throwable cause) {
        Duration retryAfter = Optional.ofNullable(retryAfterHeader).map(SlackChatGateway::seconds).orElse(null);
        boolean permanent = status >= 400 && status < 500 && status != 429 && status != 408;
        return new DeliveryException("Slack HTTP " + status + " for " + what, permanent, retryAfter, cause);
    }

    private static Duration seconds(String header) {
        try {
            return Duration.ofSeconds(Long.parseLong(header.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public Optional<PlatformUser> lookupUser(String workspace, String userId) {
        try {
            SlackUser u = call("users.info", new FormBody.Builder().add("user", userId).add("include_locale", "true"),
                    UserAnswer.class).user();
            if (u == null) {
                log.warn("users.info for {} answered no user", userId);
                return Optional.empty();
            }
            String name = u.profile() != null && notBlank(u.profile().displayName()) ? u.profile().displayName()
                    : notBlank(u.realName()) ? u.realName() : u.name();
            return Optional.of(new PlatformUser(userId, name, u.tz(), u.locale(), u.admin() || u.owner()));
        } catch (DeliveryException e) {
            log.warn("users.info for {} failed: {}", userId, e.getMessage());
            return Optional.empty();
        }
    }

    /** conversations.members, page by page. */
    @Override
    public List<String> channelMembers(String workspace, String channelId, int limit) {
        List<String> out = new java.util.ArrayList<>();
        String cursor = "";
        try {
            do {
                MembersAnswer page = call("conversations.members", new FormBody.Builder().add("channel", channelId)
                        .add("limit", "200").add("cursor", cursor), MembersAnswer.class);
                if (page.members() != null) {
                    out.addAll(page.members());
                }
                cursor = page.metadata() == null || page.metadata().nextCursor() == null ? ""
                        : page.metadata().nextCursor();
            } while (!cursor.isBlank() && out.size() < limit);
        } catch (DeliveryException e) {
            log.warn("conversations.members for {} failed: {}", channelId, e.getMessage());
        }
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** conversations.members: one page of a channel's member ids. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record MembersAnswer(boolean ok, String error, List<String> members,
            @JsonProperty("response_metadata") PageMetadata metadata) implements Answer {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PageMetadata(@JsonProperty("next_cursor") String nextCursor) {
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
