package dev.baton.calendar;

import dev.baton.system.BatonProperties;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Which days count as workdays for a workspace: Monday to Friday, minus the country's public holidays, plus its
 * make-up workdays (调休上班), and the workspace's own days on top (they win for their day). The country is
 * {@code baton.calendar.country}: {@code CN} (mainland China's arrangements, {@code calendars/cn.txt}) or
 * {@code none} (weekends only).
 */
@Service
public class WorkingCalendar {

    public enum Kind { HOLIDAY, WORKDAY }

    /** A day that is not what its weekday says: a holiday on a weekday, or a workday on a weekend. */
    public record Day(LocalDate date, Kind kind, String name, boolean own) {
    }

    private final JdbcClient jdbc;
    private final Map<LocalDate, Day> official;

    WorkingCalendar(JdbcClient jdbc, BatonProperties properties) {
        this.jdbc = jdbc;
        String country = properties.calendar().country().strip().toLowerCase(Locale.ROOT);
        this.official = country.equals("none") ? Map.of() : load("calendars/" + country + ".txt");
    }

    private static Map<LocalDate, Day> load(String resource) {
        Map<LocalDate, Day> days = new TreeMap<>();
        InputStream in = WorkingCalendar.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("No working calendar " + resource + " (baton.calendar.country: CN or none)");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] p = line.strip().split("\\s+", 3);
                LocalDate date = LocalDate.parse(p[0]);
                days.put(date, new Day(date, Kind.valueOf(p[1].toUpperCase(Locale.ROOT)), p[2], false));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return days;
    }

    /** The workspace's rule for whole days, read once: use it for many days (an SLA across a holiday week). */
    public Predicate<LocalDate> workdays(String workspace) {
        Map<LocalDate, Day> own = own(workspace);
        return day -> isWorkday(day, own);
    }

    public boolean isWorkday(String workspace, LocalDate day) {
        return workdays(workspace).test(day);
    }

    private boolean isWorkday(LocalDate day, Map<LocalDate, Day> own) {
        Day special = special(day, own);
        return special != null ? special.kind() == Kind.WORKDAY : !isWeekend(day);
    }

    /** What is said of {@code day}: the workspace's own entry, else the country's, else nothing. */
    private Day special(LocalDate day, Map<LocalDate, Day> own) {
        return own.containsKey(day) ? own.get(day) : official.get(day);
    }

    private static boolean isWeekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    /**
     * For something due now that belongs to a workday (a weekly prompt, a reminder, a digest): empty when today is a
     * workday in {@code zone} — or, unless {@code weekendsToo}, a plain weekend day someone chose — else when to do
     * it instead: the next workday at {@code time}.
     */
    public Optional<Instant> deferral(String workspace, Instant now, ZoneId zone, LocalTime time,
            boolean weekendsToo) {
        LocalDate today = now.atZone(zone).toLocalDate();
        Map<LocalDate, Day> own = own(workspace);
        if (isWorkday(today, own) || (!weekendsToo && isWeekend(today) && special(today, own) == null)) {
            return Optional.empty();
        }
        return Optional.of(ZonedDateTime.of(nextWorkday(today.plusDays(1), own), time, zone).toInstant());
    }

    /** The first workday on or after {@code day}. */
    public LocalDate nextWorkday(String workspace, LocalDate day) {
        return nextWorkday(day, own(workspace));
    }

    /** The last workday on or before {@code day}. */
    public LocalDate previousWorkday(String workspace, LocalDate day) {
        Map<LocalDate, Day> own = own(workspace);
        LocalDate d = day;
        while (!isWorkday(d, own)) {
            d = d.minusDays(1);
        }
        return d;
    }

    private LocalDate nextWorkday(LocalDate day, Map<LocalDate, Day> own) {
        LocalDate d = day;
        while (!isWorkday(d, own)) {
            d = d.plusDays(1);
        }
        return d;
    }

    /** The special days (holidays on weekdays, workdays on weekends, and the workspace's own) in [from, to]. */
    public List<Day> special(String workspace, LocalDate from, LocalDate to) {
        Map<LocalDate, Day> all = new TreeMap<>();
        official.forEach((d, day) -> {
            if (!d.isBefore(from) && !d.isAfter(to)) {
                all.put(d, day);
            }
        });
        own(workspace).forEach((d, day) -> {
            if (!d.isBefore(from) && !d.isAfter(to)) {
                all.put(d, day);
            }
        });
        return new ArrayList<>(all.values());
    }

    /** The workspace's own days, by date. */
    public List<Day> own(String workspace, LocalDate from) {
        return own(workspace).values().stream().filter(d -> !d.date().isBefore(from)).toList();
    }

    /**
     * The workspace's own days, read at most once a minute per workspace: a prompt or reminder job asks for every one
     * it runs (100,000 at once at a busy hour; the reminder floor of #29 is missed already, and one more read each
     * would widen the miss). A change on this replica is seen at once, on another within a minute.
     */
    private Map<LocalDate, Day> own(String workspace) {
        Instant now = Instant.now();
        Own cached = ownDays.get(workspace);
        if (cached != null && cached.readAt().plus(OWN_FOR).isAfter(now)) {
            return cached.days();
        }
        Map<LocalDate, Day> days = new TreeMap<>();
        jdbc.sql("SELECT day, kind, name FROM calendar_day WHERE workspace = ? ORDER BY day").param(workspace)
                .query((rs, i) -> new Day(rs.getDate(1).toLocalDate(), Kind.valueOf(rs.getString(2)),
                        rs.getString(3), true))
                .list().forEach(d -> days.put(d.date(), d));
        ownDays.put(workspace, new Own(now, days));
        return days;
    }

    private record Own(Instant readAt, Map<LocalDate, Day> days) {
    }

    private static final Duration OWN_FOR = Duration.ofMinutes(1);
    private final Map<String, Own> ownDays = new ConcurrentHashMap<>();

    /** Reads the workspaces' own days afresh next time (after the table was changed behind Baton, as tests do). */
    public void forgetCached() {
        ownDays.clear();
    }

    /** Marks {@code day} as the workspace's own holiday or workday (replacing what it said of that day before). */
    public void set(String workspace, LocalDate day, Kind kind, String name) {
        jdbc.sql("""
                INSERT INTO calendar_day (workspace, day, kind, name) VALUES (?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE kind = VALUES(kind), name = VALUES(name)""")
                .params(workspace, Date.valueOf(day), kind.name(), name).update();
        ownDays.remove(workspace);
    }

    /** Forgets the workspace's own entry for {@code day}; true when there was one. */
    public boolean remove(String workspace, LocalDate day) {
        boolean removed = jdbc.sql("DELETE FROM calendar_day WHERE workspace = ? AND day = ?")
                .params(workspace, Date.valueOf(day)).update() > 0;
        ownDays.remove(workspace);
        return removed;
    }
}
