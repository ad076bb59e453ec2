package dev.baton.feishu;

import dev.baton.system.BatonProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /feishu/events}: Feishu's event and card callbacks over HTTP. Checks size (413), decrypts, answers the
 * URL check, verifies the signature and its age (401) and the verification token (401), then hands the event to
 * {@link FeishuCallbacks}, which de-duplicates by {@code event_id}, so Feishu's retries (15 s, 5 min, 1 h, 6 h)
 * change nothing. The engine's work is one short transaction; replies leave through the outbox after the answer.
 */
@RestController
class FeishuEventsController {

    private static final Logger log = LoggerFactory.getLogger(FeishuEventsController.class);

    private final JsonMapper json;
    private final BatonProperties.Feishu settings;
    private final FeishuCallbacks callbacks;

    FeishuEventsController(JsonMapper json, BatonProperties properties, FeishuCallbacks callbacks) {
        this.json = json;
        this.settings = properties.feishu();
        this.callbacks = callbacks;
    }

    @PostMapping("/feishu/events")
    ResponseEntity<Map<String, Object>> events(HttpServletRequest request) throws IOException {
        if (!settings.configured()) {
            return answer(HttpStatus.NOT_FOUND, "Feishu is not configured (baton.feishu.app-id / app-secret)");
        }
        byte[] raw = request.getInputStream().readNBytes(settings.maxBodyBytes() + 1);
        if (raw.length > settings.maxBodyBytes()) {
            return answer(HttpStatus.CONTENT_TOO_LARGE, "body too large");
        }
        JsonNode outer;
        try {
            outer = json.readTree(new String(raw, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return answer(HttpStatus.BAD_REQUEST, "not JSON");
        }
        boolean encrypted = outer.hasNonNull("encrypt");
        String key = settings.encryptKey();
        if (!key.isBlank() && !encrypted) {
            return answer(HttpStatus.UNAUTHORIZED, "expected an encrypted body");
        }
        JsonNode body;
        try {
            body = encrypted ? json.readTree(FeishuCrypto.decrypt(key, outer.get("encrypt").asString())) : outer;
        } catch (RuntimeException e) {
            log.warn("Rejected a Feishu callback that does not decrypt: {}", e.getMessage());
            return answer(HttpStatus.BAD_REQUEST, "cannot decrypt");
        }
        if ("url_verification".equals(body.path("type").asString(""))) {
            if (!tokenMatches(body.path("token").asString(""))) {
                return answer(HttpStatus.UNAUTHORIZED, "bad verification token");
            }
            return ResponseEntity.ok(Map.of("challenge", body.path("challenge").asString("")));
        }
        if (!key.isBlank()) {
            String expected = FeishuCrypto.signature(header(request, "X-Lark-Request-Timestamp"),
                    header(request, "X-Lark-Request-Nonce"), key, raw);
            if (!FeishuCrypto.sameSignature(expected, request.getHeader("X-Lark-Signature"))) {
                log.warn("Rejected a Feishu callback with a bad signature");
                return answer(HttpStatus.UNAUTHORIZED, "bad signature");
            }
            if (!fresh(header(request, "X-Lark-Request-Timestamp"))) {
                // a captured callback sent again after its event id was forgotten would run again
                log.warn("Rejected a Feishu callback signed too long ago (or ahead)");
                return answer(HttpStatus.UNAUTHORIZED, "stale timestamp");
            }
        }
        if (!tokenMatches(body.path("header").path("token").asString(body.path("token").asString("")))) {
            return answer(HttpStatus.UNAUTHORIZED, "bad verification token");
        }
        FeishuCallbacks.Answer answer = callbacks.handle(body);
        return ResponseEntity.status(answer.status()).body(answer.body());
    }

    /**
     * How old a signed callback may be. Event ids are remembered for three days (Housekeeping), longer than this, so
     * any callback young enough to be accepted is also recognised when it comes again; the window leaves room for
     * Feishu's own retries of an event Baton could not take (up to six hours after the first try).
     */
    static final Duration MAX_AGE = Duration.ofHours(12);

    private static boolean fresh(String timestamp) {
        try {
            long seconds = Long.parseLong(timestamp.strip());
            return Math.abs(System.currentTimeMillis() / 1000 - seconds) <= MAX_AGE.toSeconds();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private boolean tokenMatches(String token) {
        return !settings.verificationToken().isBlank() && java.security.MessageDigest.isEqual(
                settings.verificationToken().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(HttpServletRequest request, String name) {
        String v = request.getHeader(name);
        return v == null ? "" : v;
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String error) {
        return ResponseEntity.status(status).body(Map.of("error", error));
    }
}
