package dev.baton.digest;

import dev.baton.calendar.WorkingCalendar;
import dev.baton.conversation.Deliveries;
import dev.baton.conversation.Texts;
import dev.baton.conversation.When;
import dev.baton.schedule.Job;
import dev.baton.schedule.JobHandler;
import dev.baton.schedule.Schedule;
import dev.baton.team.Department;
import dev.baton.team.Member;
import dev.baton.team.MemberChanged;
import dev.baton.team.Team;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Sends each manager their digest at their chosen day and local time, once a week. */
@Component
class DigestJob implements JobHandler {

    static final String KIND = "digest.weekly";

    private final Team team;
    private final DigestSettings settings;
    private final Digests digests;
    private final Schedule schedule;
    private final Deliveries deliveries;
    private final MessageSource messages;
    private final Clock clock;
    private final WorkingCalendar calendar;

    DigestJob(Team team, DigestSettings settings, Digests digests, Schedule schedule, Deliveries deliveries,
            MessageSource messages, Clock clock, WorkingCalendar calendar) {
        this.calendar = calendar;
        this.team = team;
        this.settings = settings;
        this.digests = digests;
        this.schedule = schedule;
        this.deliveries = deliveries;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Everyone gets a job; it only sends while they manage a department, so becoming a manager needs no set-up. */
    @EventListener
    void onMemberChanged(MemberChanged event) {
        team.find(event.memberId()).ifPresent(this::plan);
    }

    void plan(Member member) {
        DigestSettings.Setting setting = settings.of(member.id());
        schedule.at(key(member), KIND, "weekly",
                schedule.nextSpread(member.id(), a -> next(member, setting, a), clock.instant()));
    }

    @Override
    public Optional<Instant> run(Job job) {
        long id = Long.parseLong(job.key().substring(job.key().indexOf(':') + 1));
        Optional<Member> found = team.find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Member manager = found.get();
        DigestSettings.Setting setting = settings.of(manager.id());
        Instant now = clock.instant();
        Optional<Instant> later = calendar.deferral(team.calendarOf(manager), now,
                manager.zone(), setting.time(), false);
        if (later.isPresent()) {
            return later.map(at -> schedule.spread(manager.id(), at)); // a holiday: on the next workday, once
        }
        List<Department> departments = team.managedBy(manager.id());
        if (setting.enabled() && !departments.isEmpty()) {
            Texts t = new Texts(messages, manager.locale());
            Digests.Built digest = digests.build(manager, departments, setting.sections(), now, t);
            String key = job.key() + ":" + job.dueAt().toEpochMilli();
            deliveries.enqueue(manager.dm(digest.card(), key));
            digest.chart().ifPresent(chart -> deliveries.enqueue(manager.dm(chart, key + ":chart")));
        }
        return Optional.of(schedule.nextSpread(manager.id(), a -> next(manager, setting, a), now));
    }

    static Instant next(Member member, DigestSettings.Setting setting, Instant after) {
        return When.nextWeekly(setting.day(), setting.time(), member.zone(), after);
    }

    static String key(Member member) {
        return KIND + ":" + member.id();
    }
}
