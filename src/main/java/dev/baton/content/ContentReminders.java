package dev.baton.content;

import dev.baton.calendar.WorkingCalendar;
import dev.baton.conversation.Deliveries;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.schedule.Job;
import dev.baton.schedule.JobHandler;
import dev.baton.schedule.Schedule;
import dev.baton.team.Department;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Reminders of a post's current milestone (24 h and 1 h before, and when it is overdue) to its owner — and, while
 * it is in review, to the reviewer too, with the buttons to decide — and a flag to the channel's owner when a post reaches its publish
 * time unapproved. Each post has one reminder job, re-planned whenever the post moves or is rescheduled, so a
 * stale reminder can never fire: the job also checks, when it runs, that it still matches the post.
 *
 * <p>Public holidays and company days off of the owner (their calendar): a day-before reminder that would come on
 * one comes on the last working afternoon before it instead, and an overdue nudge waits for the next workday's
 * morning. Plain weekends change nothing (posts go out on Saturdays), nor does the hour-before reminder — someone
 * is publishing then.
 */
@Component
class ContentReminders implements JobHandler {

    static final String KIND = "content.due";
    private static final List<Step> STEPS = List.of(new Step("24h", Duration.ofHours(24)),
            new Step("1h", Duration.ofHours(1)), new Step("overdue", Duration.ZERO));

    private record Step(String name, Duration before) {
    }

    private final ContentItems items;
    private final ContentChannels channels;
    private final Team team;
    private final Schedule schedule;
    private final Deliveries deliveries;
    private final MessageSource messages;
    private final Clock clock;
    private final WorkingCalendar calendar;

    /** When an early reminder comes on the working day before a holiday, and when a deferred nudge comes. */
    private static final LocalTime AFTERNOON = LocalTime.of(16, 0);
    private static final LocalTime MORNING = LocalTime.of(9, 0);

    ContentReminders(ContentItems items, ContentChannels channels, Team team, Schedule schedule,
            Deliveries deliveries, MessageSource messages, Clock clock, WorkingCalendar calendar) {
        this.calendar = calendar;
        this.items = items;
        this.channels = channels;
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

    /** Plans the next reminder and the publish-time flag from the post as it is now. */
    void plan(ContentItem item, Instant now) {
        String dueKey = dueKey(item);
        String flagKey = flagKey(item);
        if (item.stage() == Stage.PUBLISHED) {
            schedule.cancel(dueKey);
            schedule.cancel(flagKey);
            return;
        }
        Instant due = item.dueOfStage();
        Optional<Step> next = STEPS.stream().filter(s -> due.minus(s.before()).isAfter(now)).findFirst();
        if (next.isPresent()) {
            Instant at = due.minus(next.get().before());
            if (next.get().name().equals("24h")) {
                at = beforeHoliday(team.member(item.ownerId()), at, now);
            }
            schedule.at(dueKey, KIND, item.stage() + "|" + next.get().name() + "|" + due.toEpochMilli(), at);
        } else {
            schedule.cancel(dueKey);
        }
        if (!item.stage().approved() && item.publishAt().isAfter(now)) {
            schedule.at(flagKey, KIND, "flag|" + item.publishAt().toEpochMilli(), item.publishAt());
        } else {
            schedule.cancel(flagKey);
        }
    }

    void forget(ContentItem item) {
        schedule.cancel(dueKey(item));
        schedule.cancel(flagKey(item));
    }

    @Override
    public Optional<Instant> run(Job job) {
        long id = Long.parseLong(job.key().substring(job.key().indexOf(':') + 1));
        Optional<ContentItem> found = items.findById(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ContentItem item = found.get();
        Instant now = clock.instant();
        String[] parts = job.payload().split("\\|");
        String sendKey = job.key() + ":" + job.payload();
        if (parts[0].equals("flag")) {
            if (!item.stage().approved() && item.publishAt().toEpochMilli() == Long.parseLong(parts[1])) {
                flag(item, sendKey);
            }
            return Optional.empty();
        }
        boolean current = item.stage().name().equals(parts[0])
                && item.dueOfStage().toEpochMilli() == Long.parseLong(parts[2]);
        if (current && parts[1].equals("overdue")) {
            // no overdue nudge on the owner's holiday: it comes the next workday morning
            Member owner = team.member(item.ownerId());
            LocalDate today = now.atZone(owner.zone()).toLocalDate();
            if (calendar.holidays(team.calendarOf(owner)).test(today)) {
                return calendar.deferral(team.calendarOf(owner), now, owner.zone(), MORNING,
                        false);
            }
        }
        if (current) {
            remind(item, parts[1], sendKey);
        }
        plan(item, now);
        return Optional.empty();
    }

    /**
     * A day-before reminder due on the owner's holiday: the last working afternoon before it, when that is still to
     * come (else as planned).
     */
    private Instant beforeHoliday(Member owner, Instant at, Instant now) {
        java.util.function.Predicate<LocalDate> holiday = calendar.holidays(team.calendarOf(owner));
        LocalDate day = at.atZone(owner.zone()).toLocalDate();
        if (!holiday.test(day)) {
            return at;
        }
        java.util.function.Predicate<LocalDate> workday = calendar.workdays(team.calendarOf(owner));
        LocalDate d = day.minusDays(1);
        for (int i = 0; i < 31 && !workday.test(d); i++) {
            d = d.minusDays(1);
        }
        Instant earlier = java.time.ZonedDateTime.of(d, AFTERNOON, owner.zone()).toInstant();
        return earlier.isAfter(now) && earlier.isBefore(at) ? earlier : at;
    }

    /** The owner always; during review also the reviewer, whose copy has the Approve / Request changes buttons. */
    private void remind(ContentItem item, String step, String sendKey) {
        Member owner = team.member(item.ownerId());
        remind(owner, item, step, false, sendKey + ":" + owner.id());
        if (item.stage() == Stage.IN_REVIEW && item.reviewerId() != null && item.reviewerId() != owner.id()) {
            Member reviewer = team.member(item.reviewerId());
            remind(reviewer, item, step, true, sendKey + ":" + reviewer.id());
        }
    }

    private void remind(Member who, ContentItem item, String step, boolean decides, String sendKey) {
        Texts t = new Texts(messages, who.locale());
        String when = item.dueOfStage().atZone(who.zone())
                .format(DateTimeFormatter.ofPattern(t.t("format.datetime"), t.locale()));
        String what = t.t("content.what." + item.stage().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        String text = t.t("content.remind." + step, item.ref(), item.title(), t.t(item.platform().key()), what, when);
        List<Reply.Button> buttons = decides ? ContentCommands.reviewButtons(t, item) : List.of();
        send(who, new Reply.Card(null, List.of(text), List.of(), buttons, t.t("content.remind.footer", item.ref())),
                sendKey);
    }

    /** To the channel's owner, and the post's owner's manager; always the post's owner too. */
    private void flag(ContentItem item, String sendKey) {
        Member owner = team.member(item.ownerId());
        Set<Long> recipients = new LinkedHashSet<>();
        channels.findByWorkspaceAndPlatform(item.workspace(), item.platform())
                .ifPresent(c -> recipients.add(c.ownerId()));
        if (recipients.isEmpty()) {
            team.department(owner.departmentId()).map(Department::managerId).ifPresent(recipients::add);
        }
        recipients.add(owner.id());
        for (long id : recipients) {
            Member who = team.member(id);
            Texts t = new Texts(messages, who.locale());
            String when = item.publishAt().atZone(who.zone())
                    .format(DateTimeFormatter.ofPattern(t.t("format.datetime"), t.locale()));
            String reviewer = item.reviewerId() == null ? t.t("content.nobody")
                    : team.member(item.reviewerId()).displayName();
            send(who, new Reply.Text(t.t("content.flag", item.ref(), item.title(), t.t(item.platform().key()), when,
                    t.t(item.stage().key()), owner.displayName(), reviewer)), sendKey + ":" + id);
        }
    }

    private void send(Member to, Reply reply, String key) {
        deliveries.enqueue(to.dm(reply, key));
    }

    private static String dueKey(ContentItem item) {
        return "content.due:" + item.id();
    }

    private static String flagKey(ContentItem item) {
        return "content.flag:" + item.id();
    }
}
