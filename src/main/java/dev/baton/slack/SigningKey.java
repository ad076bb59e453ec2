package dev.baton.slack;

import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.builtin.RequestVerification;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes the signature Bolt's {@code RequestVerification} compares with {@code X-Slack-Signature} —
 * {@code v0=} and the hex HMAC-SHA256 of {@code v0:<timestamp>:<body>} under the signing secret — for Bolt's
 * middleware, through {@link Verifier} (Bolt's age check, a constant-time compare). Bolt's generator looks up a new {@code Mac} and formats each
 * byte with {@code String.format} on every request, a sixth of a typed check-in's CPU in Baton (bench/run, issue #29's
 * check-in floor missed); here each request thread keeps its keyed {@code Mac}, and the body is read as UTF-8 as Slack
 * signs it (Bolt used the platform's charset).
 */
final class SigningKey extends SlackSignature.Generator {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * Bolt's default {@code middleware} (changed in place: {@code app.use} adds to it) with its signature check
     * computing through a signing key. Without a signing secret (Socket Mode only) Bolt's own check stays: it refuses
     * every signed request, and an empty key could not be made.
     */
    static List<Middleware> inBoltsCheck(List<Middleware> middleware, String signingSecret) {
        if (signingSecret == null || signingSecret.isBlank()) {
            return middleware;
        }
        Verifier verifier = new Verifier(new SigningKey(signingSecret));
        middleware.replaceAll(m -> m instanceof RequestVerification ? new RequestVerification(verifier) : m);
        return middleware;
    }

    private final ThreadLocal<Mac> macs;

    SigningKey(String signingSecret) {
        super(signingSecret);
        SecretKeySpec key = new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
            }
        });
    }

    @Override
    public String generate(String timestamp, String body) {
        if (timestamp == null || body == null) {
            return null;
        }
        Mac mac = macs.get();
        mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
        return "v0=" + HEX.formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Bolt's verifier — the same five-minute age check (Bolt's {@code TimestampVerifier}) — comparing the signature in
     * constant time: Bolt compares with {@code String.equals}, which stops at the first character that differs.
     */
    static final class Verifier extends SlackSignature.Verifier {

        private final SigningKey key;

        Verifier(SigningKey key) {
            super(key);
            this.key = key;
        }

        @Override
        public boolean isValid(String timestamp, String body, String signature, long nowMillis) {
            if (timestamp == null || signature == null
                    || !SlackSignature.TimestampVerifier.isValidTimestamp(timestamp, nowMillis)) {
                return false;
            }
            String expected = key.generate(timestamp, body);
            return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    signature.getBytes(StandardCharsets.UTF_8));
        }
    }
}
