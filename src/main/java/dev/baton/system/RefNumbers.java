package dev.baton.system;

import java.util.Map;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.event.BeforeConvertCallback;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The numbers of the references people type (O-3, KR-7, P-2, …): each counts per workspace and kind, so a new team's
 * first objective is O-1 whatever other workspaces hold. An aggregate of a numbered table gets its {@code number}
 * as it is first saved, in the same transaction: the count's row ({@code ref_counter}) stays locked until that
 * transaction ends, so two objectives made at once get 4 and 5, and a rolled-back one gives its number back. The
 * primary keys stay what buttons, jobs and feeds carry; finders look references up by workspace and number.
 */
@Component
class RefNumbers implements BeforeConvertCallback<Object> {

    /** Numbered tables and the letters of their references. */
    private static final Map<String, String> KINDS = Map.of("objective", "O", "key_result", "KR", "poll", "P",
            "survey", "S", "survey_template", "T", "lead", "L", "content_item", "C", "meeting_series", "M", "action_item", "A");

    private final JdbcClient jdbc;
    private final RelationalMappingContext mapping;

    RefNumbers(JdbcClient jdbc, RelationalMappingContext mapping) {
        this.jdbc = jdbc;
        this.mapping = mapping;
    }

    @Override
    public Object onBeforeConvert(Object aggregate) {
        RelationalPersistentEntity<?> type = mapping.getPersistentEntity(aggregate.getClass());
        String kind = type == null ? null : KINDS.get(type.getTableName().getReference());
        if (kind == null || !type.isNew(aggregate)) {
            return aggregate;
        }
        PersistentPropertyAccessor<Object> accessor = type.getPropertyAccessor(aggregate);
        String workspace = type.getPersistentProperty("workspace") != null
                ? (String) accessor.getProperty(type.getRequiredPersistentProperty("workspace"))
                // a key result counts in its objective's workspace
                : jdbc.sql("SELECT workspace FROM objective WHERE id = ?")
                        .param(accessor.getProperty(type.getRequiredPersistentProperty("objectiveId")))
                        .query(String.class).single();
        accessor.setProperty(type.getRequiredPersistentProperty("number"), next(workspace, kind));
        return accessor.getBean();
    }

    private long next(String workspace, String kind) {
        jdbc.sql("""
                INSERT INTO ref_counter (workspace, kind, last_number) VALUES (?, ?, 1)
                ON DUPLICATE KEY UPDATE last_number = last_number + 1""").params(workspace, kind).update();
        return jdbc.sql("SELECT last_number FROM ref_counter WHERE workspace = ? AND kind = ?")
                .params(workspace, kind).query(Long.class).single();
    }
}
