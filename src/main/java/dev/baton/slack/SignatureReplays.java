package dev.baton.slack;

import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.request.Request;
import java.sql.Timestamp;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Slack signs every delivery anew, so a signature seen before is someone replaying a captured request: it is refused
 * with 401. A command's or click's signature is recorded by the engine in the request's own transaction
 * ({@link #key}); a form's is recorded here first, after Bolt's own signature check. Signatures are remembered in
 * {@code inbound_event} (housekeeping forgets them after three days; a signature is valid for five minutes). Not a
 * Bolt middleware: adding one makes Bolt call {@code auth.test} at start, and Baton must start while Slack is away.
 */
final class SignatureReplays {

    private static final Logger log = LoggerFactory.getLogger(SignatureReplays.class);
    static final String PREFIX = "slack-signature:";
    static final String ENVELOPE_PREFIX = "slack-envelope:";

    private final JdbcClient jdbc;
    private final Clock clock;

    SignatureReplays(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The key a request's signature is remembered under, for the engine to record in the request's own transaction
     * (a command, a click). A Socket Mode request has no signature: its envelope's id stands in, so one envelope
     * runs once however often it arrives.
     */
    static String key(Request<?> req) {
        if (req.isSocketMode()) {
            String envelope = req.getContext().getAdditionalValues().get(SlackSocketMode.ENVELOPE_ID);
            return envelope == null ? null : ENVELOPE_PREFIX + envelope;
        }
        String signature = req.getHeaders().getFirstValue(SlackSignature.HeaderNames.X_SLACK_SIGNATURE);
        return signature == null ? null : PREFIX + signature;
    }

    /** False for a request whose signature (or Socket Mode envelope) was used before. */
    boolean firstUse(Request<?> req) {
        String key = key(req);
        if (key == null || recordedNow(key)) {
            return true;
        }
        log.warn("Rejected a replayed Slack request (timestamp {})",
                req.getHeaders().getFirstValue(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP));
        return false;
    }

    /**
     * True when {@code key} was not there yet. Committed at once, so two copies sent together wait for each other and
     * only one goes on. Without a database the request goes on so the person hears "try again" from the engine;
     * nothing can change meanwhile, and the signature's five minutes of validity bound the replay window.
     */
    private boolean recordedNow(String key) {
        try {
            return jdbc.sql("INSERT IGNORE INTO inbound_event (event_key, received_at) VALUES (?, ?)")
                    .params(key, Timestamp.from(clock.instant())).update() == 1;
        } catch (DataAccessException e) {
            log.warn("Could not record a Slack signature: {}", e.getMessage());
            return true;
        }
    }
}
