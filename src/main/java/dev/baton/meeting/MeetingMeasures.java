package dev.baton.meeting;

import dev.baton.okr.Measure;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What key results can measure of meetings: the share of the scope's people's action items due in the period (and
 * already due) that were done by the end of their due day, for all series or one ({@code series M-2}).
 */
@Configuration(proxyBeanMethods = false)
class MeetingMeasures {

    @Bean
    Measure meetingsActionsOnTime(JdbcClient jdbc) {
        return new ActionsOnTime(jdbc);
    }

    static final class ActionsOnTime implements Measure {

        private final JdbcClient jdbc;

        ActionsOnTime(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String key() {
            return "meetings.actions_on_time";
        }


        @Override
        public List<String> filters() {
            return List.of("series");
        }

        @Override
        public String unit() {
            return "%";
        }

        @Override
        public Optional<String> workspaceChangedBy(Object saved) {
            return saved instanceof ActionItem a ? Optional.of(a.workspace()) : Optional.empty();
        }

        private static Optional<Long> series(String ref) {
            String n = ref.strip().toUpperCase(java.util.Locale.ROOT).replaceFirst("^M-?", "");
            return n.matches("\\d{1,9}") ? Optional.of(Long.parseLong(n)) : Optional.empty();
        }

        @Override
        public boolean matchesAny(String workspace, Filter filter) {
            Optional<Long> number = series(filter.value());
            return number.isPresent() && jdbc.sql("SELECT COUNT(*) FROM meeting_series WHERE workspace = ? AND "
                    + "number = ?").params(workspace, number.get()).query(Long.class).single() > 0;
        }

        @Override
        public Optional<BigDecimal> value(Scope scope) {
            if (scope.memberIds().isEmpty()) {
                return Optional.empty();
            }
            LocalDate from = scope.from().atZone(ZoneOffset.UTC).toLocalDate();
            LocalDate to = scope.to().atZone(ZoneOffset.UTC).toLocalDate();
            LocalDate today = scope.now().atZone(ZoneOffset.UTC).toLocalDate();
            String sql = "SELECT 100 * SUM(a.done_at IS NOT NULL AND DATE(a.done_at) <= a.due_date) "
                    + "/ NULLIF(COUNT(*), 0) FROM action_item a WHERE a.workspace = ? AND a.due_date >= ? "
                    + "AND a.due_date < ? AND a.due_date < ? AND a.owner_id IN (" + scope.people() + ")";
            List<Object> params = new java.util.ArrayList<>(List.of(scope.workspace(), Date.valueOf(from),
                    Date.valueOf(to), Date.valueOf(today)));
            if (scope.filter().isPresent()) {
                sql += " AND a.series_id = (SELECT id FROM meeting_series WHERE workspace = ? AND number = ?)";
                params.add(scope.workspace());
                params.add(series(scope.filter().get().value()).orElse(-1L));
            }
            // nothing due yet: no share to report
            return jdbc.sql(sql).params(params).query((rs, i) -> Optional.ofNullable(rs.getBigDecimal(1))).single()
                    .map(v -> v.setScale(0, java.math.RoundingMode.HALF_UP));
        }
    }
}
