package dev.baton.lead;

import dev.baton.system.BatonProperties;
import dev.baton.system.Hmac;
import dev.baton.team.Team;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells CRMs about every lead status change. A change writes one row per configured webhook in its own
 * transaction; the dispatcher claims due rows ({@code SKIP LOCKED}, so replicas share the work), posts them with
 * an HMAC-SHA256 signature over timestamp and body, and retries 5xx, timeouts and 429 (honouring Retry-After)
 * with doubling delays. A 4xx other than 429, or too many attempts, parks the row as DEAD for admins to see and
 * replay. Delivery is at least once: receivers de-duplicate by the {@code X-Baton-Delivery} id.
 */
@Component
class LeadWebhooks {

    private static final Logger log = LoggerFactory.getLogger(LeadWebhooks.class);
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration LONGEST_WAIT = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final Team team;
    private final BatonProperties.Leads settings;
    private final OkHttpClient http;

    LeadWebhooks(JdbcClient jdbc, JsonMapper json, Clock clock, TransactionTemplate tx, Team team,
            BatonProperties properties, io.micrometer.core.instrument.MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.tx = tx;
        this.team = team;
        this.settings = properties.leads();
        this.http = new OkHttpClient.Builder().callTimeout(settings.webhookTimeout())
                .connectTimeout(settings.webhookTimeout()).readTimeout(settings.webhookTimeout()).build();
        io.micrometer.core.instrument.Gauge.builder("baton.webhooks.dead", () -> {
            try {
                return jdbc.sql("SELECT COUNT(*) FROM lead_webhook_delivery WHERE status = 'DEAD'")
                        .query(Long.class).single();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description("CRM webhook deliveries parked after failing for good").register(meters);
    }

    /** Records a change for every webhook; runs inside the transaction of the change. */
    void changed(Lead lead, String event, Instant now) {
        if (settings.webhooks().isEmpty()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.put("at", now.toString());
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("id", lead.ref());
        l.put("company", lead.company());
        l.put("contactName", lead.contactName());
        l.put("email", lead.email());
        l.put("phone", lead.phone());
        l.put("source", lead.source());
        l.put("campaign", lead.campaign());
        l.put("tags", lead.tags());
        l.put("intent", lead.intent());
        l.put("status", lead.status().name().toLowerCase(java.util.Locale.ROOT));
        l.put("assignee", lead.assigneeId().map(id -> team.member(id).displayName()).orElse(null));
        l.put("quality", lead.quality().orElse(null));
        body.put("lead", l);
        String payload = json.writeValueAsString(body);
        for (BatonProperties.Leads.Webhook w : settings.webhooks()) {
            jdbc.sql("""
                    INSERT INTO lead_webhook_delivery (workspace, webhook, lead_id, event, payload, status, attempts,
                        next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)""")
                    .params(lead.workspace(), w.name(), lead.id(), event, payload, Timestamp.from(now),
                            Timestamp.from(now))
                    .update();
        }
    }

    @Scheduled(fixedDelayString = "${baton.leads.webhook-poll-interval:2s}",
            initialDelayString = "${baton.leads.webhook-poll-interval:2s}")
    void poll() {
        try {
            dispatch();
        } catch (RuntimeException e) {
            log.warn("Webhook round failed; the next one retries", e);
        }
    }

    private record Claimed(long id, String webhook, String event, String payload, int attempts) {
    }

    /** Sends every due delivery; returns how many were tried. */
    int dispatch() {
        int tried = 0;
        while (true) {
            Instant now = clock.instant();
            Claimed c = tx.execute(s -> {
                Optional<Claimed> row = jdbc.sql("""
                        SELECT id, webhook, event, payload, attempts FROM lead_webhook_delivery
                        WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1
                        FOR UPDATE SKIP LOCKED""").param(Timestamp.from(now))
                        .query((rs, i) -> new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getInt(5))).optional();
                // the lease: if this replica dies while sending, another sends it again after the lease
                row.ifPresent(r -> jdbc.sql("""
                        UPDATE lead_webhook_delivery SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ?""")
                        .params(Timestamp.from(now.plus(LEASE)), r.id()).update());
                return row.orElse(null);
            });
            if (c == null) {
                return tried;
            }
            tried++;
            send(c);
        }
    }

    private void send(Claimed c) {
        Optional<BatonProperties.Leads.Webhook> hook = settings.webhooks().stream()
                .filter(w -> w.name().equals(c.webhook())).findFirst();
        if (hook.isEmpty()) {
            finish(c, "DEAD", null, "no webhook named " + c.webhook() + " is configured any more");
            return;
        }
        String ts = String.valueOf(clock.instant().getEpochSecond());
        Request request = new Request.Builder().url(hook.get().url())
                .header("X-Baton-Delivery", String.valueOf(c.id()))
                .header("X-Baton-Event", c.event())
                .header("X-Baton-Timestamp", ts)
                .header("X-Baton-Signature", "sha256=" + sign(hook.get().secret(), ts + "." + c.payload()))
                .post(RequestBody.create(c.payload(), JSON_TYPE)).build();
        try (Response response = http.newCall(request).execute()) {
            int code = response.code();
            if (code >= 200 && code < 300) {
                finish(c, "SENT", null, null);
            } else if (code == 429 || code >= 500 || code == 408) {
                Duration wait = code == 429 ? retryAfter(response.header("Retry-After")) : null;
                retry(c, wait, "HTTP " + code);
            } else {
                finish(c, "DEAD", null, "HTTP " + code + " (the receiver refused it; retrying will not help)");
            }
        } catch (IOException e) {
            retry(c, null, "unreachable: " + e.getMessage());
        }
    }

    private void retry(Claimed c, Duration wait, String error) {
        int attempts = c.attempts() + 1;
        if (attempts >= settings.webhookMaxAttempts()) {
            finish(c, "DEAD", null, error + " after " + attempts + " attempts");
            return;
        }
        Duration backoff = wait != null ? wait
                : settings.webhookFirstRetry().multipliedBy(1L << Math.min(attempts - 1, 16));
        if (backoff.compareTo(LONGEST_WAIT) > 0) {
            backoff = LONGEST_WAIT;
        }
        finish(c, "PENDING", clock.instant().plus(backoff), error);
    }

    private void finish(Claimed c, String status, Instant next, String error) {
        Instant now = clock.instant();
        if (!"PENDING".equals(status)) {
            log.info("Webhook delivery {} ({}) is {}{}", c.id(), c.event(), status, error == null ? "" : ": " + error);
        }
        tx.executeWithoutResult(s -> jdbc.sql("""
                UPDATE lead_webhook_delivery SET status = ?, next_attempt_at = ?, last_error = ?, sent_at = ?
                WHERE id = ?""")
                .params(status, Timestamp.from(next != null ? next : now),
                        error == null ? null : error.substring(0, Math.min(error.length(), 500)),
                        "SENT".equals(status) ? Timestamp.from(now) : null, c.id())
                .update());
    }

    private static Duration retryAfter(String header) {
        try {
            return header == null ? null : Duration.ofSeconds(Long.parseLong(header.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String sign(String secret, String data) {
        return Hmac.sha256Hex(secret, data);
    }

    record Dead(long id, String webhook, String leadRef, String event, int attempts, String error) {
    }

    List<Dead> dead(String workspace) {
        return jdbc.sql("""
                SELECT d.id, d.webhook, l.number, d.event, d.attempts, d.last_error FROM lead_webhook_delivery d
                JOIN lead l ON l.id = d.lead_id
                WHERE d.workspace = ? AND d.status = 'DEAD' ORDER BY d.id LIMIT 50""").param(workspace)
                .query((rs, i) -> new Dead(rs.getLong(1), rs.getString(2), "L-" + rs.getLong(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6))).list();
    }

    /** Puts dead deliveries back in line (one, or all with {@code id} null); returns how many. */
    int replay(String workspace, Long id) {
        return jdbc.sql("UPDATE lead_webhook_delivery SET status = 'PENDING', attempts = 0, next_attempt_at = ? "
                + "WHERE workspace = ? AND status = 'DEAD'" + (id == null ? "" : " AND id = " + id.longValue()))
                .params(Timestamp.from(clock.instant()), workspace).update();
    }
}
