package dev.baton.lead;

import dev.baton.okr.Measure;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What key results can measure of lead handoffs, filtered by source, tag or campaign: marketing's leads handed off
 * (by the scope's people, and those that came through the API) and their average quality as sales rated it; sales'
 * leads accepted and won, median hours to accept, median days from lead to won deal, and the share of leads handed
 * to them that they won.
 */
@Configuration(proxyBeanMethods = false)
class LeadMeasures {

    private static final List<String> FILTERS = List.of("source", "tag", "campaign");

    enum Kind {
        HANDED_OFF("leads.handed_off", ""),
        ACCEPTED("leads.accepted", ""),
        WON("leads.won", ""),
        MEDIAN_HOURS_TO_ACCEPT("leads.median_hours_to_accept", "h"),
        MEDIAN_DAYS_TO_CLOSE("leads.median_days_to_close", "d"),
        CONVERSION("leads.conversion", "%"),
        QUALITY("leads.quality", "");

        final String key;
        final String unit;

        Kind(String key, String unit) {
            this.key = key;
            this.unit = unit;
        }
    }

    @Bean
    Measure leadsHandedOff(JdbcClient jdbc) {
        return new LeadMeasure(jdbc, Kind.HANDED_OFF);
    }

    @Bean
    Measure leadsAccepted(JdbcClient jdbc) {
        return new LeadMeasure(jdbc, Kind.ACCEPTED);
    }

    @Bean
    Measure leadsWon(JdbcClient jdbc) {
        return new LeadMeasure(jdbc, Kind.WON);
    }

    @Bean
    Measure leadsMedianHoursToAccept(JdbcClient jdbc) {
        return new LeadMeasure(jdbc, Kind.MEDIAN_HOURS_TO_ACCEPT);
    }

    @Bean
    Measure leadsMedianDaysToClose(JdbcClient jdbc) {
        return new LeadMeasure(jdbc, Kind.MEDIAN_DAYS_TO_CLOSE);
    }

    @Bean
    Measure leadsConversion(JdbcClient jdbc) {
        return new LeadMeasure(jdbc, Kind.CONVERSION);
    }

    @Bean
    Measure leadsQuality(JdbcClient jdbc) {
        return new LeadMeasure(jdbc, Kind.QUALITY);
    }

    /** One measure: a reporting query over {@code lead} (a set, read with SQL like {@link LeadReport}). */
    static final class LeadMeasure implements Measure {

        private final JdbcClient jdbc;
        private final Kind kind;

        LeadMeasure(JdbcClient jdbc, Kind kind) {
            this.jdbc = jdbc;
            this.kind = kind;
        }

        @Override
        public String key() {
            return kind.key;
        }


        @Override
        public List<String> filters() {
            return FILTERS;
        }

        @Override
        public String unit() {
            return kind.unit;
        }

        @Override
        public Optional<String> workspaceChangedBy(Object saved) {
            return saved instanceof Lead lead ? Optional.of(lead.workspace()) : Optional.empty();
        }

        @Override
        public boolean matchesAny(String workspace, Filter filter) {
            List<Object> params = new ArrayList<>(List.of(workspace));
            String where = filter(Optional.of(filter), params);
            return jdbc.sql("SELECT COUNT(*) FROM lead WHERE workspace = ?" + where).params(params)
                    .query(Long.class).single() > 0;
        }

        /** The filter's condition, its value bound (never written into the SQL). */
        private static String filter(Optional<Filter> filter, List<Object> params) {
            if (filter.isEmpty()) {
                return "";
            }
            params.add(filter.get().value());
            return switch (filter.get().name()) {
                case "source" -> " AND source = ?";
                case "campaign" -> " AND campaign = ?";
                default -> " AND CONCAT(',', REPLACE(tags, ' ', ''), ',') LIKE CONCAT('%,', ?, ',%')";
            };
        }

        @Override
        public Optional<BigDecimal> value(Scope scope) {
            if (scope.memberIds().isEmpty()) {
                return Optional.of(BigDecimal.ZERO);
            }
            String people = scope.people();
            List<Object> params = scope.workspaceAndPeriod();
            String sql = switch (kind) {
                case HANDED_OFF -> "SELECT COUNT(*) FROM lead WHERE workspace = ? AND handed_off_at >= ? "
                        + "AND handed_off_at < ? AND (created_by IN (" + people + ") OR created_by IS NULL)";
                case QUALITY -> "SELECT AVG(quality) FROM lead WHERE workspace = ? AND handed_off_at >= ? "
                        + "AND handed_off_at < ? AND quality IS NOT NULL AND (created_by IN (" + people
                        + ") OR created_by IS NULL)";
                case ACCEPTED -> "SELECT COUNT(*) FROM lead WHERE workspace = ? AND accepted_at >= ? "
                        + "AND accepted_at < ? AND assignee_id IN (" + people + ")";
                case WON -> "SELECT COUNT(*) FROM lead WHERE workspace = ? AND closed_at >= ? AND closed_at < ? "
                        + "AND status = 'WON' AND assignee_id IN (" + people + ")";
                case CONVERSION -> "SELECT 100 * SUM(status = 'WON') / NULLIF(COUNT(*), 0) FROM lead "
                        + "WHERE workspace = ? AND handed_off_at >= ? AND handed_off_at < ? AND assignee_id IN ("
                        + people + ")";
                case MEDIAN_HOURS_TO_ACCEPT -> "SELECT created_at, accepted_at FROM lead WHERE workspace = ? "
                        + "AND accepted_at >= ? AND accepted_at < ? AND assignee_id IN (" + people + ")";
                case MEDIAN_DAYS_TO_CLOSE -> "SELECT created_at, closed_at FROM lead WHERE workspace = ? "
                        + "AND closed_at >= ? AND closed_at < ? AND status = 'WON' AND assignee_id IN (" + people + ")";
            };
            sql += filter(scope.filter(), params);
            if (kind == Kind.MEDIAN_HOURS_TO_ACCEPT || kind == Kind.MEDIAN_DAYS_TO_CLOSE) {
                double per = kind == Kind.MEDIAN_HOURS_TO_ACCEPT ? 60.0 : 60.0 * 24;
                List<Double> hours = new ArrayList<>(jdbc.sql(sql).params(params)
                        .query((rs, i) -> Duration.between(rs.getTimestamp(1).toInstant(),
                                rs.getTimestamp(2).toInstant()).toMinutes() / per).list());
                hours.sort(Double::compare);
                return hours.isEmpty() ? Optional.empty()
                        : Optional.of(BigDecimal.valueOf(LeadStats.median(hours)).setScale(1, RoundingMode.HALF_UP));
            }
            // a count is 0 without leads; an average or a share is nothing to report (NULL)
            return jdbc.sql(sql).params(params).query((rs, i) -> Optional.ofNullable(rs.getBigDecimal(1))).single()
                    .map(v -> v.setScale(kind == Kind.QUALITY || kind == Kind.CONVERSION ? 1 : 0,
                            RoundingMode.HALF_UP));
        }
    }
}
