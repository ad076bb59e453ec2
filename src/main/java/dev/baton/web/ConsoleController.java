package dev.baton.web;

import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.outbox.OutboxDispatcher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /console}: the page, and the small API it uses to act as people and read Baton's replies. */
@RestController
@ConditionalOnProperty(name = "baton.console.enabled", havingValue = "true")
class ConsoleController {

    static final String WORKSPACE = "web:local";

    private final Conversation conversation;
    private final OutboxDispatcher outbox;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    ConsoleController(Conversation conversation, OutboxDispatcher outbox, JdbcClient jdbc, JsonMapper json) {
        this.conversation = conversation;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.json = json;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "baton.console.enabled", havingValue = "true")
    static class Gateway {
        @Bean
        WebChatGateway webChatGateway(JdbcClient jdbc, JsonMapper json, Clock clock) {
            return new WebChatGateway(jdbc, json, clock);
        }
    }

    @GetMapping(value = "/console", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/console/index.html")) {
            return ResponseEntity.ok(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** A person types: a slash command (in a channel, or in their own chat) or plain text to Baton. */
    @PostMapping("/console/api/say")
    Map<String, Object> say(@RequestBody JsonNode body) {
        String user = name(body.path("user").asString(""));
        String channel = body.path("channel").asString("").strip();
        String text = body.path("text").asString("").strip();
        boolean direct = channel.isEmpty();
        Origin origin = new Origin("web", WORKSPACE, direct ? "dm-" + user : channel, user, direct, null,
                text.startsWith("/") ? user : null);
        if (text.startsWith("/")) {
            String[] parts = text.substring(1).split("\\s+", 2);
            return answer(conversation.handle(new Inbound.Command(origin, parts[0], parts.length > 1 ? parts[1] : "")));
        }
        return answer(conversation.handle(new Inbound.Message(origin, text)));
    }

    @PostMapping("/console/api/click")
    Map<String, Object> click(@RequestBody JsonNode body) {
        String user = name(body.path("user").asString(""));
        String channel = body.path("channel").asString("");
        Origin origin = new Origin("web", WORKSPACE, channel.isEmpty() ? "dm-" + user : channel, user,
                channel.isEmpty(), null, user);
        return answer(conversation.handle(new Inbound.ButtonAction(origin, body.path("actionId").asString(""),
                body.path("value").asString(""), body.path("messageId").asString(""))));
    }

    @PostMapping("/console/api/submit")
    Map<String, Object> submit(@RequestBody JsonNode body) {
        String user = name(body.path("user").asString(""));
        Map<String, String> values = new LinkedHashMap<>();
        body.path("values").properties().forEach(e -> values.put(e.getKey(), e.getValue().asString("")));
        Origin origin = new Origin("web", WORKSPACE, "dm-" + user, user, true, null, user);
        return answer(conversation.handle(new Inbound.FormSubmission(origin, body.path("formId").asString(""),
                values, body.path("metadata").asString(""))));
    }

    /** Everything Baton sent after {@code after}, oldest first; what is queued is sent first, so it shows at once. */
    @GetMapping("/console/api/messages")
    Map<String, Object> messages(@RequestParam(defaultValue = "0") long after) {
        outbox.drain();
        List<Map<String, Object>> rows = jdbc.sql("""
                SELECT id, user_id, channel_id, kind, replaces, payload FROM console_message WHERE id > ?
                ORDER BY id LIMIT 500""").param(after)
                .query((rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong("id"));
                    m.put("user", rs.getString("user_id"));
                    m.put("channel", rs.getString("channel_id"));
                    m.put("kind", rs.getString("kind"));
                    m.put("replaces", rs.getObject("replaces"));
                    m.put("reply", json.readTree(rs.getString("payload")));
                    return m;
                }).list();
        return Map.of("messages", rows);
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badName(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("ok", false, "message", e.getMessage()));
    }

    private Map<String, Object> answer(Conversation.Handled handled) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", !handled.unavailable());
        handled.formErrors().ifPresent(e -> out.put("errors", e.errors()));
        if (handled.unavailable()) {
            out.put("message", conversation.unavailableText());
        }
        return out;
    }

    /** A console person is named by what is typed; names are kept simple so they work as @mentions. */
    private static String name(String raw) {
        String n = raw.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_.-]", "");
        if (n.isEmpty() || n.length() > 40) {
            throw new IllegalArgumentException("Pick a name of 1–40 letters, digits, dots, dashes or underscores");
        }
        return n;
    }
}
