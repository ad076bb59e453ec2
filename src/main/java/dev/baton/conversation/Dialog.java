package dev.baton.conversation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A multi-step conversation with one person in one channel (e.g. a check-in typed answer by answer in a DM).
 * Persisted so any replica can take the next message.
 */
@Table("dialog")
public class Dialog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Id
    private Long id;
    private final String dialogKey;
    private String kind;
    private String step;
    private String data;
    private Instant expiresAt;
    @Version
    private Integer version;

    Dialog(Long id, String dialogKey, String kind, String step, String data, Instant expiresAt, Integer version) {
        this.id = id;
        this.dialogKey = dialogKey;
        this.kind = kind;
        this.step = step;
        this.data = data;
        this.expiresAt = expiresAt;
        this.version = version;
    }

    static Dialog start(String key, String kind, String step, Map<String, String> values, Instant expiresAt) {
        return new Dialog(null, key, kind, step, JSON.writeValueAsString(values), expiresAt, null);
    }

    public String kind() {
        return kind;
    }

    public String step() {
        return step;
    }

    public Map<String, String> values() {
        return JSON.readValue(data, new TypeReference<LinkedHashMap<String, String>>() { });
    }

    public String value(String name) {
        return values().get(name);
    }

    boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    void advance(String nextStep, Map<String, String> newValues, Instant newExpiry) {
        Map<String, String> merged = values();
        merged.putAll(newValues);
        this.step = nextStep;
        this.data = JSON.writeValueAsString(merged);
        this.expiresAt = newExpiry;
    }

    void restart(String newKind, String newStep, Map<String, String> values, Instant newExpiry) {
        this.kind = newKind;
        this.step = newStep;
        this.data = JSON.writeValueAsString(values);
        this.expiresAt = newExpiry;
    }
}
