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
    /** {@code department} is the key of the department whose own day it is ("" for the whole workspace's). */
    public record Day(LocalDate date, Kind kind, String name, boolean own, String department) {

        public Day(LocalDate date, Kind kind, String name, boolean own) {
            this(date, kind, name, own, "");
        }
    }

    /**
     * Whose calendar: a workspace's, as a person of {@code country} (null: the workspace's) in {@code department}
     * (its key, or null) lives it — the country's official days, then the workspace's own days, then the
     * department's own days, each winning over the one before for its days.
     */
    public record Whose(String workspace, String country, String department) {

        public static Whose workspace(String workspace) {
            return new Whose(workspace, null, null);
        }
    }

    private final JdbcClient jdbc;
    private final java.util.NavigableMap<LocalDate, Day> official;
    private final String country;
    /** Other countries' public holidays (a member's own country), by country and year, from jollyday. */
    private final Map<String, Map<LocalDate, Day>> abroad = new java.util.concurrent.ConcurrentHashMap<>();

    WorkingCalendar(JdbcClient jdbc, BatonProperties properties) {
        this.jdbc = jdbc;
        this.country = properties.calendar().country().strip().toLowerCase(Locale.ROOT);
        this.official = country.equals("none") ? new TreeMap<>() : load("calendars/" + country + ".txt");
    }

    /**
     * Whether Baton knows the public holidays of {@code code} (ISO 3166, e.g. US, DE, JP): the workspace's own
     * country, or one jollyday knows.
     */
    public static boolean knows(String code) {
        return code != null && (code.equalsIgnoreCase("CN") || holidayCalendar(code).isPresent());
    }

    private static Optional<de.focus_shift.jollyday.core.HolidayCalendar> holidayCalendar(String code) {
        return java.util.Arrays.stream(de.focus_shift.jollyday.core.HolidayCalendar.values())
                .filter(c -> c.getId().equalsIgnoreCase(code.strip())).findFirst();
    }

    /**
     * The official days of a person's country: the workspace's (shipped data) when they have none or the same one,
     * else that country's public holidays (jollyday; it has no make-up workdays), a year at a time.
     */
    private java.util.function.Function<LocalDate, Day> officialFor(String personCountry) {
        if (personCountry == null || personCountry.isBlank() || personCountry.equalsIgnoreCase(country)) {
            return official::get;
        }
        String code = personCountry.strip().toUpperCase(Locale.ROOT);
        return day -> abroad.computeIfAbsent(code + ":" + day.getYear(), k -> holidays(code, day.getYear())).get(day);
    }

    private static Map<LocalDate, Day> holidays(String code, int year) {
        Optional<de.focus_shift.jollyday.core.HolidayCalendar> calendar = holidayCalendar(code);
        if (calendar.isEmpty()) {
            return Map.of();
        }
        Map<LocalDate, Day> days = new TreeMap<>();
        de.focus_shift.jollyday.core.HolidayManager.getInstance(
                de.focus_shift.jollyday.core.ManagerParameters.create(calendar.get()))
                .getHolidays(java.time.Year.of(year)).stream()
                .filter(h -> h.getType() == de.focus_shift.jollyday.core.HolidayType.PUBLIC_HOLIDAY)
                .forEach(h -> days.put(h.getActualDate(), new Day(h.getActualDate(), Kind.HOLIDAY,
                        h.getDescription(Locale.ENGLISH), false)));
        return days;
    }

    private static TreeMap<LocalDate, Day> load(String resource) {
        TreeMap<LocalDate, Day> days = new TreeMap<>();
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
        return workdays(workspace, null);
    }

    /**
     * As {@link #workdays(String)} for a person whose own country is {@code personCountry} (null: the workspace's):
     * their country's holidays, and the workspace's own days off, which are everyone's.
     */
    public Predicate<LocalDate> workdays(String workspace, String personCountry) {
        return workdays(new Whose(workspace, personCountry, null));
    }

    /** As {@link #workdays(String, String)} for a person, their department's own days included. */
    public Predicate<LocalDate> workdays(Whose whose) {
        Map<LocalDate, Day> own = own(whose);
        java.util.function.Function<LocalDate, Day> officialDays = officialFor(whose.country());
        return day -> isWorkday(day, own, officialDays);
    }

    /**
     * The days someone said are off for a person of {@code personCountry}: public holidays and the workspace's own
     * days off — not plain weekends (a content team may well publish on a Saturday), and not make-up workdays.
     */
    public Predicate<LocalDate> holidays(Whose whose) {
        Map<LocalDate, Day> own = own(whose);
        java.util.function.Function<LocalDate, Day> officialDays = officialFor(whose.country());
        return day -> {
            Day said = own.containsKey(day) ? own.get(day) : officialDays.apply(day);
            return said != null && said.kind() == Kind.HOLIDAY;
        };
    }

    public boolean isWorkday(String workspace, LocalDate day) {
        return workdays(workspace).test(day);
    }

    private boolean isWorkday(LocalDate day, Map<LocalDate, Day> own) {
        return isWorkday(day, own, official::get);
    }

    private boolean isWorkday(LocalDate day, Map<LocalDate, Day> own,
            java.util.function.Function<LocalDate, Day> officialDays) {
        Day special = own.containsKey(day) ? own.get(day) : officialDays.apply(day);
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
        return deferral(workspace, null, now, zone, time, weekendsToo);
    }

    /** As {@link #deferral(String, Instant, ZoneId, LocalTime, boolean)} for a person of {@code personCountry}. */
    public Optional<Instant> deferral(String workspace, String personCountry, Instant now, ZoneId zone,
            LocalTime time, boolean weekendsToo) {
        return deferral(new Whose(workspace, personCountry, null), now, zone, time, weekendsToo);
    }

    /** As {@link #deferral(String, Instant, ZoneId, LocalTime, boolean)} for a person, department included. */
    public Optional<Instant> deferral(Whose whose, Instant now, ZoneId zone, LocalTime time, boolean weekendsToo) {
        LocalDate today = now.atZone(zone).toLocalDate();
        Map<LocalDate, Day> own = own(whose);
        java.util.function.Function<LocalDate, Day> officialDays = officialFor(whose.country());
        boolean said = own.containsKey(today) || officialDays.apply(today) != null;
        if (isWorkday(today, own, officialDays) || (!weekendsToo && isWeekend(today) && !said)) {
            return Optional.empty();
        }
        LocalDate d = today.plusDays(1);
        while (!isWorkday(d, own, officialDays)) {
            d = d.plusDays(1);
        }
        return Optional.of(ZonedDateTime.of(d, time, zone).toInstant());
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
        return special(Whose.workspace(workspace), from, to);
    }

    /** As {@link #special(String, LocalDate, LocalDate)} as a person sees them: their department's days too. */
    public List<Day> special(Whose whose, LocalDate from, LocalDate to) {
        Map<LocalDate, Day> all = new TreeMap<>();
        // the person's own country's days (a US member sees Thanksgiving, not 国庆)
        java.util.function.Function<LocalDate, Day> officialDays = officialFor(whose.country());
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            Day day = officialDays.apply(d);
            if (day != null) {
                all.put(d, day);
            }
        }
        own(whose).forEach((d, day) -> {
            if (!d.isBefore(from) && !d.isAfter(to)) {
                all.put(d, day);
            }
        });
        return new ArrayList<>(all.values());
    }

    /**
     * The years in [from, to] that {@code whose} lives by the shipped official data ({@code calendars/cn.txt}) but
     * that data does not have yet (the State Council announces a year's arrangement in November or December): their
     * holidays count as ordinary days until an admin adds them. Empty for a person whose country's holidays come from
     * jollyday (it knows every year) and when the workspace has no country.
     */
    public List<Integer> unannouncedYears(Whose whose, LocalDate from, LocalDate to) {
        boolean shipped = whose.country() == null || whose.country().isBlank()
                || whose.country().equalsIgnoreCase(country);
        if (!shipped || official.isEmpty()) {
            return List.of();
        }
        int last = official.lastKey().getYear();
        List<Integer> years = new ArrayList<>();
        for (int y = Math.max(from.getYear(), last + 1); y <= to.getYear(); y++) {
            years.add(y);
        }
        return years;
    }

    /** The workspace's own days and all its departments' own days from {@code from}, by date. */
    public List<Day> own(String workspace, LocalDate from) {
        return jdbc.sql("""
                SELECT day, kind, name, department FROM calendar_day WHERE workspace = ? AND day >= ?
                ORDER BY day, department""").params(workspace, Date.valueOf(from))
                .query((rs, i) -> new Day(rs.getDate(1).toLocalDate(), Kind.valueOf(rs.getString(2)),
                        rs.getString(3), true, rs.getString(4))).list();
    }

    /** A person's own days: the workspace's, then their department's over them. */
    private Map<LocalDate, Day> own(Whose whose) {
        Map<LocalDate, Day> workspaceDays = own(whose.workspace());
        if (whose.department() == null || whose.department().isBlank()) {
            return workspaceDays;
        }
        Map<LocalDate, Day> departmentDays = own(whose.workspace(), whose.department());
        if (departmentDays.isEmpty()) {
            return workspaceDays;
        }
        Map<LocalDate, Day> merged = new TreeMap<>(workspaceDays);
        merged.putAll(departmentDays);
        return merged;
    }

    private Map<LocalDate, Day> own(String workspace) {
        return own(workspace, "");
    }

    /**
     * The workspace's own days, read at most once a minute per workspace: a prompt or reminder job asks for every one
     * it runs (100,000 at once at a busy hour; the reminder floor of #29 is missed already, and one more read each
     * would widen the miss). A change on this replica is seen at once, on another within a minute.
     */
    private Map<LocalDate, Day> own(String workspace, String department) {
        Instant now = Instant.now();
        String key = workspace + "\u0000" + department;
        Own cached = ownDays.get(key);
        if (cached != null && cached.readAt().plus(OWN_FOR).isAfter(now)) {
            return cached.days();
        }
        Map<LocalDate, Day> days = new TreeMap<>();
        jdbc.sql("SELECT day, kind, name FROM calendar_day WHERE workspace = ? AND department = ? ORDER BY day")
                .params(workspace, department)
                .query((rs, i) -> new Day(rs.getDate(1).toLocalDate(), Kind.valueOf(rs.getString(2)),
                        rs.getString(3), true, department))
                .list().forEach(d -> days.put(d.date(), d));
        ownDays.put(key, new Own(now, days));
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
        set(workspace, "", day, kind, name);
    }

    /** As {@link #set(String, LocalDate, Kind, String)} for one department ("" for the whole workspace). */
    public void set(String workspace, String department, LocalDate day, Kind kind, String name) {
        jdbc.sql("""
                INSERT INTO calendar_day (workspace, department, day, kind, name) VALUES (?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE kind = VALUES(kind), name = VALUES(name)""")
                .params(workspace, department, Date.valueOf(day), kind.name(), name).update();
        ownDays.remove(workspace + "\u0000" + department);
    }

    /** Forgets the workspace's own entry for {@code day}; true when there was one. */
    public boolean remove(String workspace, LocalDate day) {
        return remove(workspace, "", day);
    }

    /** Forgets a department's own entry ("" for the workspace's) for {@code day}; true when there was one. */
    public boolean remove(String workspace, String department, LocalDate day) {
        boolean removed = jdbc.sql("DELETE FROM calendar_day WHERE workspace = ? AND department = ? AND day = ?")
                .params(workspace, department, Date.valueOf(day)).update() > 0;
        ownDays.remove(workspace + "\u0000" + department);
        return removed;
    }
}
