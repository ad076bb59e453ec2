package dev.baton.team;

import dev.baton.conversation.ChatGateway;
import dev.baton.schedule.Job;
import dev.baton.schedule.JobHandler;
import dev.baton.schedule.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * People's profiles from their platform, looked up in the background: the first lookup after registration takes
 * their name, time zone, language and admin right; later ones (daily, and when the platform says the profile changed)
 * keep the name current, leaving the zone and language people may have set with {@code /baton set} alone. A failed
 * lookup (the platform down, slow or refusing) is tried again with the job runner's growing delays, then daily.
 */
@Component
class Profiles implements JobHandler {

    private static final Logger log = LoggerFactory.getLogger(Profiles.class);
    static final String KIND = "team.profile";
    private static final String FIRST = "first";
    private static final String REFRESH = "refresh";
    static final Duration REFRESH_EVERY = Duration.ofDays(1);
    /** Failed lookups retried at the runner's pace (30 s, 1 min, 2 min, … about an hour) before going daily. */
    private static final int QUICK_RETRIES = 8;
    static final int MAX_NAME = 200;

    private final Members members;
    private final Map<String, ChatGateway> gateways;
    private final Schedule schedule;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Profiles(Members members, List<ChatGateway> gateways, Schedule schedule, Clock clock,
            ApplicationEventPublisher events) {
        this.members = members;
        this.gateways = gateways.stream().collect(Collectors.toMap(ChatGateway::platform, Function.identity()));
        this.schedule = schedule;
        this.clock = clock;
        this.events = events;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Plans the first lookup of someone just registered (in the registration's transaction). */
    void lookUpSoon(Member member) {
        schedule.at(key(member.id()), KIND, FIRST, clock.instant());
    }

    /**
     * The platform says the person's profile changed: look their name up again now (a first lookup still to come
     * stays the first, only sooner).
     */
    void refreshSoon(Member member) {
        schedule.noLaterThan(key(member.id()), KIND, REFRESH, clock.instant());
    }

    @Override
    public Optional<Instant> run(Job job) {
        long id = Long.parseLong(job.key().substring(job.key().indexOf(':') + 1));
        Optional<Member> found = members.findById(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Member member = found.get();
        String platform = member.workspace().substring(0, member.workspace().indexOf(':'));
        ChatGateway gateway = gateways.get(platform);
        if (gateway == null) {
            return Optional.empty();
        }
        Optional<ChatGateway.PlatformUser> user = gateway.lookupUser(member.workspace(), member.platformUserId());
        Instant now = clock.instant();
        if (user.isEmpty()) {
            if (job.attempts() < QUICK_RETRIES) {
                // the runner keeps the job and tries again after its backoff
                throw new IllegalStateException("No profile for " + member.platformUserId() + " from " + platform);
            }
            log.warn("Still no profile for {} from {} after {} tries; trying daily", member.platformUserId(),
                    platform, job.attempts());
            return Optional.of(now.plus(REFRESH_EVERY));
        }
        boolean first = FIRST.equals(job.payload());
        apply(member, user.get(), first);
        if (first) {
            // from now on a daily refresh of the name; the key planned anew with its own payload is kept
            schedule.at(job.key(), KIND, REFRESH, now.plus(REFRESH_EVERY));
            return Optional.empty();
        }
        return Optional.of(now.plus(REFRESH_EVERY));
    }

    private void apply(Member member, ChatGateway.PlatformUser user, boolean first) {
        ZoneId zoneBefore = member.zone();
        if (user.displayName() != null && !user.displayName().isBlank()) {
            member.rename(nameOf(user.displayName()));
        }
        if (first) {
            if (user.timeZone() != null) {
                member.moveTo(Team.zoneOr(user.timeZone(), member.zone().getId()));
            }
            Team.supportedLocale(user.locale()).ifPresent(member::speak);
            if (user.admin() && member.role() == Role.MEMBER) {
                member.grant(Role.ADMIN);
            }
        }
        members.save(member);
        if (!member.zone().equals(zoneBefore)) {
            // prompts and digests were planned in the zone Baton assumed
            events.publishEvent(new MemberChanged(member.id()));
        }
    }

    /** The platform's name, kept to its column (it is not something the person typed, so it is not refused). */
    static String nameOf(String platformName) {
        String name = platformName.strip();
        return name.codePointCount(0, name.length()) <= MAX_NAME ? name
                : name.substring(0, name.offsetByCodePoints(0, MAX_NAME - 1)) + "…";
    }

    private static String key(long memberId) {
        return "team.profile:" + memberId;
    }
}
