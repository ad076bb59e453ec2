package dev.baton.lead;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A week of lead handoffs to a group of people, for the managers' digest. */
@Component
public class LeadReport {

    private final JdbcClient jdbc;

    LeadReport(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Handed to the people in the week, accepted in it, won in it, and the median time to accept (hours). */
    public record Week(int handedOff, int accepted, int won, Optional<Double> medianHoursToAccept) {

        public boolean isEmpty() {
            return handedOff == 0 && accepted == 0 && won == 0;
        }
    }

    public Week week(Collection<Long> people, Instant from, Instant to) {
        if (people.isEmpty()) {
            return new Week(0, 0, 0, Optional.empty());
        }
        String in = String.join(",", people.stream().map(String::valueOf).toList());
        Timestamp f = Timestamp.from(from);
        Timestamp t = Timestamp.from(to);
        // ids come from our own members table, never from user text
        int handed = count("handed_off_at", in, f, t, "");
        int won = count("closed_at", in, f, t, " AND status = 'WON'");
        List<Double> hours = new ArrayList<>(jdbc.sql("SELECT created_at, accepted_at FROM lead WHERE assignee_id IN ("
                + in + ") AND accepted_at >= ? AND accepted_at < ?").params(f, t)
                .query((rs, i) -> Duration.between(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant())
                        .toMinutes() / 60.0).list());
        hours.sort(Double::compare);
        Optional<Double> median = hours.isEmpty() ? Optional.empty() : Optional.of(LeadCommands.median(hours));
        return new Week(handed, hours.size(), won, median);
    }

    private int count(String column, String in, Timestamp from, Timestamp to, String extra) {
        return jdbc.sql("SELECT COUNT(*) FROM lead WHERE assignee_id IN (" + in + ") AND " + column + " >= ? AND "
                + column + " < ?" + extra).params(from, to).query(Integer.class).single();
    }
}
