package dev.baton.lead;

import dev.baton.conversation.UsageException;
import dev.baton.system.BatonProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/leads}: web forms and CRMs hand in leads. Each source signs its requests with its own secret:
 * {@code X-Baton-Signature: sha256=HMAC_SHA256(secret, timestamp + "." + body)} with {@code X-Baton-Timestamp}
 * (Unix seconds, at most five minutes off) and {@code X-Baton-Source}. The lead is routed exactly like one typed
 * in chat. A lead that is already open (same email or company) is answered 409 with its id, so a retried request
 * creates nothing twice. See README, "Lead API".
 */
@RestController
class LeadApiController {

    private static final Logger log = LoggerFactory.getLogger(LeadApiController.class);
    private static final long MAX_SKEW_SECONDS = 300;
    private static final List<String> TEXT_FIELDS = List.of("contact", "email", "phone", "source", "campaign",
            "region", "product", "notes");

    private final Leads leads;
    private final LeadFlow flow;
    private final JsonMapper json;
    private final TransactionTemplate tx;
    private final MessageSource messages;
    private final Clock clock;
    private final BatonProperties.Leads settings;

    LeadApiController(Leads leads, LeadFlow flow, JsonMapper json, TransactionTemplate tx, MessageSource messages,
            Clock clock, BatonProperties properties) {
        this.leads = leads;
        this.flow = flow;
        this.json = json;
        this.tx = tx;
        this.messages = messages;
        this.clock = clock;
        this.settings = properties.leads();
    }

    @PostMapping("/api/leads")
    ResponseEntity<Map<String, Object>> create(HttpServletRequest request) throws IOException {
        byte[] raw = request.getInputStream().readNBytes(settings.maxBodyBytes() + 1);
        if (raw.length > settings.maxBodyBytes()) {
            return error(HttpStatus.CONTENT_TOO_LARGE, "The body is larger than " + settings.maxBodyBytes()
                    + " bytes; send one lead per request and keep notes short.", null);
        }
        String source = Optional.ofNullable(request.getHeader("X-Baton-Source")).orElse("");
        String secret = settings.sources().get(source);
        String body = new String(raw, StandardCharsets.UTF_8);
        if (secret == null || secret.isBlank() || !signedBy(secret, request, body)) {
            log.warn("Rejected a lead API request from source '{}': unknown source, bad signature or stale timestamp",
                    source.length() > 40 ? source.substring(0, 40) : source);
            return error(HttpStatus.UNAUTHORIZED, "Unknown X-Baton-Source, or X-Baton-Signature does not match "
                    + "sha256=HMAC_SHA256(secret, X-Baton-Timestamp + \".\" + body), or the timestamp is more than "
                    + "five minutes off.", null);
        }
        if (settings.workspace().isBlank()) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, "Baton has no workspace for API leads: set "
                    + "baton.leads.workspace (BATON_LEADS_WORKSPACE), e.g. slack:T0123.", null);
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            return error(HttpStatus.BAD_REQUEST, "The body is not valid JSON: " + e.getOriginalMessage(), null);
        }
        if (node == null || !node.isObject()) {
            return error(HttpStatus.BAD_REQUEST, "The body must be a JSON object, e.g. {\"company\": \"Acme\", "
                    + "\"source\": \"website\"}.", null);
        }
        Map<String, String> v = new LinkedHashMap<>();
        for (String f : TEXT_FIELDS) {
            JsonNode x = node.get(f);
            if (x != null && !x.isNull()) {
                if (!x.isValueNode()) {
                    return error(HttpStatus.BAD_REQUEST, "\"" + f + "\" must be a string.", f);
                }
                v.put(f, x.asString());
            }
        }
        JsonNode tags = node.get("tags");
        if (tags != null && !tags.isNull()) {
            if (!tags.isArray()) {
                return error(HttpStatus.BAD_REQUEST, "\"tags\" must be an array of strings.", "tags");
            }
            v.put("tags", String.join(",", tags.valueStream().map(JsonNode::asString).toList()));
        }
        JsonNode intent = node.get("intent");
        if (intent != null && !intent.isNull()) {
            v.put("intent", intent.asString());
        }
        String company = node.hasNonNull("company") ? node.get("company").asString().strip() : "";
        if (company.isEmpty()) {
            return error(HttpStatus.BAD_REQUEST, "\"company\" is required.", "company");
        }
        Lead.Details d;
        try {
            d = LeadCommands.details(company, v, (key, args) -> new UsageException(null, key, args));
        } catch (UsageException e) {
            return error(HttpStatus.BAD_REQUEST, messages.getMessage(e.key(), e.args(), Locale.ENGLISH), null);
        }
        try {
            return create(d, source);
        } catch (UsageException e) {
            // a field longer than its column (FieldLimits): nothing was created
            return error(HttpStatus.BAD_REQUEST, messages.getMessage(e.key(), e.args(), Locale.ENGLISH), null);
        }
    }

    private ResponseEntity<Map<String, Object>> create(Lead.Details d, String source) {
        return tx.execute(s -> {
            Optional<Lead> dup = leads.findOpenDuplicate(settings.workspace(), d.email(), d.company());
            if (dup.isPresent()) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("error", "duplicate");
                out.put("message", "This lead is already open as " + dup.get().ref() + "; nothing new was created.");
                out.put("id", dup.get().ref());
                return ResponseEntity.status(HttpStatus.CONFLICT).body(out);
            }
            Instant now = clock.instant();
            Lead lead = leads.save(Lead.capture(settings.workspace(), d, null, "api:" + source, now));
            Optional<dev.baton.team.Member> to = flow.route(lead, null, now);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", lead.ref());
            out.put("status", leads.findById(lead.id()).orElseThrow().status().name().toLowerCase(Locale.ROOT));
            out.put("assignee", to.map(dev.baton.team.Member::displayName).orElse(null));
            return ResponseEntity.status(HttpStatus.CREATED).body(out);
        });
    }

    private boolean signedBy(String secret, HttpServletRequest request, String body) {
        String ts = request.getHeader("X-Baton-Timestamp");
        String signature = request.getHeader("X-Baton-Signature");
        if (ts == null || signature == null) {
            return false;
        }
        try {
            long seconds = Long.parseLong(ts.strip());
            if (Math.abs(clock.instant().getEpochSecond() - seconds) > MAX_SKEW_SECONDS) {
                return false;
            }
        } catch (NumberFormatException e) {
            return false;
        }
        byte[] expected = ("sha256=" + LeadWebhooks.sign(secret, ts.strip() + "." + body))
                .getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message, String field) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", message);
        if (field != null) {
            out.put("field", field);
        }
        return ResponseEntity.status(status).body(out);
    }
}
