package dev.baton.okr;

import dev.baton.calendar.WorkingCalendar;
import dev.baton.conversation.Deliveries;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.conversation.When;
import dev.baton.schedule.Job;
import dev.baton.schedule.JobHandler;
import dev.baton.schedule.Schedule;
import dev.baton.team.Member;
import dev.baton.team.MemberChanged;
import dev.baton.team.Team;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The weekly check-in rhythm: a DM at 09:00 local time on each member's check-in day listing their key results,
 * a reminder two days later for those still without a check-in, and snoozing. Skipped while out of office.
 */
@Component
class OkrPrompts implements JobHandler {

    static final String KIND = "okr.prompt";
    static final LocalTime PROMPT_TIME = LocalTime.of(9, 0);
    static final Duration REMINDER_AFTER = Duration.ofDays(2);

    private final Okrs okrs;
    private final Team team;
    private final Schedule schedule;
    private final Deliveries deliveries;
    private final MessageSource messages;
    private final Clock clock;
    private final WorkingCalendar calendar;

    OkrPrompts(Okrs okrs, Team team, Schedule schedule, Deliveries deliveries, MessageSource messages,
            Clock clock, WorkingCalendar calendar) {
        this.calendar = calendar;
        this.okrs = okrs;
        this.team = team;
        this.schedule = schedule;
        this.deliveries = deliveries;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** A member registered or changed zone, weekday or absence: plan their next weekly prompt. */
    @EventListener
    void onMemberChanged(MemberChanged event) {
        team.find(event.memberId()).ifPresent(m ->
                schedule.at(weeklyKey(m), KIND, "weekly", nextSpreadPrompt(m, clock.instant())));
    }

    @Override
    public Optional<Instant> run(Job job) {
        long memberId = Long.parseLong(job.key().substring(job.key().indexOf(':') + 1));
        Optional<Member> found = team.find(memberId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Member member = found.get();
        Instant now = clock.instant();
        String payload = job.payload();
        // on a holiday the prompt comes once, on the next workday (a chosen weekend day stays), and no reminder
        // comes on a day off at all
        Optional<Instant> later = calendar.deferral(team.calendarOf(member), now, member.zone(),
                PROMPT_TIME, !payload.equals("weekly"));
        if (later.isPresent()) {
            return later.map(at -> schedule.spread(member.id(), at));
        }
        if (payload.equals("weekly")) {
            weekly(member, now, job.dueAt());
            return Optional.of(nextSpreadPrompt(member, now));
        }
        Instant promptAt = Instant.ofEpochMilli(Long.parseLong(payload.substring(payload.indexOf(':') + 1)));
        if (!away(member, now)) {
            List<KeyResult> missing = missingSince(member, promptAt, now);
            if (!missing.isEmpty()) {
                Texts t = texts(member);
                String title = payload.startsWith("reminder") ? t.t("okr.reminder.title", missing.size())
                        : t.t("okr.prompt.again");
                send(member, prompt(t, title, missing, payload.startsWith("snooze")),
                        job.key() + ":" + job.dueAt().toEpochMilli());
            }
        }
        return Optional.empty();
    }

    private void weekly(Member member, Instant now, Instant dueAt) {
        if (away(member, now)) {
            return;
        }
        List<KeyResult> active = okrs.activeKeyResults(member, local(member, now).toLocalDate());
        if (active.isEmpty()) {
            return;
        }
        Texts t = texts(member);
        send(member, prompt(t, t.t("okr.prompt.title"), active, true),
                weeklyKey(member) + ":" + dueAt.toEpochMilli());
        schedule.at(reminderKey(member), KIND, "reminder:" + now.toEpochMilli(), now.plus(REMINDER_AFTER));
    }

    private Reply.Card prompt(Texts t, String title, List<KeyResult> krs, boolean snoozable) {
        List<String> lines = new ArrayList<>();
        for (KeyResult kr : krs) {
            lines.add(OkrFormat.keyResultLine(t, kr));
            if (kr.measure().isPresent()) {
                // its value is measured: only the confidence and a note are asked
                lines.add(t.t("okr.prompt.measured", kr.ref()));
            }
        }
        List<Reply.Button> buttons = new ArrayList<>();
        buttons.add(new Reply.Button(t.t("okr.prompt.checkin-now"), OkrCommands.ACTION_OPEN, "",
                Reply.Button.Style.PRIMARY));
        if (snoozable) {
            buttons.add(new Reply.Button(t.t("okr.prompt.snooze"), OkrCommands.ACTION_SNOOZE, "",
                    Reply.Button.Style.DEFAULT));
        }
        return new Reply.Card(title, lines, List.of(), buttons, t.t("okr.prompt.footer"));
    }

    /** Asks again after {@code delay}; returns when, in the member's zone. */
    ZonedDateTime snooze(Member member, Instant now, Duration delay) {
        Instant promptAt = schedule.dueAt(reminderKey(member)).map(r -> r.minus(REMINDER_AFTER)).orElse(now);
        Instant until = now.plus(delay);
        schedule.at(snoozeKey(member), KIND, "snooze:" + promptAt.toEpochMilli(), until);
        return local(member, until);
    }

    /** Of the member's active key results {@code active}, those without a check-in since this week's prompt time. */
    List<KeyResult> stillOpenThisWeek(Member member, List<KeyResult> active, Instant now) {
        Instant since = lastPromptAtOrBefore(member, now);
        return active.stream().filter(kr -> kr.lastCheckinAt() == null || kr.lastCheckinAt().isBefore(since))
                .toList();
    }

    private List<KeyResult> missingSince(Member member, Instant since, Instant now) {
        return okrs.notCheckedInSince(member, local(member, now).toLocalDate(), since);
    }

    Instant nextPromptAfter(Member member, Instant after) {
        return When.nextWeekly(member.checkinDay(), PROMPT_TIME, member.zone(), after);
    }

    /** When the member's next weekly prompt goes out: their check-in day at 09:00, plus their spread. */
    private Instant nextSpreadPrompt(Member member, Instant after) {
        return schedule.nextSpread(member.id(), a -> nextPromptAfter(member, a), after);
    }

    private Instant lastPromptAtOrBefore(Member member, Instant now) {
        return nextPromptAfter(member, now).minus(Duration.ofDays(7));
    }

    private boolean away(Member member, Instant now) {
        return member.isAwayOn(local(member, now).toLocalDate());
    }

    private void send(Member member, Reply reply, String key) {
        deliveries.enqueue(member.dm(reply, key));
    }

    private Texts texts(Member member) {
        return new Texts(messages, member.locale());
    }

    private static ZonedDateTime local(Member member, Instant at) {
        return at.atZone(member.zone());
    }

    static String weeklyKey(Member m) {
        return "okr.weekly:" + m.id();
    }

    static String reminderKey(Member m) {
        return "okr.reminder:" + m.id();
    }

    static String snoozeKey(Member m) {
        return "okr.snooze:" + m.id();
    }
}
