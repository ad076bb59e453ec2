package dev.baton.content;

import dev.baton.okr.Measure;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What key results can measure of the content calendar, filtered by platform or campaign: posts the scope's people
 * published, and the reads, likes and shares recorded for them.
 */
@Configuration(proxyBeanMethods = false)
class ContentMeasures {

    private static final List<String> FILTERS = List.of("platform", "campaign");

    @Bean
    Measure contentPublished(JdbcClient jdbc) {
        return new ContentMeasure(jdbc, "content.published", "COUNT(*)");
    }

    @Bean
    Measure contentReads(JdbcClient jdbc) {
        return new ContentMeasure(jdbc, "content.reads", "COALESCE(SUM(reads_count), 0)");
    }

    @Bean
    Measure contentLikes(JdbcClient jdbc) {
        return new ContentMeasure(jdbc, "content.likes", "COALESCE(SUM(likes_count), 0)");
    }

    @Bean
    Measure contentShares(JdbcClient jdbc) {
        return new ContentMeasure(jdbc, "content.shares", "COALESCE(SUM(shares_count), 0)");
    }

    static final class ContentMeasure implements Measure {

        private final JdbcClient jdbc;
        private final String key;
        private final String aggregate;

        ContentMeasure(JdbcClient jdbc, String key, String aggregate) {
            this.jdbc = jdbc;
            this.key = key;
            this.aggregate = aggregate;
        }

        @Override
        public String key() {
            return key;
        }


        @Override
        public List<String> filters() {
            return FILTERS;
        }

        @Override
        public String unit() {
            return "";
        }

        @Override
        public Optional<String> workspaceChangedBy(Object saved) {
            return saved instanceof ContentItem item ? Optional.of(item.workspace()) : Optional.empty();
        }

        /** The filter's condition, its value bound; a platform as people write it (微信, wechat) by its name. */
        private static String filter(Optional<Filter> filter, List<Object> params) {
            if (filter.isEmpty()) {
                return "";
            }
            if (filter.get().name().equals("platform")) {
                params.add(Platform.parse(filter.get().value()).map(Enum::name).orElse(filter.get().value()));
                return " AND platform = ?";
            }
            params.add(filter.get().value());
            return " AND campaign = ?";
        }

        /** A platform filter must name a platform; a campaign one, a campaign some post was planned for. */
        @Override
        public boolean matchesAny(String workspace, Filter filter) {
            if (filter.name().equals("platform")) {
                return Platform.parse(filter.value()).isPresent();
            }
            List<Object> params = new ArrayList<>(List.of(workspace));
            String where = filter(Optional.of(filter), params);
            return jdbc.sql("SELECT COUNT(*) FROM content_item WHERE workspace = ?" + where).params(params)
                    .query(Long.class).single() > 0;
        }

        @Override
        public Optional<BigDecimal> value(Scope scope) {
            if (scope.memberIds().isEmpty()) {
                return Optional.of(BigDecimal.ZERO);
            }
            String people = scope.people();
            List<Object> params = scope.workspaceAndPeriod();
            String sql = "SELECT " + aggregate + " FROM content_item WHERE workspace = ? AND published_at >= ? "
                    + "AND published_at < ? AND owner_id IN (" + people + ")" + filter(scope.filter(), params);
            return Optional.of(jdbc.sql(sql).params(params).query(BigDecimal.class).single());
        }
    }
}
