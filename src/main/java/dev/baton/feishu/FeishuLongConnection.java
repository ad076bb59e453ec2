package dev.baton.feishu;

import com.lark.oapi.core.request.EventReq;
import com.lark.oapi.core.utils.Jsons;
import com.lark.oapi.event.CustomEventHandler;
import com.lark.oapi.event.EventDispatcher;
import com.lark.oapi.event.cardcallback.P2CardActionTriggerHandler;
import com.lark.oapi.event.cardcallback.model.CallBackCard;
import com.lark.oapi.event.cardcallback.model.CallBackToast;
import com.lark.oapi.event.cardcallback.model.P2CardActionTrigger;
import com.lark.oapi.event.cardcallback.model.P2CardActionTriggerResponse;
import com.lark.oapi.ws.Client;
import dev.baton.system.BatonProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feishu's long connection ({@code baton.feishu.connection=websocket}): Baton connects out through the official
 * SDK's WebSocket client, so it needs no public address, and Feishu sends message events, renamed people and card
 * callbacks over it. Each goes to {@link FeishuCallbacks} exactly as an HTTP callback would (the connection is
 * authenticated by the app's secret; there is nothing to decrypt or sign); a card callback's answer (a toast, the
 * card replacing a submitted form) goes back in the frame's response. When Baton cannot reach its database the
 * handler fails, Feishu hears 500 and delivers the event again. The SDK reconnects by itself (with the interval
 * Feishu gives it); every replica holds its own connection and Feishu gives each event to one of them.
 */
final class FeishuLongConnection implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(FeishuLongConnection.class);

    private final FeishuCallbacks callbacks;
    private final JsonMapper json;
    private final BatonProperties.Feishu settings;
    private final MeterRegistry meters;
    private final Counter reconnects;
    private volatile Client client;
    private volatile boolean running;
    private volatile Object lastSocket;

    FeishuLongConnection(FeishuCallbacks callbacks, JsonMapper json, BatonProperties.Feishu settings,
            MeterRegistry meters) {
        this.callbacks = callbacks;
        this.json = json;
        this.settings = settings;
        this.meters = meters;
        this.reconnects = Counter.builder("baton.feishu.connection.reconnects")
                .description("Times Feishu's long connection was reopened").register(meters);
    }

    @Override
    public synchronized void start() {
        running = true;
        if (client != null) {
            return; // the SDK's client cannot be stopped; after a stop it simply carries on
        }
        EventDispatcher dispatcher = EventDispatcher.newBuilder("", "")
                .onCustomizedEvent("im.message.receive_v1", new Forward())
                .onCustomizedEvent("contact.user.updated_v3", new Forward())
                .onP2CardActionTrigger(new CardAction())
                .build();
        Client c = new Client.Builder(settings.appId(), settings.appSecret()).eventHandler(dispatcher)
                .domain(domain(settings.apiBaseUrl())).autoReconnect(true).build();
        client = c;
        // the SDK connects (and retries) on the calling thread: never at start-up's expense
        Thread starter = new Thread(() -> {
            try {
                c.start();
                log.info("Connected to Feishu through its long connection");
            } catch (RuntimeException e) {
                log.warn("Feishu's long connection failed: {}", e.getMessage());
            }
        }, "feishu-long-connection");
        starter.setDaemon(true);
        starter.start();
    }

    /** {@code https://open.feishu.cn/open-apis/} → {@code https://open.feishu.cn}: the SDK adds its own paths. */
    static String domain(String apiBaseUrl) {
        URI u = URI.create(apiBaseUrl);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    /** A message event or a renamed person: handled like its HTTP callback; failing makes Feishu deliver it again. */
    private final class Forward extends CustomEventHandler {
        @Override
        public void handle(EventReq event) {
            JsonNode body = json.readTree(new String(event.getBody(), StandardCharsets.UTF_8));
            count(body);
            FeishuCallbacks.Answer answer = callbacks.handle(body);
            if (answer.status() != HttpStatus.OK) {
                throw new IllegalStateException("Feishu event not taken (" + answer.status() + "); Feishu retries");
            }
        }
    }

    /** A card click or form: handled like its HTTP callback; the answer (toast, card) goes back in the response. */
    private final class CardAction extends P2CardActionTriggerHandler {
        @Override
        public P2CardActionTriggerResponse handle(P2CardActionTrigger event) {
            JsonNode body = json.readTree(Jsons.DEFAULT.toJson(event));
            count(body);
            FeishuCallbacks.Answer answer = callbacks.handle(body);
            if (answer.status() != HttpStatus.OK) {
                throw new IllegalStateException("Feishu callback not taken (" + answer.status() + ")");
            }
            P2CardActionTriggerResponse response = new P2CardActionTriggerResponse();
            if (answer.body().get("toast") instanceof Map<?, ?> toast) {
                CallBackToast t = new CallBackToast();
                t.setType(String.valueOf(toast.get("type")));
                t.setContent(String.valueOf(toast.get("content")));
                response.setToast(t);
            }
            if (answer.body().get("card") instanceof Map<?, ?> card) {
                CallBackCard c = new CallBackCard();
                c.setType(String.valueOf(card.get("type")));
                c.setData(card.get("data"));
                response.setCard(c);
            }
            return response;
        }
    }

    private void count(JsonNode body) {
        meters.counter("baton.feishu.connection.events", "type",
                body.path("header").path("event_type").asString("unknown")).increment();
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * {@code /actuator/health}: is the connection open? The SDK keeps its socket in a protected field and offers no
     * other way to ask; read it, and say "unknown" if a later SDK moves it.
     */
    @Override
    public Health health() {
        if (client == null) {
            return Health.down().withDetail("connection", "not started").build();
        }
        Object socket = socket();
        if (socket == UNKNOWN) {
            return Health.unknown().withDetail("connection", "unknown").build();
        }
        return (socket != null ? Health.up() : Health.down())
                .withDetail("connection", socket != null ? "open" : "reconnecting")
                .withDetail("reconnects", (long) reconnects.count()).build();
    }

    private static final Object UNKNOWN = new Object();

    /** The SDK's current socket (null while it reconnects), or {@link #UNKNOWN} if a later SDK moved it. */
    private Object socket() {
        Client c = client;
        if (c == null) {
            return null;
        }
        try {
            Field conn = Client.class.getDeclaredField("conn");
            conn.setAccessible(true);
            return conn.get(c);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /**
     * Counts reconnections: the SDK reconnects on its own and tells nobody, so every few seconds Baton looks whether
     * its socket is a new one.
     */
    @Scheduled(fixedDelay = 5_000, initialDelay = 5_000)
    void watch() {
        Object socket = socket();
        if (socket == null || socket == UNKNOWN || socket == lastSocket) {
            return;
        }
        if (lastSocket != null) {
            reconnects.increment();
            log.info("Feishu's long connection was reopened");
        }
        lastSocket = socket;
    }
}
