package dev.baton.feishu;

import dev.baton.conversation.DeliveryException;
import dev.baton.system.BatonProperties;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feishu's open API over OkHttp. The tenant access token is cached and fetched anew five minutes before it expires
 * (or at once when Feishu calls it invalid). 429 answers carry {@code x-ogw-ratelimit-reset}, handed to the outbox
 * as the time to wait; 5xx and network failures are retried by the outbox; other refusals are permanent.
 */
class FeishuApi {

    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);
    /** Feishu's codes for a missing, invalid or expired tenant token, and for "too many requests". */
    private static final Set<Integer> TOKEN_CODES = Set.of(99991661, 99991663, 99991668);
    private static final int FREQUENCY_LIMIT = 99991400;

    private final OkHttpClient http;
    private final JsonMapper json;
    private final Clock clock;
    private final BatonProperties.Feishu settings;
    private final HttpUrl base;
    private Token token;

    private record Token(String value, Instant expiresAt) {
    }

    record User(String openId, String name) {
    }

    FeishuApi(JsonMapper json, Clock clock, BatonProperties.Feishu settings) {
        this.json = json;
        this.clock = clock;
        this.settings = settings;
        String url = settings.apiBaseUrl().endsWith("/") ? settings.apiBaseUrl() : settings.apiBaseUrl() + "/";
        this.base = HttpUrl.get(url);
        this.http = new OkHttpClient.Builder().callTimeout(settings.httpTimeout())
                .connectTimeout(settings.httpTimeout()).readTimeout(settings.httpTimeout()).build();
    }

    /** Sends a message; {@code uuid} makes a retried send arrive once (Feishu de-duplicates it for an hour). */
    String send(String receiveIdType, String receiveId, String msgType, String content, String uuid) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("receive_id", receiveId);
        body.put("msg_type", msgType);
        body.put("content", content);
        body.put("uuid", uuid);
        JsonNode data = call(new Request.Builder().url(url("im/v1/messages").newBuilder()
                .addQueryParameter("receive_id_type", receiveIdType).build())
                .post(RequestBody.create(json.writeValueAsString(body), JSON_TYPE)));
        return data.path("message_id").asString();
    }

    void updateCard(String messageId, String card) {
        call(new Request.Builder().url(url("im/v1/messages/" + messageId))
                .patch(RequestBody.create(json.writeValueAsString(Map.of("content", card)), JSON_TYPE)));
    }

    /** A card only {@code openId} sees, in a group chat; returns its message id. */
    String ephemeral(String chatId, String openId, Object card) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chat_id", chatId);
        body.put("open_id", openId);
        body.put("msg_type", "interactive");
        body.put("card", card);
        return call(new Request.Builder().url(url("ephemeral/v1/send"))
                .post(RequestBody.create(json.writeValueAsString(body), JSON_TYPE))).path("message_id").asString("");
    }

    String uploadImage(byte[] png) {
        RequestBody form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("image_type", "message")
                .addFormDataPart("image", "chart.png", RequestBody.create(png, MediaType.get("image/png")))
                .build();
        return call(new Request.Builder().url(url("im/v1/images")).post(form)).path("image_key").asString();
    }

    String uploadFile(String name, String contentType, byte[] data) {
        RequestBody form = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file_type", "stream")
                .addFormDataPart("file_name", name)
                .addFormDataPart("file", name, RequestBody.create(data, MediaType.get(contentType)))
                .build();
        return call(new Request.Builder().url(url("im/v1/files")).post(form)).path("file_key").asString();
    }

    Optional<User> user(String openId) {
        try {
            JsonNode data = call(new Request.Builder().url(url("contact/v3/users/" + openId).newBuilder()
                    .addQueryParameter("user_id_type", "open_id").build()).get());
            JsonNode u = data.path("user");
            String name = u.path("name").asString("");
            return name.isBlank() ? Optional.empty() : Optional.of(new User(openId, name));
        } catch (DeliveryException e) {
            return Optional.empty();
        }
    }

    /** A group chat's members' open ids ({@code im/v1/chats/:chat_id/members}), page by page, at most {@code limit}. */
    java.util.List<String> chatMembers(String chatId, int limit) {
        java.util.List<String> out = new java.util.ArrayList<>();
        String token = "";
        do {
            HttpUrl.Builder url = url("im/v1/chats/" + chatId + "/members").newBuilder()
                    .addQueryParameter("member_id_type", "open_id").addQueryParameter("page_size", "100");
            if (!token.isBlank()) {
                url.addQueryParameter("page_token", token);
            }
            JsonNode data = call(new Request.Builder().url(url.build()).get());
            data.path("items").forEach(m -> out.add(m.path("member_id").asString("")));
            token = data.path("has_more").asBoolean(false) ? data.path("page_token").asString("") : "";
        } while (!token.isBlank() && out.size() < limit);
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** The bot's own open id ({@code bot/v3/info}), which tells its mention in a message from other people's. */
    String botOpenId() {
        return call(new Request.Builder().url(url("bot/v3/info")).get(), false).path("bot").path("open_id")
                .asString("");
    }

    private HttpUrl url(String path) {
        return base.resolve(path);
    }

    /** Runs one authorised call and returns its {@code data}. */
    private JsonNode call(Request.Builder request) {
        return call(request, true);
    }

    /** Runs one authorised call and returns its {@code data}, or the whole answer (a few older APIs have no data). */
    private JsonNode call(Request.Builder request, boolean data) {
        Request r = request.header("Authorization", "Bearer " + tenantToken()).build();
        try (Response response = http.newCall(r).execute()) {
            if (response.code() == 429) {
                throw new DeliveryException("Feishu rate limit", false, resetAfter(response), null);
            }
            if (response.code() >= 500) {
                throw new DeliveryException("Feishu HTTP " + response.code(), false, null, null);
            }
            JsonNode body = read(response.body());
            int code = body.path("code").asInt(-1);
            if (code == 0) {
                return data ? body.path("data") : body;
            }
            if (TOKEN_CODES.contains(code)) {
                invalidate();
                throw new DeliveryException("Feishu token rejected (" + code + ")", false, null, null);
            }
            if (code == FREQUENCY_LIMIT) {
                throw new DeliveryException("Feishu frequency limit", false, resetAfter(response), null);
            }
            throw new DeliveryException("Feishu error " + code + ": " + body.path("msg").asString(""), true, null,
                    null);
        } catch (IOException e) {
            throw new DeliveryException("Feishu unreachable: " + e.getMessage(), false, null, e);
        }
    }

    private Duration resetAfter(Response response) {
        String reset = response.header("x-ogw-ratelimit-reset");
        try {
            return reset == null ? Duration.ofSeconds(1) : Duration.ofSeconds(Math.max(1, Long.parseLong(reset.strip())));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    private JsonNode read(ResponseBody body) throws IOException {
        String text = body == null ? "" : body.string();
        try {
            return json.readTree(text.isBlank() ? "{}" : text);
        } catch (RuntimeException e) {
            throw new DeliveryException("Feishu answered something that is not JSON", false, null, e);
        }
    }

    private synchronized void invalidate() {
        token = null;
    }

    private synchronized String tenantToken() {
        Instant now = clock.instant();
        if (token != null && now.isBefore(token.expiresAt().minus(REFRESH_BEFORE))) {
            return token.value();
        }
        Map<String, String> body = Map.of("app_id", settings.appId(), "app_secret", settings.appSecret());
        Request r = new Request.Builder().url(url("auth/v3/tenant_access_token/internal"))
                .post(RequestBody.create(json.writeValueAsString(body), JSON_TYPE)).build();
        try (Response response = http.newCall(r).execute()) {
            if (response.code() == 429) {
                throw new DeliveryException("Feishu rate limit (token)", false, resetAfter(response), null);
            }
            JsonNode answer = read(response.body());
            if (answer.path("code").asInt(-1) != 0) {
                throw new DeliveryException("Feishu refused the app credentials: " + answer.path("msg").asString(""),
                        response.code() < 500, null, null);
            }
            token = new Token(answer.path("tenant_access_token").asString(),
                    now.plusSeconds(answer.path("expire").asLong(7200)));
            return token.value();
        } catch (IOException e) {
            throw new DeliveryException("Feishu unreachable: " + e.getMessage(), false, null, e);
        }
    }
}
