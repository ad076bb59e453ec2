package dev.baton.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Slack's Socket Mode server, for tests: {@code apps.connections.open} (WireMock) hands Baton this server's address;
 * on connection it says {@code hello}; {@link #send} delivers an envelope and {@link #ack} waits for Baton's
 * acknowledgement, whose payload is held to Slack's rules ({@link SlackRules#acknowledgement}). Like Slack it
 * delivers an {@code events_api} envelope that was not acknowledged again on the next connection (with
 * {@code retry_attempt}), but not commands or clicks, whose person sees an error instead. {@link #drop} cuts the
 * connection without a close frame, as a network failure does.
 */
public final class SocketModeStandIn extends StandInServer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, CompletableFuture<JsonNode>> acks = new ConcurrentHashMap<>();
    /** Events sent and not yet acknowledged: delivered again when Baton reconnects. */
    private final Map<String, Map<String, Object>> unacknowledgedEvents = new ConcurrentHashMap<>();
    private final AtomicInteger envelopes = new AtomicInteger();
    private volatile boolean holdAcks;

    SocketModeStandIn started() {
        startListening();
        return this;
    }

    /** What {@code apps.connections.open} answers. */
    public String url() {
        return "ws://127.0.0.1:" + getPort() + "/link";
    }

    /** Delivers an envelope of {@code type} with {@code payload}; returns its id. */
    public String send(String type, Object payload) throws InterruptedException {
        return send(type, payload, 0, null);
    }

    public String send(String type, Object payload, int retryAttempt, String retryReason) throws InterruptedException {
        if (!connected(Duration.ofSeconds(20))) {
            throw new IllegalStateException("Baton is not connected to the Socket Mode stand-in");
        }
        String id = "env-" + envelopes.incrementAndGet();
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("envelope_id", id);
        envelope.put("type", type);
        envelope.put("accepts_response_payload", !type.equals("events_api"));
        envelope.put("payload", payload);
        if (type.equals("events_api")) {
            envelope.put("retry_attempt", retryAttempt);
            envelope.put("retry_reason", retryReason == null ? "" : retryReason);
            unacknowledgedEvents.put(id, envelope);
        }
        acks.put(id, new CompletableFuture<>());
        current.send(JSON.writeValueAsString(envelope));
        return id;
    }

    /** Baton's acknowledgement of envelope {@code id}: its payload, or an empty object for a bare one. */
    public JsonNode ack(String id, Duration timeout) throws Exception {
        CompletableFuture<JsonNode> ack = acks.get(id);
        if (ack == null) {
            throw new IllegalArgumentException("no envelope " + id);
        }
        try {
            return ack.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Baton did not acknowledge envelope " + id + " within " + timeout, e);
        }
    }

    /** Events delivered and not acknowledged yet (Slack would deliver them again). */
    public int pendingEvents() {
        return unacknowledgedEvents.size();
    }

    public boolean acknowledged(String id) {
        CompletableFuture<JsonNode> ack = acks.get(id);
        return ack != null && ack.isDone();
    }

    /**
     * While held, acknowledgements are not taken (as if they were lost on a dying connection): the envelopes stay
     * unacknowledged and events come again after {@link #drop}.
     */
    public void holdAcknowledgements(boolean hold) {
        this.holdAcks = hold;
    }

    /** Forgets everything sent (each test starts afresh); the connection stays. */
    public void reset() {
        acks.clear();
        unacknowledgedEvents.clear();
        holdAcks = false;
    }

    @Override
    protected void opened(WebSocket conn) {
        conn.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"stand-in\"},"
                + "\"connection_info\":{\"app_id\":\"A0BATON\"}}");
        // Slack delivers an event Baton did not acknowledge again, as a retry
        List<Map<String, Object>> again = new ArrayList<>(unacknowledgedEvents.values());
        unacknowledgedEvents.clear();
        for (Map<String, Object> envelope : again) {
            Map<String, Object> retry = new LinkedHashMap<>(envelope);
            String id = "env-" + envelopes.incrementAndGet();
            retry.put("envelope_id", id);
            retry.put("retry_attempt", ((Integer) envelope.get("retry_attempt")) + 1);
            retry.put("retry_reason", "timeout");
            unacknowledgedEvents.put(id, retry);
            acks.put(id, new CompletableFuture<>());
            conn.send(JSON.writeValueAsString(retry));
        }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        if (holdAcks) {
            return;
        }
        JsonNode ack = JSON.readTree(message);
        String id = ack.path("envelope_id").asString("");
        CompletableFuture<JsonNode> waiting = acks.get(id);
        if (waiting == null) {
            SlackRules.VIOLATIONS.add("Socket Mode: an acknowledgement of an unknown envelope " + id);
            return;
        }
        JsonNode payload = ack.path("payload");
        if (!payload.isMissingNode()) {
            SlackRules.acknowledgement(payload.toString())
                    .forEach(b -> SlackRules.VIOLATIONS.add("Socket Mode acknowledgement: " + b));
        }
        unacknowledgedEvents.remove(id);
        waiting.complete(payload.isMissingNode() ? JSON.createObjectNode() : payload);
    }

}
