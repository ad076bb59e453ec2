package dev.baton.okr;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Something Baton can count from its own records that a key result may take as its value (leads handed off, posts
 * published, …). A feature offers its measures as beans; a key result names one by {@link #key()}, with at most one
 * filter. The value is over the objective's period, for the people of its scope (the objective's department, or its
 * owner alone).
 */
public interface Measure {

    /** How key results name it: {@code leads.handed_off}. */
    String key();

    /** Message key of what it counts, for {@code /okr measures}: {@code measure.<key>}. */
    default String descriptionKey() {
        return "measure." + key();
    }

    /** The filters it takes ({@code source}, {@code tag}, …), each with one value. */
    List<String> filters();

    /** The unit its values are in ({@code ""} for a count, {@code %}, {@code h}, {@code d}). */
    String unit();

    /**
     * Its value for the people {@code memberIds} from {@code from} to {@code to}, filtered as {@code filter} says;
     * empty where there is nothing yet to take a median, mean or share of (the key result keeps its value).
     */
    Optional<BigDecimal> value(Scope scope);

    /** Whether any record of the workspace matches the filter at all (else the link is refused). */
    boolean matchesAny(String workspace, Filter filter);

    /**
     * The workspace of an aggregate just saved whose change may move this measure (a lead, a post), or empty: its key
     * results are measured again soon.
     */
    Optional<String> workspaceChangedBy(Object savedAggregate);

    record Filter(String name, String value) {

        /** {@code name=value} as a key result keeps it. */
        public String stored() {
            return name + "=" + value;
        }

        public static Optional<Filter> parse(String stored) {
            if (stored == null || !stored.contains("=")) {
                return Optional.empty();
            }
            int eq = stored.indexOf('=');
            return Optional.of(new Filter(stored.substring(0, eq), stored.substring(eq + 1)));
        }
    }

    /** {@code now}: the moment of measuring (a measure of things "already due" stops there). */
    record Scope(String workspace, Collection<Long> memberIds, Optional<Filter> filter, Instant from, Instant to,
            Instant now) {

        /**
         * The people as an SQL list ({@code 3,7,12}): ids from Baton's own member table, never from what people
         * typed, so they may stand in the SQL itself.
         */
        public String people() {
            return String.join(",", memberIds.stream().map(String::valueOf).toList());
        }

        /** The parameters of a query that starts {@code WHERE workspace = ? AND x >= ? AND x < ?}; more may follow. */
        public List<Object> workspaceAndPeriod() {
            return new java.util.ArrayList<>(List.of(workspace, java.sql.Timestamp.from(from),
                    java.sql.Timestamp.from(to)));
        }
    }
}
