package dev.baton.lead;

import dev.baton.calendar.WorkingCalendar;
import dev.baton.conversation.Pending;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.team.Member;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Lead handoffs summed up: a week of a group of people for the digest, a period's funnel for stats and dashboards. */
@Component
public class LeadReport {

    private final JdbcClient jdbc;
    private final Leads leads;
    private final WorkingCalendar calendar;

    LeadReport(JdbcClient jdbc, Leads leads, WorkingCalendar calendar) {
        this.calendar = calendar;
        this.jdbc = jdbc;
        this.leads = leads;
    }

    /** Leads of one source: how many came in, how many were accepted and won. */
    public record Source(String source, int leads, int accepted, int won) {

        public int conversionPercent() {
            return leads == 0 ? 0 : Math.round(100f * won / leads);
        }
    }

    /**
     * The leads that came in during a period and how far they got: each stage counts the leads that reached it
     * (a lead won straight from "contacted" counts as qualified too), then how they ended and what is still open.
     */
    public record Funnel(int created, int handedOff, int accepted, int contacted, int qualified, int won, int lost,
            int disqualified, int open, List<Source> bySource, List<Double> hoursToAccept, List<Double> daysToClose,
            List<Integer> ratings) {

        public boolean isEmpty() {
            return created == 0;
        }

        public Optional<Double> medianHoursToAccept() {
            return median(hoursToAccept);
        }

        public Optional<Double> medianDaysToClose() {
            return median(daysToClose);
        }

        public Optional<Double> averageQuality() {
            return ratings.isEmpty() ? Optional.empty()
                    : Optional.of(ratings.stream().mapToInt(Integer::intValue).average().orElse(0));
        }

        private static Optional<Double> median(List<Double> sorted) {
            return sorted.isEmpty() ? Optional.empty() : Optional.of(LeadStats.median(sorted));
        }
    }

    public Funnel funnel(String workspace, Instant from, Instant to) {
        List<Lead> all = leads.findByWorkspaceAndCreatedAtBetweenOrderById(workspace, from, to);
        int handed = 0;
        int accepted = 0;
        int contacted = 0;
        int qualified = 0;
        int won = 0;
        int lost = 0;
        int disqualified = 0;
        Map<String, int[]> bySource = new TreeMap<>();
        List<Double> hours = new ArrayList<>();
        List<Double> days = new ArrayList<>();
        List<Integer> ratings = new ArrayList<>();
        for (Lead l : all) {
            Lead.Status s = l.status();
            handed += l.handedOffAt().isPresent() ? 1 : 0;
            accepted += l.acceptedAt().isPresent() ? 1 : 0;
            contacted += l.contactedAt().isPresent() ? 1 : 0;
            qualified += s == Lead.Status.QUALIFIED || s == Lead.Status.WON ? 1 : 0;
            won += s == Lead.Status.WON ? 1 : 0;
            lost += s == Lead.Status.LOST ? 1 : 0;
            disqualified += s == Lead.Status.DISQUALIFIED ? 1 : 0;
            int[] c = bySource.computeIfAbsent(l.source(), k -> new int[3]);
            c[0]++;
            c[1] += l.acceptedAt().isPresent() ? 1 : 0;
            c[2] += s == Lead.Status.WON ? 1 : 0;
            l.timeToAccept().ifPresent(d -> hours.add(d.toMinutes() / 60.0));
            if (s == Lead.Status.WON) {
                days.add(Duration.between(l.createdAt(), l.closedAt().orElseThrow()).toHours() / 24.0);
            }
            l.quality().ifPresent(ratings::add);
        }
        hours.sort(Double::compare);
        days.sort(Double::compare);
        List<Source> sources = bySource.entrySet().stream()
                .map(e -> new Source(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();
        return new Funnel(all.size(), handed, accepted, contacted, qualified, won, lost, disqualified,
                all.size() - won - lost - disqualified, sources, hours, days, ratings);
    }

    /** Handed to the people in the week, accepted in it, won in it, and the median time to accept (hours). */
    public record Week(int handedOff, int accepted, int won, Optional<Double> medianHoursToAccept) {

        public boolean isEmpty() {
            return handedOff == 0 && accepted == 0 && won == 0;
        }
    }

    /** Leads waiting for the person to accept, with the time left on each one's SLA, and Accept / Decline. */
    public List<Pending> waitingFor(Member me, Instant now, Texts t) {
        return leads.findByAssigneeIdOrderById(me.id()).stream()
                .filter(l -> l.status() == Lead.Status.HANDED_OFF && l.handedOffAt().isPresent())
                .map(l -> {
                    Instant deadline = BusinessHours.after(l.handedOffAt().get(), l.slaMinutes(), me.zone(),
                            calendar.workdays(l.workspace()));
                    String line = deadline.isAfter(now)
                            ? t.t("week.lead.line", l.ref(), l.company(), LeadView.when(deadline, me.zone(), t))
                            : t.t("week.lead.late", l.ref(), l.company(), LeadView.when(deadline, me.zone(), t));
                    return new Pending(line, List.of(
                            new Reply.Button(t.t("week.lead.accept", l.ref()), LeadView.ACTION_ACCEPT,
                                    String.valueOf(l.id()), Reply.Button.Style.PRIMARY),
                            new Reply.Button(t.t("week.lead.decline", l.ref()), LeadView.ACTION_DECLINE,
                                    String.valueOf(l.id()), Reply.Button.Style.DANGER)));
                }).toList();
    }

    /** Leads of these people still not accepted after their SLA (a manager's "at risk"). */
    public List<String> breaching(Collection<Long> people, Instant now, java.time.ZoneId zone, Texts t) {
        return people.stream().flatMap(id -> leads.findByAssigneeIdOrderById(id).stream())
                .filter(l -> l.status() == Lead.Status.HANDED_OFF && l.handedOffAt().isPresent())
                .filter(l -> !BusinessHours.after(l.handedOffAt().get(), l.slaMinutes(), zone,
                        calendar.workdays(l.workspace())).isAfter(now))
                .map(l -> t.t("week.risk.lead", l.ref(), l.company()))
                .toList();
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
        Optional<Double> median = hours.isEmpty() ? Optional.empty() : Optional.of(LeadStats.median(hours));
        return new Week(handed, hours.size(), won, median);
    }

    private int count(String column, String in, Timestamp from, Timestamp to, String extra) {
        return jdbc.sql("SELECT COUNT(*) FROM lead WHERE assignee_id IN (" + in + ") AND " + column + " >= ? AND "
                + column + " < ?" + extra).params(from, to).query(Integer.class).single();
    }
}
