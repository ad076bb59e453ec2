package dev.baton.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.request.SocketModeRequest;
import com.slack.api.bolt.socket_mode.request.SocketModeRequestParser;
import com.slack.api.socket_mode.SocketModeClient;
import dev.baton.conversation.Conversation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slack's Socket Mode: Baton opens a WebSocket to Slack (no public address needed) and Slack hands it the same
 * commands, clicks, forms and events it would POST to {@code /slack/events}. Each envelope runs through the same Bolt
 * app and handlers; its acknowledgement goes back over the socket, carrying a command's answer when it is ready in
 * time, and — as {@link SlackServlet} does for HTTP — the engine is told once that acknowledgement is sent (or that it
 * could not be, so the outbox sends the answer through {@code response_url}). Slack's client library keeps the
 * connection: it follows Slack's {@code disconnect} requests to a fresh endpoint and reconnects a dropped socket
 * (checked every few seconds). Every replica holds its own connection; Slack gives each envelope to one of them and
 * the engine's de-duplication (event ids, envelope ids) holds as over HTTP.
 */
final class SlackSocketMode implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(SlackSocketMode.class);
    /** Where the envelope's id travels with its request, for {@link SignatureReplays#key}. */
    static final String ENVELOPE_ID = "socketModeEnvelopeId";

    private final App app;
    private final String appToken;
    private final Conversation conversation;
    private final JsonMapper json;
    private final SocketModeRequestParser parser;
    private final Counter reconnects;
    private final MeterRegistry meters;
    /** Opens the connection (again, after a stop: a stopped Baton can be started again). */
    private volatile ScheduledExecutorService connector;
    private volatile SocketModeClient client;
    private volatile boolean running;

    SlackSocketMode(App app, String appToken, Conversation conversation, JsonMapper json, MeterRegistry meters) {
        this.app = app;
        this.appToken = appToken;
        this.conversation = conversation;
        this.json = json;
        this.parser = new SocketModeRequestParser(app.config());
        this.meters = meters;
        this.reconnects = Counter.builder("baton.slack.socket.reconnects")
                .description("Socket Mode connections closed while Baton runs (each is reopened)").register(meters);
    }

    @Override
    public synchronized void start() {
        running = true;
        connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "slack-socket-connect");
            t.setDaemon(true);
            return t;
        });
        // never at start-up's expense: Baton starts while Slack is away and connects when it can
        connector.execute(this::connect);
    }

    private void connect() {
        if (!running || client != null) {
            return;
        }
        try {
            SocketModeClient c = app.slack().socketMode(appToken, SocketModeClient.Backend.JavaWebSocket);
            c.addWebSocketMessageListener(this::onMessage);
            c.addWebSocketCloseListener((code, reason) -> {
                if (running) {
                    reconnects.increment();
                    log.info("Slack's Socket Mode connection closed ({} {}); reopening", code, reason);
                }
            });
            c.setAutoReconnectEnabled(true);
            c.connect();
            client = c;
            log.info("Connected to Slack through Socket Mode");
        } catch (Exception e) {
            if (running) {
                log.warn("Could not open Slack's Socket Mode connection (trying again in 10 s): {}", e.getMessage());
                connector.schedule(this::connect, 10, TimeUnit.SECONDS);
            }
        }
    }

    /** One message from Slack, on the client library's processing threads: an envelope runs through the Bolt app. */
    private void onMessage(String message) {
        long received = System.nanoTime();
        SocketModeRequest req;
        try {
            req = parser.parse(message);
        } catch (RuntimeException e) {
            log.warn("Ignored a Socket Mode message that does not parse: {}", e.getMessage());
            return;
        }
        if (req == null) {
            return; // hello, and anything else that is not an envelope
        }
        String envelopeId = req.getEnvelope().getEnvelopeId();
        meters.counter("baton.slack.socket.envelopes", "type", req.getEnvelope().getType()).increment();
        Request<?> boltRequest = req.getBoltRequest();
        boltRequest.getContext().getAdditionalValues().put(SlackHandlers.RECEIVED_NANOS, String.valueOf(received));
        boltRequest.getContext().getAdditionalValues().put(ENVELOPE_ID, envelopeId);
        Response response;
        try {
            response = app.run(boltRequest);
        } catch (Exception e) {
            log.warn("Slack envelope {} failed", envelopeId, e);
            return; // not acknowledged: Slack tells the person, or delivers the event again
        }
        if (response.getStatusCode() != 200) {
            return; // refused (a replay, a malformed payload): not acknowledged, as an HTTP error would not be
        }
        boolean sent = acknowledge(envelopeId, response);
        String carried = boltRequest.getContext().getAdditionalValues().get(SlackHandlers.CARRIED_ANSWER);
        if (carried != null) {
            SlackServlet.confirm(conversation, Long.parseLong(carried), sent);
        }
    }

    /** Sends the envelope's acknowledgement, with the answer as its payload when there is one. */
    private boolean acknowledge(String envelopeId, Response response) {
        Map<String, Object> ack = new LinkedHashMap<>();
        ack.put("envelope_id", envelopeId);
        String body = response.getBody();
        if (body != null && !body.isEmpty()) {
            String type = response.getContentType();
            JsonNode payload = type != null && type.startsWith("application/json") ? json.readTree(body)
                    : json.valueToTree(Map.of("text", body));
            ack.put("payload", payload);
        }
        SocketModeClient c = client;
        try {
            if (c == null) {
                throw new IllegalStateException("not connected");
            }
            c.sendSocketModeResponse(json.writeValueAsString(ack));
            return true;
        } catch (RuntimeException e) {
            log.info("Could not acknowledge Slack envelope {}: {}", envelopeId, e.getMessage());
            return false;
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        connector.shutdownNow();
        SocketModeClient c = client;
        client = null;
        if (c != null) {
            try {
                c.disconnect();
                c.close();
            } catch (Exception e) {
                log.debug("Closing the Socket Mode connection: {}", e.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** {@code /actuator/health}: is the connection to Slack open? */
    @Override
    public Health health() {
        SocketModeClient c = client;
        boolean open = c != null && c.verifyConnection();
        return (open ? Health.up() : Health.down()).withDetail("connection", open ? "open" : "closed")
                .withDetail("reconnects", (long) reconnects.count()).build();
    }
}
