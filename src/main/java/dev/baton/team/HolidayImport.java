package dev.baton.team;

import dev.baton.calendar.WorkingCalendar;
import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Deliveries;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.schedule.Job;
import dev.baton.schedule.JobHandler;
import dev.baton.schedule.Schedule;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.component.VEvent;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.springframework.context.MessageSource;

/**
 * {@code /baton holiday import <https://…/holidays.ics>}: an admin brings a holiday feed (a country's, a company's)
 * into the workspace's own days off. The feed is fetched in the background — no answer waits on another server —
 * and its all-day events from today on (two years at most) become days off, each named by its summary; a day the
 * workspace already said something of keeps it. The admin is told what was added, or why nothing could be.
 */
@org.springframework.stereotype.Component
class HolidayImport implements JobHandler {

    static final String KIND = "team.holiday-import";
    private static final int MAX_BYTES = 1_048_576;
    private static final int MAX_NAME = 100;
    private static final int SHOWN = 10;

    private final Schedule schedule;
    private final WorkingCalendar calendar;
    private final Team team;
    private final Deliveries deliveries;
    private final MessageSource messages;
    private final Clock clock;
    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(15)).build();

    HolidayImport(Schedule schedule, WorkingCalendar calendar, Team team, Deliveries deliveries,
            MessageSource messages, Clock clock) {
        this.schedule = schedule;
        this.calendar = calendar;
        this.team = team;
        this.deliveries = deliveries;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    void start(Context ctx, Member me, Args args) {
        String url = args.word("calendar.error.import-url");
        args.expectEnd();
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw args.fail("calendar.error.bad-url", url);
        }
        if (uri.getHost() == null || !("https".equalsIgnoreCase(uri.getScheme())
                || "http".equalsIgnoreCase(uri.getScheme()))) {
            throw args.fail("calendar.error.bad-url", url);
        }
        schedule.at(KIND + ":" + me.workspace() + ":" + Integer.toHexString(url.hashCode()), KIND,
                me.id() + "|" + url, ctx.instant());
        ctx.reply(ctx.t("calendar.import.started", url));
    }

    @Override
    public Optional<Instant> run(Job job) {
        int bar = job.payload().indexOf('|');
        Optional<Member> admin = team.find(Long.parseLong(job.payload().substring(0, bar)));
        String url = job.payload().substring(bar + 1);
        if (admin.isEmpty()) {
            return Optional.empty();
        }
        Member me = admin.get();
        Texts t = new Texts(messages, me.locale());
        Map<LocalDate, String> days;
        try {
            days = fetch(url, me.zone() == null ? LocalDate.now(clock) : clock.instant().atZone(me.zone())
                    .toLocalDate());
        } catch (IOException | ParserException | RuntimeException e) {
            if (job.attempts() < 2) {
                throw new IllegalStateException("Could not read the holiday feed " + url, e);
            }
            tell(me, t.t("calendar.import.failed", url), job);
            return Optional.empty();
        }
        List<String> added = new ArrayList<>();
        for (Map.Entry<LocalDate, String> d : days.entrySet()) {
            if (calendar.own(me.workspace(), d.getKey()).stream().noneMatch(o -> o.date().equals(d.getKey()))) {
                calendar.set(me.workspace(), d.getKey(), WorkingCalendar.Kind.HOLIDAY, d.getValue());
                added.add(t.t("calendar.holiday", t.date(d.getKey()), d.getValue()));
            }
        }
        List<String> lines = new ArrayList<>(added.subList(0, Math.min(SHOWN, added.size())));
        if (added.size() > SHOWN) {
            lines.add(t.t("calendar.import.more", added.size() - SHOWN));
        }
        tell(me, new Reply.Card(t.t("calendar.import.done", added.size(), url), lines, List.of(), List.of(),
                t.t("calendar.import.footer")), job);
        return Optional.empty();
    }

    private void tell(Member me, String text, Job job) {
        tell(me, new Reply.Text(text), job);
    }

    private void tell(Member me, Reply reply, Job job) {
        deliveries.enqueue(me.dm(reply, job.key() + ":" + job.dueAt().toEpochMilli()));
    }

    /** The feed's all-day events from {@code today} on, two years at most, by day. */
    private Map<LocalDate, String> fetch(String url, LocalDate today) throws IOException, ParserException {
        try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
            if (!response.isSuccessful() || response.body() == null) {
                throw new IOException("HTTP " + response.code());
            }
            byte[] body;
            try (InputStream in = response.body().byteStream()) {
                body = in.readNBytes(MAX_BYTES + 1);
            }
            if (body.length > MAX_BYTES) {
                throw new IOException("feed over 1 MB");
            }
            net.fortuna.ical4j.model.Calendar feed = new CalendarBuilder()
                    .build(new java.io.ByteArrayInputStream(body));
            Map<LocalDate, String> days = new TreeMap<>();
            LocalDate last = today.plusYears(2);
            for (VEvent e : feed.<VEvent>getComponents(Component.VEVENT)) {
                Optional<LocalDate> start = e.getStartDate().map(d -> d.getDate())
                        .filter(LocalDate.class::isInstance).map(LocalDate.class::cast);
                if (start.isEmpty()) {
                    continue; // an event at a time of day is not a day off
                }
                LocalDate end = e.getEndDate(false).map(d -> d.getDate()).filter(LocalDate.class::isInstance)
                        .map(LocalDate.class::cast).orElse(start.get().plusDays(1));
                String name = e.getProperty("SUMMARY").map(p -> ((net.fortuna.ical4j.model.Property) p).getValue())
                        .map(String::strip).filter(s -> !s.isEmpty()).orElse("—");
                if (name.codePointCount(0, name.length()) > MAX_NAME) {
                    name = name.substring(0, name.offsetByCodePoints(0, MAX_NAME - 1)) + "…";
                }
                for (LocalDate d = start.get(); d.isBefore(end) && !d.isAfter(last); d = d.plusDays(1)) {
                    if (!d.isBefore(today)) {
                        days.put(d, name);
                    }
                }
            }
            return days;
        }
    }
}
