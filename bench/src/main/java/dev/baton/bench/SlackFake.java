package dev.baton.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Slack's Web API on WireMock, with Slack's posting limits: about one message a second per channel and a
 * workspace-wide ceiling per second. Over a limit it answers 429 with Retry-After, as Slack does. It counts what
 * arrives per channel so the harness can tell lost from duplicated messages; its request journal is off, so a
 * hundred thousand messages cost no memory.
 */
final class SlackFake implements ResponseDefinitionTransformerV2 {

    private final WireMockServer server;
    private final long perChannelMillis;
    private volatile int perSecondLimit;
    private final Map<String, AtomicLong> lastPostPerChannel = new ConcurrentHashMap<>();
    final Map<String, LongAdder> postsPerChannel = new ConcurrentHashMap<>();
    final Map<String, LongAdder> updatesPerChannel = new ConcurrentHashMap<>();
    final Map<String, String> lastUpdateText = new ConcurrentHashMap<>();
    final Map<String, Long> lastUpdateAt = new ConcurrentHashMap<>();
    final Map<String, LongAdder> filesPerChannel = new ConcurrentHashMap<>();
    final LongAdder responseUrlPosts = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder userLookups = new LongAdder();
    final AtomicLong lastPostAt = new AtomicLong();
    private final AtomicLong ts = new AtomicLong(1_700_000_000_000_000L);
    private long windowSecond;
    private int windowCount;

    SlackFake(int port, long perChannelMillis, int perSecondLimit) {
        this.perChannelMillis = perChannelMillis;
        this.perSecondLimit = perSecondLimit;
        server = new WireMockServer(options().port(port).extensions(this).disableRequestJournal()
                .containerThreads(64).jettyAcceptors(2));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(ok()));
    }

    String baseUrl() {
        return server.baseUrl();
    }

    void shutdown() {
        server.stop();
    }

    void limitPerSecond(int limit) {
        this.perSecondLimit = limit;
    }

    void reset() {
        lastPostPerChannel.clear();
        postsPerChannel.clear();
        updatesPerChannel.clear();
        filesPerChannel.clear();
        lastUpdateText.clear();
        lastUpdateAt.clear();
        responseUrlPosts.reset();
        rateLimited.reset();
        userLookups.reset();
    }

    /** Messages posted to a person directly: to their user id, or to the DM channel conversations.open gave. */
    long directMessages(String userId) {
        LongAdder byUser = postsPerChannel.get(userId);
        LongAdder byChannel = postsPerChannel.get("D" + userId);
        return (byUser == null ? 0 : byUser.sum()) + (byChannel == null ? 0 : byChannel.sum());
    }

    long posts() {
        return postsPerChannel.values().stream().mapToLong(LongAdder::sum).sum();
    }

    @Override
    public String getName() {
        return "slack-fake";
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String path = event.getRequest().getUrl();
        int q = path.indexOf('?');
        path = q < 0 ? path : path.substring(0, q);
        if (path.startsWith("/upload/")) {
            return json("OK");
        }
        if (path.startsWith("/response/")) {
            responseUrlPosts.increment();
            return json("{\"ok\":true}");
        }
        Map<String, String> form = form(event.getRequest().getBodyAsString());
        switch (path) {
            case "/api/auth.test":
                return json("{\"ok\":true,\"url\":\"https://bench.slack.com/\",\"team\":\"Bench\",\"user\":\"baton\","
                        + "\"team_id\":\"T0BENCH\",\"user_id\":\"UBATON\",\"bot_id\":\"BBATON\"}");
            case "/api/users.info": {
                userLookups.increment();
                String u = form.getOrDefault("user", "U0");
                return json("{\"ok\":true,\"user\":{\"id\":\"" + u + "\",\"name\":\"" + u + "\",\"real_name\":\"" + u
                        + "\",\"tz\":\"Asia/Shanghai\",\"locale\":\"en-US\",\"is_admin\":false,\"is_owner\":false,"
                        + "\"profile\":{\"display_name\":\"" + u + "\"}}}");
            }
            case "/api/conversations.open":
                return json("{\"ok\":true,\"channel\":{\"id\":\"D" + form.getOrDefault("users", "X") + "\"}}");
            case "/api/chat.postMessage": {
                String channel = form.getOrDefault("channel", "?");
                if (!admit(channel)) {
                    rateLimited.increment();
                    return new ResponseDefinitionBuilder().withStatus(429).withHeader("Retry-After", "1")
                            .withBody("{\"ok\":false,\"error\":\"ratelimited\"}").build();
                }
                postsPerChannel.computeIfAbsent(channel, k -> new LongAdder()).increment();
                lastPostAt.set(System.currentTimeMillis());
                long t = ts.incrementAndGet();
                return json("{\"ok\":true,\"channel\":\"" + channel + "\",\"ts\":\"" + (t / 1_000_000) + "."
                        + String.format("%06d", t % 1_000_000) + "\"}");
            }
            case "/api/chat.update": {
                String channel = form.getOrDefault("channel", "?");
                updatesPerChannel.computeIfAbsent(channel, k -> new LongAdder()).increment();
                lastUpdateText.put(channel, form.getOrDefault("text", "") + " " + form.getOrDefault("blocks", ""));
                lastUpdateAt.put(channel, System.currentTimeMillis());
                return json("{\"ok\":true,\"channel\":\"" + channel + "\",\"ts\":\"" + form.get("ts") + "\"}");
            }
            case "/api/files.getUploadURLExternal":
                return json("{\"ok\":true,\"upload_url\":\"" + server.baseUrl() + "/upload/F1\",\"file_id\":\"F1\"}");
            case "/api/files.completeUploadExternal":
                filesPerChannel.computeIfAbsent(form.getOrDefault("channel_id", "?"), k -> new LongAdder()).increment();
                return json("{\"ok\":true,\"files\":[{\"id\":\"F1\",\"title\":\"chart\"}]}");
            case "/api/files.info":
                return json("{\"ok\":true,\"file\":{\"id\":\"F1\",\"title\":\"chart\"}}");
            case "/api/conversations.history":
                return json("{\"ok\":true,\"messages\":[]}");
            default:
                return json("{\"ok\":true,\"channel\":\"C0\",\"ts\":\"1700000000.000100\"}");
        }
    }

    /** One message per channel per {@code perChannelMillis}, and at most {@code perSecondLimit} in any second. */
    private boolean admit(String channel) {
        long now = System.currentTimeMillis();
        AtomicLong last = lastPostPerChannel.computeIfAbsent(channel, k -> new AtomicLong());
        long before = last.get();
        if (now - before < perChannelMillis || !last.compareAndSet(before, now)) {
            return false;
        }
        synchronized (this) {
            long second = now / 1000;
            if (second != windowSecond) {
                windowSecond = second;
                windowCount = 0;
            }
            if (++windowCount > perSecondLimit) {
                last.set(before);
                return false;
            }
        }
        return true;
    }

    private static ResponseDefinition json(String body) {
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(body).build();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        if (body == null || body.isEmpty() || body.startsWith("{")) {
            return out;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
