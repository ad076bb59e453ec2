package dev.baton.team;

import dev.baton.conversation.ChatGateway;
import dev.baton.conversation.Origin;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Speaker;
import dev.baton.conversation.Speakers;
import dev.baton.conversation.Token;
import dev.baton.conversation.UsageException;
import dev.baton.system.BatonProperties;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Finds members, registering them on first contact (their profile follows from the platform, {@link Profiles}). */
@Service
public class Team implements Speakers {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Team.class);

    private final Members members;
    private final Map<String, ChatGateway> gateways;
    private final Departments departments;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final BatonProperties properties;
    private final Profiles profiles;

    Team(Members members, Departments departments, List<ChatGateway> gateways, Clock clock,
            ApplicationEventPublisher events, TransactionTemplate tx, BatonProperties properties, Profiles profiles) {
        this.members = members;
        this.gateways = gateways.stream().collect(Collectors.toMap(ChatGateway::platform, g -> g));
        this.departments = departments;
        this.clock = clock;
        this.events = events;
        this.tx = tx;
        this.properties = properties;
        this.profiles = profiles;
    }

    @Override
    public Speaker resolve(Origin origin) {
        return speaker(member(origin.platform(), origin.workspace(), origin.userId()));
    }

    @Override
    public Optional<Speaker> known(Origin origin) {
        return find(origin.workspace(), origin.userId()).map(m -> {
            ReadInTransaction.keep(m);
            return speaker(m);
        });
    }

    @Override
    public void profileChanged(String workspace, String userId) {
        tx.executeWithoutResult(status -> find(workspace, userId).ifPresent(profiles::refreshSoon));
    }

    private Speaker speaker(Member member) {
        Member m = member;
        if (m.role() != Role.ADMIN && properties.isListedAdmin(m.platformUserId())) {
            m = promote(m);
        }
        return new Speaker(m.id(), m.platformUserId(), m.displayName(), m.role().name(), m.zone(), m.locale(),
                m.keepsHomeOpen());
    }

    /** The member with this platform id, registered now if Baton has not met them yet. */
    public Member member(String platform, String workspace, String userId) {
        return find(workspace, userId).orElseGet(() -> register(platform, workspace, userId));
    }

    public Member member(long id) {
        return find(id).orElseThrow();
    }

    /** The speaker of the inbound being handled comes from the row read for it ({@link ReadInTransaction}). */
    public Optional<Member> find(long id) {
        Member read = ReadInTransaction.get(id);
        return read != null ? Optional.of(read) : members.findById(id);
    }

    /** How reports name a member: their display name, or "?" for one who is gone. */
    public String nameOf(long memberId) {
        return find(memberId).map(Member::displayName).orElse("?");
    }

    /** {@link #nameOf} for several members, read in one statement: a poll's message names a few voters per option. */
    public Map<Long, String> namesOf(Collection<Long> memberIds) {
        Map<Long, String> names = new HashMap<>();
        members.findAllById(new LinkedHashSet<>(memberIds)).forEach(m -> names.put(m.id(), m.displayName()));
        for (long id : memberIds) {
            names.putIfAbsent(id, "?");
        }
        return names;
    }

    /**
     * The people of a channel Baton knows (as the platform lists the channel's members; none where it does not
     * say). A platform call: for jobs, never on an acknowledgement's path.
     */
    public List<Member> channelMembers(Member asker, String channelId, int limit) {
        ChatGateway gateway = gateways.get(asker.platform());
        if (gateway == null) {
            return List.of();
        }
        return gateway.channelMembers(asker.workspace(), channelId, limit).stream()
                .map(id -> find(asker.workspace(), id)).flatMap(Optional::stream).toList();
    }

    /** The member with this platform id, if Baton has met them (never registers). */
    public Optional<Member> find(String workspace, String platformUserId) {
        return members.findByWorkspaceAndPlatformUserId(workspace, platformUserId);
    }

    /**
     * Registers someone Baton meets for the first time with what it knows without asking the platform (their id as
     * name, the default zone and language), so that no acknowledgement waits on a platform call: {@link Profiles}
     * fills their profile in from the platform a moment later, and tries again when the platform fails.
     */
    private Member register(String platform, String workspace, String userId) {
        ChatGateway gateway = gateways.get(platform);
        Optional<ChatGateway.PlatformUser> atHand = gateway == null ? Optional.empty()
                : gateway.profileAtHand(workspace, userId);
        String name = atHand.map(u -> Profiles.nameOf(u.displayName())).orElse(userId);
        Role role = properties.isListedAdmin(userId) || atHand.map(ChatGateway.PlatformUser::admin).orElse(false)
                ? Role.ADMIN : Role.MEMBER;
        ZoneId zone = zoneOr(atHand.map(ChatGateway.PlatformUser::timeZone).orElse(null),
                properties.defaultTimeZone());
        Locale locale = supportedLocale(atHand.map(ChatGateway.PlatformUser::locale).orElse(null))
                .orElse(Locale.forLanguageTag(properties.defaultLocale()));
        try {
            return tx.execute(status -> {
                Member saved = members.save(Member.register(workspace, userId, name, role, zone, locale,
                        clock.instant()));
                // the platform id is what BATON_ADMINS takes, and on Feishu the log is where an admin finds it
                LOG.info("registered member {} {} in {} as {}", saved.id(), userId, workspace, role);
                if (atHand.isEmpty()) {
                    profiles.lookUpSoon(saved);
                }
                events.publishEvent(new MemberChanged(saved.id()));
                return saved;
            });
        } catch (DuplicateKeyException raced) {
            // another request registered the same person a moment ago
            return members.findByWorkspaceAndPlatformUserId(workspace, userId).orElseThrow();
        }
    }

    /**
     * The member a mention names: a platform-escaped mention by id (registering them if needed), a typed
     * {@code @name} by display name.
     */
    public Member mentioned(Member speaker, Token token, String usage) {
        if (token.kind() != Token.Kind.MENTION) {
            throw new UsageException(usage, "error.expected-mention", token.text());
        }
        if (token.id() != null) {
            return member(speaker.platform(), speaker.workspace(), token.id());
        }
        List<Member> found = members.findByWorkspaceAndDisplayName(speaker.workspace(), token.text());
        if (found.isEmpty()) {
            throw new UsageException(usage, "error.unknown-member", "@" + token.text());
        }
        if (found.size() > 1) {
            throw new UsageException(usage, "error.ambiguous-member", "@" + token.text());
        }
        return found.get(0);
    }

    public Optional<Department> department(String workspace, String key) {
        return departments.findByWorkspaceAndKey(workspace, key.toLowerCase(Locale.ROOT));
    }

    public Department requireDepartment(String workspace, String key, String usage) {
        return department(workspace, key).orElseThrow(() -> new UsageException(usage, "error.unknown-department",
                key, departments.findByWorkspaceOrderByKey(workspace).stream().map(Department::key)
                        .collect(Collectors.joining(", "))));
    }

    public Optional<Department> department(Long id) {
        return id == null ? Optional.empty() : departments.findById(id);
    }

    public List<Department> departments(String workspace) {
        return departments.findByWorkspaceOrderByKey(workspace);
    }

    public List<Department> managedBy(long memberId) {
        return departments.findByManagerId(memberId);
    }

    /** Everyone Baton knows in a workspace, by name (for pickers in forms). */
    public List<Member> membersOf(String workspace) {
        return members.findByWorkspaceOrderByDisplayName(workspace);
    }

    /** The people a form's person picker offers (where the platform needs a list): everyone Baton knows, by name. */
    public List<Reply.Option> peopleToPick(Member me) {
        return membersOf(me.workspace()).stream()
                .map(m -> new Reply.Option(m.platformUserId(), m.displayName())).toList();
    }

    /** The person a form's person picker answered ({@code <@U123>}), met for the first time if need be. */
    public Optional<Member> picked(Member speaker, String answer) {
        if (answer == null || answer.isBlank()) {
            return Optional.empty();
        }
        return dev.baton.conversation.Tokenizer.tokenize(answer).stream()
                .filter(t -> t.kind() == Token.Kind.MENTION && t.id() != null).findFirst()
                .map(t -> member(speaker.platform(), speaker.workspace(), t.id()));
    }

    /**
     * Whose public holidays count for {@code m}: their own country, else their department's, else null (the
     * workspace's calendar).
     */
    public String countryOf(Member m) {
        if (m.country() != null) {
            return m.country();
        }
        return m.departmentId() == null ? null
                : department(m.departmentId()).map(Department::country).orElse(null);
    }

    /** Whose working calendar {@code m} lives by: the workspace's, their country's holidays, their department's days. */
    public dev.baton.calendar.WorkingCalendar.Whose calendarOf(Member m) {
        String department = m.departmentId() == null ? null
                : department(m.departmentId()).map(Department::key).orElse(null);
        return new dev.baton.calendar.WorkingCalendar.Whose(m.workspace(), countryOf(m), department);
    }

    public List<Member> inDepartment(long departmentId) {
        return members.findByDepartmentId(departmentId);
    }

    /** May {@code actor} act on behalf of {@code subject}? Admins always; managers for their departments. */
    public boolean canManage(Member actor, Member subject) {
        if (actor.id() == subject.id() || actor.isAdmin()) {
            return true;
        }
        return subject.departmentId() != null && department(subject.departmentId())
                .map(d -> d.managerId() != null && d.managerId() == actor.id()).orElse(false);
    }

    public boolean manages(Member actor, Department department) {
        return actor.isAdmin() || (department.managerId() != null && department.managerId() == actor.id());
    }

    Members members() {
        return members;
    }

    Departments departmentRepository() {
        return departments;
    }

    /** A member listed in {@code baton.admins} after they first met Baton becomes admin when next heard from. */
    private Member promote(Member member) {
        return tx.execute(status -> {
            Member fresh = members.findById(member.id()).orElseThrow();
            fresh.grant(Role.ADMIN);
            changed(fresh);
            return fresh;
        });
    }

    /** See {@link WeekChanged}; in the caller's transaction. */
    public void weekChanged(Collection<Long> memberIds) {
        if (!memberIds.isEmpty()) {
            events.publishEvent(new WeekChanged(List.copyOf(memberIds)));
        }
    }

    void changed(Member member) {
        members.save(member);
        events.publishEvent(new MemberChanged(member.id()));
    }

    static ZoneId zoneOr(String id, String fallback) {
        try {
            return id == null || id.isBlank() ? ZoneId.of(fallback) : ZoneId.of(id);
        } catch (DateTimeException e) {
            return ZoneId.of(fallback);
        }
    }

    /** Baton speaks English and Simplified Chinese; anything Chinese maps to zh-CN, the rest to English. */
    public static Optional<Locale> supportedLocale(String tag) {
        if (tag == null || tag.isBlank()) {
            return Optional.empty();
        }
        String t = tag.replace('_', '-').toLowerCase(Locale.ROOT);
        if (t.startsWith("zh") || t.equals("中文") || t.equals("cn")) {
            return Optional.of(Locale.SIMPLIFIED_CHINESE);
        }
        if (t.startsWith("en")) {
            return Optional.of(Locale.ENGLISH);
        }
        return Optional.empty();
    }
}
