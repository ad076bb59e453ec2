package dev.baton.support;

import com.lark.oapi.google.protobuf.ByteString;
import com.lark.oapi.ws.pb.Pbbp2;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feishu's long-connection server, for tests, speaking the SDK's own frame protocol (protobuf {@code Pbbp2.Frame}s
 * over a WebSocket): {@code /callback/ws/endpoint} (WireMock) hands the SDK this server's address; {@link #send}
 * delivers an event or a card callback as a data frame and {@link #response} waits for the frame Baton answers
 * with (its code and, for a card, the card callback's answer). Pings are answered with pongs. {@link #drop} cuts the
 * connection as a network failure does.
 */
public final class FeishuLongConnectionStandIn extends StandInServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int SERVICE_ID = 7;

    private final Map<String, CompletableFuture<Reply>> replies = new ConcurrentHashMap<>();
    private final AtomicInteger frames = new AtomicInteger();

    /** What Baton answered a data frame with: the status code and the answer's JSON (empty when none). */
    public record Reply(int code, String data) {
    }

    FeishuLongConnectionStandIn started() {
        startListening();
        return this;
    }

    /** What {@code /callback/ws/endpoint} answers, with the SDK's reconnect rules (again after one second). */
    String endpointAnswer() {
        return "{\"code\":0,\"msg\":\"ok\",\"data\":{\"URL\":\"ws://127.0.0.1:" + getPort() + "/ws?device_id=d1"
                + "&service_id=" + SERVICE_ID + "\",\"ClientConfig\":{\"ReconnectCount\":-1,\"ReconnectInterval\":1,"
                + "\"ReconnectNonce\":0,\"PingInterval\":120}}}";
    }

    /**
     * Delivers {@code body} (an event or a card callback, schema 2.0) as a data frame of {@code type}: Feishu sends
     * both as {@code event} frames (the SDK ignores the old {@code card} type).
     */
    public String send(String type, String body) throws InterruptedException {
        if (!connected(Duration.ofSeconds(30))) {
            throw new IllegalStateException("Baton is not connected to the Feishu long-connection stand-in");
        }
        int n = frames.incrementAndGet();
        String messageId = "msg-" + n;
        Pbbp2.Frame frame = Pbbp2.Frame.newBuilder().setSeqID(n).setLogID(n).setService(SERVICE_ID).setMethod(1)
                .addHeaders(header("type", type)).addHeaders(header("message_id", messageId))
                .addHeaders(header("trace_id", "trace-" + n)).addHeaders(header("sum", "1"))
                .addHeaders(header("seq", "0"))
                .setPayload(ByteString.copyFrom(body, StandardCharsets.UTF_8)).build();
        replies.put(messageId, new CompletableFuture<>());
        current.send(frame.toByteArray());
        return messageId;
    }

    public Reply response(String messageId, Duration timeout) throws Exception {
        try {
            return replies.get(messageId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Baton did not answer frame " + messageId + " within " + timeout, e);
        }
    }

    public void reset() {
        replies.clear();
    }

    private static Pbbp2.Header header(String key, String value) {
        return Pbbp2.Header.newBuilder().setKey(key).setValue(value).build();
    }

    private static String headerValue(Pbbp2.Frame frame, String key) {
        return frame.getHeadersList().stream().filter(h -> h.getKey().equals(key)).map(Pbbp2.Header::getValue)
                .findFirst().orElse("");
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        Pbbp2.Frame frame;
        try {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            frame = Pbbp2.Frame.parseFrom(bytes);
        } catch (Exception e) {
            FeishuRules.VIOLATIONS.add("long connection: a frame that does not parse: " + e.getMessage());
            return;
        }
        if (frame.getMethod() == 0) {
            if (headerValue(frame, "type").equals("ping")) {
                conn.send(frame.toBuilder().clearHeaders().addHeaders(header("type", "pong")).build().toByteArray());
            }
            return;
        }
        CompletableFuture<Reply> waiting = replies.get(headerValue(frame, "message_id"));
        if (waiting == null) {
            return;
        }
        JsonNode response = JSON.readTree(frame.getPayload().toStringUtf8());
        JsonNode data = response.path("data");
        String answer = "";
        if (data.isArray()) {
            byte[] bytes = new byte[data.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) data.get(i).asInt();
            }
            answer = new String(bytes, StandardCharsets.UTF_8);
        } else if (data.isString() && !data.asString().isEmpty()) {
            answer = new String(Base64.getDecoder().decode(data.asString()), StandardCharsets.UTF_8);
        }
        if (!answer.isBlank() && answer.contains("\"card\"")) {
            FeishuRules.callbackAnswer(answer);
        }
        waiting.complete(new Reply(response.path("code").asInt(), answer));
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        FeishuRules.VIOLATIONS.add("long connection: Feishu's protocol has no text frames: " + message);
    }

}
