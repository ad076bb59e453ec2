package dev.baton.conversation;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.core.Ordered;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.mapping.event.BeforeConvertCallback;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every text people type has a limit, the length of the column that keeps it: before an aggregate is saved, each of
 * its texts is held to its column, and one too long is answered with the field, its limit and its length (in the
 * person's language) and changes nothing. Without this a 10,000-character title reached the database, which refused
 * it, and the person was told that Baton could not reach its database.
 * <p>
 * The limits are read from the schema once, so they cannot drift from the migrations.
 */
@Component
public class FieldLimits implements BeforeConvertCallback<Object>, Ordered {

    private final JdbcClient jdbc;
    private final RelationalMappingContext mapping;
    /** table → column → most characters. */
    private volatile Map<String, Map<String, Integer>> limits;

    FieldLimits(JdbcClient jdbc, RelationalMappingContext mapping) {
        this.jdbc = jdbc;
        this.mapping = mapping;
    }

    @Override
    public Object onBeforeConvert(Object aggregate) {
        check(aggregate, "");
        return aggregate;
    }

    /** The same check for an aggregate written by a statement of its own instead of a save. */
    public void check(Object aggregate) {
        check(aggregate, "");
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    private void check(Object entity, String prefix) {
        RelationalPersistentEntity<?> type = mapping.getPersistentEntity(entity.getClass());
        if (type == null) {
            return;
        }
        String table = type.getTableName().getReference();
        PersistentPropertyAccessor<Object> accessor = type.getPropertyAccessor(entity);
        for (RelationalPersistentProperty property : type) {
            Object value = accessor.getProperty(property);
            if (value == null) {
                continue;
            }
            if (property.isEmbedded()) {
                check(table, value, prefix + property.getEmbeddedPrefix());
            } else if (value instanceof String text) {
                limit(table, prefix + property.getColumnName().getReference(), text);
            } else if (property.isCollectionLike() && property.isEntity()) {
                for (Object element : (Collection<?>) value) {
                    check(element, "");
                }
            } else if (property.isMap() && property.isEntity()) {
                for (Object element : ((Map<?, ?>) value).values()) {
                    check(element, "");
                }
            } else if (property.isEntity()) {
                check(value, "");
            }
        }
    }

    /** An embedded value lives in its owner's table, its columns named with a prefix. */
    private void check(String table, Object embedded, String prefix) {
        RelationalPersistentEntity<?> type = mapping.getPersistentEntity(embedded.getClass());
        if (type == null) {
            return;
        }
        PersistentPropertyAccessor<Object> accessor = type.getPropertyAccessor(embedded);
        for (RelationalPersistentProperty property : type) {
            if (accessor.getProperty(property) instanceof String text) {
                limit(table, prefix + property.getColumnName().getReference(), text);
            }
        }
    }

    private void limit(String table, String column, String text) {
        Integer max = limits().getOrDefault(table.toLowerCase(java.util.Locale.ROOT), Map.of())
                .get(column.toLowerCase(java.util.Locale.ROOT));
        int length = text.codePointCount(0, text.length());
        if (max != null && length > max) {
            String field = "field." + table + "." + column;
            // the field's name in the reader's language; a column without one is named as it is
            DefaultMessageSourceResolvable name = new DefaultMessageSourceResolvable(new String[] {field},
                    column.replace('_', ' '));
            throw new UsageException(null, "error.too-long", name, max, length);
        }
    }

    private Map<String, Map<String, Integer>> limits() {
        Map<String, Map<String, Integer>> known = limits;
        if (known == null) {
            Map<String, Map<String, Integer>> read = new HashMap<>();
            jdbc.sql("""
                    SELECT LOWER(table_name), LOWER(column_name), character_maximum_length FROM information_schema.columns
                    WHERE table_schema = DATABASE() AND character_maximum_length IS NOT NULL""")
                    .query(rs -> {
                        read.computeIfAbsent(rs.getString(1), t -> new HashMap<>())
                                .put(rs.getString(2), (int) Math.min(Integer.MAX_VALUE, rs.getLong(3)));
                    });
            limits = known = read;
        }
        return known;
    }
}
