package dev.baton.slack;

import com.slack.api.app_backend.SlackSignature;
import dev.baton.conversation.Conversation;
import dev.baton.system.Turns;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.util.HashMap;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * In front of Bolt: refuses oversized bodies (413), bad or stale signatures (401), payloads without the fields
 * every real one has (400), and a signed request sent a second time (401) — Slack signs every delivery anew, so
 * an identical timestamp and signature is a replay. A verified request waits for its {@link Turns turn}. Slash
 * commands ({@link SlackCommands}) and button clicks ({@link SlackButtons}) are handled here, the rest (events,
 * forms) by Bolt. Once a command's acknowledgement that carried its answer is written, tells the engine whether it
 * went out.
 */
class SlackRequestGuard extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SlackRequestGuard.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Signatures are remembered in inbound_event under this prefix. */
    static final String REPLAY_PREFIX = "slack-signature:";
    private static final String SIGNATURE_VERSION = "v0";
    private static final String SIGNATURE_PREFIX = SIGNATURE_VERSION + "=";

    /** HMAC-SHA256 keyed with the signing secret, cloned for each request (a Mac is not thread-safe). */
    private final Mac keyed;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final int maxBodyBytes;
    private final Conversation conversation;
    private final Turns turns;
    private final SlackButtons buttons;
    private final SlackCommands commands;

    SlackRequestGuard(String signingSecret, JdbcClient jdbc, Clock clock, int maxBodyBytes,
            Conversation conversation, Turns turns, SlackButtons buttons, SlackCommands commands) {
        try {
            this.keyed = Mac.getInstance("HmacSHA256");
            keyed.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
        this.conversation = conversation;
        this.turns = turns;
        this.buttons = buttons;
        this.commands = commands;
    }

    /** A slash command being acknowledged: when it came, when Slack signed it, and its signature's replay key. */
    static final class Acknowledgement {
        private final long receivedNanos;
        private final long signedAtMillis;
        private final String replayKey;

        private Acknowledgement(long receivedNanos, long signedAtSeconds, String replayKey) {
            this.receivedNanos = receivedNanos;
            this.signedAtMillis = signedAtSeconds * 1000;
            this.replayKey = replayKey;
        }

        /**
         * The key the command's signature is remembered under: the engine records it in the command's own
         * transaction, so a replay finds it. Other requests' signatures the guard records itself.
         */
        String replayKey() {
            return replayKey;
        }

        /**
         * May the acknowledgement still carry an answer? Slack waits 3 s for it; an answer written later than
         * {@code within} after Slack sent the request might come after Slack gave up, so it goes through the outbox.
         * Two clocks, both must agree: time since the request reached this filter, and time since Slack signed it
         * (whole seconds, rounded down, so never less than the truth) — the second also counts the time the request
         * waited for a thread under load.
         */
        boolean inTime(Duration within) {
            return System.nanoTime() - receivedNanos < within.toNanos()
                    && System.currentTimeMillis() - signedAtMillis < within.toMillis();
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        long received = System.nanoTime();
        if (request.getContentLengthLong() > maxBodyBytes) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            return;
        }
        String timestamp = request.getHeader(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP);
        String signature = request.getHeader(SlackSignature.HeaderNames.X_SLACK_SIGNATURE);
        String text = new String(body, StandardCharsets.UTF_8);
        // the age check uses wall time on purpose: it is about the network, not the business clock
        if (!validSignature(timestamp, body, signature)) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        Shape shape = shape(request.getContentType(), text);
        if (!shape.wellFormed()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        try (Turns.Turn turn = turns.take()) {
            // a command's and a click's signature are remembered in their own transaction, an event's here
            if (!shape.command() && shape.click() == null && !firstUse(signature)) {
                replayed(response, timestamp);
                return;
            }
            if (shape.click() != null) {
                int status = buttons.handle(shape.click(), REPLAY_PREFIX + signature);
                if (status == HttpServletResponse.SC_UNAUTHORIZED) {
                    replayed(response, timestamp);
                } else {
                    response.setStatus(status);
                }
                return;
            }
            if (shape.command()) {
                SlackCommands.Ack ack = commands.handle(shape.form(), new Acknowledgement(received,
                        signedAt(timestamp), REPLAY_PREFIX + signature));
                if (ack == SlackCommands.Ack.REPLAYED) {
                    replayed(response, timestamp);
                    return;
                }
                write(response, ack);
                if (ack.carried() != null) {
                    confirm(ack.carried(), response);
                }
                return;
            }
            chain.doFilter(new CachedBody(request, body), response);
        }
    }

    /**
     * Sized up front, so a carried answer is complete on the wire as soon as it is flushed (not only when the
     * request's thread is done).
     */
    private static void write(HttpServletResponse response, SlackCommands.Ack ack) throws IOException {
        response.setStatus(ack.status());
        if (ack.body().length > 0) {
            response.setContentType("application/json; charset=utf-8");
        }
        response.setContentLength(ack.body().length);
        response.getOutputStream().write(ack.body());
    }

    /** Slack signs every delivery anew: the same signature again is someone replaying a captured request. */
    private static void replayed(HttpServletResponse response, String timestamp) throws IOException {
        log.warn("Rejected a replayed Slack request (timestamp {})", timestamp);
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
    }

    /** The signature's timestamp, already checked to be recent; one that does not parse never lets an answer ride. */
    private static long signedAt(String timestamp) {
        try {
            return Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Written and flushed with a 200 means it reached the connection Slack is waiting on; any failure means the
     * person has not seen it, so the outbox sends it through the command's response_url instead.
     */
    private void confirm(Conversation.Answer answer, HttpServletResponse response) {
        boolean written;
        try {
            response.flushBuffer();
            written = response.getStatus() == HttpServletResponse.SC_OK;
        } catch (IOException e) {
            log.info("Could not write a command's answer into its acknowledgement; sending it through response_url: {}",
                    e.getMessage());
            written = false;
        }
        try {
            if (written) {
                conversation.handedOver(answer);
            } else {
                conversation.notHandedOver(answer);
            }
        } catch (DataAccessException e) {
            // the answer stays held; when its hold ends the outbox sends it (again, if it was written)
            log.warn("Could not record the fate of an acknowledged answer: {}", e.getMessage());
        }
    }

    /**
     * Slack's v0 signature, {@code v0=} and the hex of HMAC-SHA256(secret, {@code v0:timestamp:body}), compared in
     * constant time (the SDK's verifier uses String.equals); invalid requests never reach Bolt, so its own check
     * cannot leak timing either. Computed here over the body's bytes as they came, not with the SDK's generator: that
     * one looks the algorithm up and formats each byte with String.format on every request, which was 6 % of Baton's
     * CPU under the benchmark's check-ins (BENCHMARKS.md, section 1).
     */
    private boolean validSignature(String timestamp, byte[] body, String signature) {
        if (timestamp == null || signature == null || !signature.startsWith(SIGNATURE_PREFIX)
                || signature.length() != SIGNATURE_PREFIX.length() + 64
                || !SlackSignature.TimestampVerifier.isValidTimestamp(timestamp, System.currentTimeMillis())) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature, SIGNATURE_PREFIX.length(), signature.length());
        } catch (IllegalArgumentException e) {
            return false;
        }
        Mac mac;
        try {
            mac = (Mac) keyed.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
        }
        mac.update((SIGNATURE_VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(mac.doFinal(body), given);
    }

    /** Whether a body has what every real one has, and the slash command's form or button click it is, parsed. */
    record Shape(boolean wellFormed, JsonNode click, Map<String, String> form) {
        static final Shape MALFORMED = new Shape(false, null, null);
        static final Shape OTHER = new Shape(true, null, null);

        boolean command() {
            return form != null;
        }
    }

    /**
     * Bolt trusts the shape of a signed payload and fails with a 500 on a broken one; refuse those with a 400
     * first. Only what every real payload carries is required. The payload is parsed once, here: a button click
     * goes on to {@link SlackButtons} as it is.
     */
    static Shape shape(String contentType, String body) {
        try {
            if (contentType != null && contentType.startsWith("application/json")) {
                JsonNode root = JSON.readTree(body);
                String type = root.path("type").asString("");
                if (type.equals("url_verification")) {
                    return root.path("challenge").isString() ? Shape.OTHER : Shape.MALFORMED;
                }
                return type.equals("event_callback") && root.path("team_id").isString()
                        && root.path("event").path("type").isString() ? Shape.OTHER : Shape.MALFORMED;
            }
            Map<String, String> form = form(body);
            if (form.containsKey("ssl_check")) {
                return Shape.OTHER;
            }
            if (form.containsKey("payload")) {
                JsonNode p = JSON.readTree(form.get("payload"));
                if (!(p.path("type").isString() && p.path("user").path("id").isString()
                        && (p.path("team").path("id").isString() || p.path("user").path("team_id").isString()))) {
                    return Shape.MALFORMED;
                }
                return "block_actions".equals(p.path("type").asString()) ? new Shape(true, p, null) : Shape.OTHER;
            }
            return notBlank(form.get("command")) && notBlank(form.get("team_id")) && notBlank(form.get("user_id"))
                    ? new Shape(true, null, form) : Shape.MALFORMED;
        } catch (JacksonException | IllegalArgumentException e) {
            return Shape.MALFORMED;
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /**
     * Records the signature. Without a database the request goes on so the person hears "try again" from the
     * engine; nothing can change meanwhile, and the signature's five minutes of validity bound the replay window.
     */
    private boolean firstUse(String signature) {
        try {
            return jdbc.sql("INSERT IGNORE INTO inbound_event (event_key, received_at) VALUES (?, ?)")
                    .params(REPLAY_PREFIX + signature, Timestamp.from(clock.instant())).update() == 1;
        } catch (DataAccessException e) {
            log.warn("Could not record a Slack signature: {}", e.getMessage());
            return true;
        }
    }

    /** Lets Bolt read the body this filter already consumed. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    try {
                        return in.available() == 0;
                    } catch (IOException e) {
                        return true;
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }

                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
