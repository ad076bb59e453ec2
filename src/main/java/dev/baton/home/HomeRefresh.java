package dev.baton.home;

import dev.baton.conversation.Conversation;
import dev.baton.conversation.Deliveries;
import dev.baton.conversation.Delivery;
import dev.baton.conversation.Target;
import dev.baton.conversation.Texts;
import dev.baton.schedule.Job;
import dev.baton.schedule.JobHandler;
import dev.baton.schedule.Schedule;
import dev.baton.team.Member;
import dev.baton.team.Team;
import dev.baton.team.WeekChanged;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps open home pages current. Whoever an inbound concerned (its speaker, and whoever got a message from it) and has
 * opened their home gets it published again — once, a few seconds later, however many changes come in between
 * (a job planned "no later than"), so a burst costs one publish per person and stays within the platform's limits.
 */
@Component
class HomeRefresh implements JobHandler {

    static final String KIND = "home.refresh";
    /** How long changes are gathered into one publish. */
    static final Duration GATHER = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final Team team;
    private final Schedule schedule;
    private final Deliveries deliveries;
    private final MyWeek week;
    private final MessageSource messages;
    private final Clock clock;

    HomeRefresh(JdbcClient jdbc, Team team, Schedule schedule, Deliveries deliveries, MyWeek week,
            MessageSource messages, Clock clock) {
        this.jdbc = jdbc;
        this.team = team;
        this.schedule = schedule;
        this.deliveries = deliveries;
        this.week = week;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The delivery key of one publish of a person's home. */
    static String key(Member me, Instant at) {
        return "home:" + me.id() + ":" + at.toEpochMilli();
    }

    void opened(Member me, Instant now) {
        jdbc.sql("UPDATE member SET home_opened_at = ? WHERE id = ?").params(Timestamp.from(now), me.id()).update();
    }

    /** In the inbound's transaction: plan a refresh for each person concerned who keeps a home open. */
    @EventListener
    void touched(Conversation.PeopleTouched touched) {
        if (touched.fromHome()) {
            return; // the home was just published
        }
        Instant due = clock.instant().plus(GATHER);
        if (touched.speakerKeepsHomeOpen()) {
            plan(touched.speakerId(), due);
        }
        if (!touched.others().isEmpty()) {
            // whoever else got a message: one indexed read, only for the inbounds that sent someone else something
            jdbc.sql("""
                    SELECT id FROM member
                    WHERE workspace = :workspace AND platform_user_id IN (:users) AND home_opened_at IS NOT NULL""")
                    .param("workspace", touched.workspace()).param("users", List.copyOf(touched.others()))
                    .query(Long.class).list().forEach(id -> plan(id, due));
        }
    }

    /** Something else changed what waits on these people (a lead rerouted, a questionnaire closed). */
    @EventListener
    void changed(WeekChanged changed) {
        Instant due = clock.instant().plus(GATHER);
        jdbc.sql("SELECT id FROM member WHERE id IN (:ids) AND home_opened_at IS NOT NULL")
                .param("ids", List.copyOf(changed.memberIds())).query(Long.class).list()
                .forEach(id -> plan(id, due));
    }

    private void plan(long memberId, Instant due) {
        schedule.noLaterThan(KIND + ":" + memberId, KIND, "", due);
    }

    @Override
    public Optional<Instant> run(Job job) {
        long id = Long.parseLong(job.key().substring(job.key().indexOf(':') + 1));
        team.find(id).ifPresent(m -> {
            Instant now = clock.instant();
            deliveries.enqueue(new Delivery(m.platform(), m.workspace(), new Target.Home(m.platformUserId()),
                    week.build(m, now, new Texts(messages, m.locale())), key(m, now)));
        });
        return Optional.empty();
    }
}
