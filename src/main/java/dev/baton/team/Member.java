package dev.baton.team;

import dev.baton.conversation.Delivery;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Target;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.ReadOnlyProperty;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** A person in one workspace. Identity is (workspace, platform user id). */
@Table("member")
public class Member {

    @Id
    private Long id;
    private final String workspace;
    private final String platformUserId;
    private String displayName;
    private Long departmentId;
    private Role role;
    private String timeZone;
    private String locale;
    private LocalDate outOfOfficeUntil;
    private DayOfWeek checkinDay;
    /** Their own country (ISO 3166) when it is not the workspace's: its public holidays are theirs. */
    private String country;
    private final Instant createdAt;
    @Version
    private Integer version;
    /** When the person last opened their home page (Slack's App Home); written by the home module alone. */
    @ReadOnlyProperty
    private Instant homeOpenedAt;

    @PersistenceCreator
    Member(Long id, String workspace, String platformUserId, String displayName, Long departmentId, Role role,
            String timeZone, String locale, LocalDate outOfOfficeUntil, DayOfWeek checkinDay, String country,
            Instant createdAt, Integer version) {
        this.country = country;
        this.id = id;
        this.workspace = workspace;
        this.platformUserId = platformUserId;
        this.displayName = displayName;
        this.departmentId = departmentId;
        this.role = role;
        this.timeZone = timeZone;
        this.locale = locale;
        this.outOfOfficeUntil = outOfOfficeUntil;
        this.checkinDay = checkinDay;
        this.createdAt = createdAt;
        this.version = version;
    }

    static Member register(String workspace, String platformUserId, String displayName, Role role, ZoneId zone,
            Locale locale, Instant now) {
        return new Member(null, workspace, platformUserId, displayName, null, role, zone.getId(),
                locale.toLanguageTag(), null, DayOfWeek.MONDAY, null, now, null);
    }

    /** Their own country's code, or null for the workspace's working calendar. */
    public String country() {
        return country;
    }

    void livesIn(String code) {
        this.country = code;
    }

    public long id() {
        return id;
    }

    public String workspace() {
        return workspace;
    }

    public String platform() {
        return workspace.substring(0, workspace.indexOf(':'));
    }

    /** The person has opened their home page, so it is kept current as their week changes. */
    public boolean keepsHomeOpen() {
        return homeOpenedAt != null;
    }

    public String platformUserId() {
        return platformUserId;
    }

    public String displayName() {
        return displayName;
    }

    public Long departmentId() {
        return departmentId;
    }

    public Role role() {
        return role;
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    public Locale locale() {
        return Locale.forLanguageTag(locale);
    }

    public LocalDate outOfOfficeUntil() {
        return outOfOfficeUntil;
    }

    public DayOfWeek checkinDay() {
        return checkinDay;
    }

    /** A direct message to this member, delivered once per {@code key}. */
    public Delivery dm(Reply reply, String key) {
        return new Delivery(platform(), workspace, new Target.Direct(platformUserId), reply, key);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Out of office on {@code day} (in the member's own calendar). */
    public boolean isAwayOn(LocalDate day) {
        return outOfOfficeUntil != null && !day.isAfter(outOfOfficeUntil);
    }

    void rename(String name) {
        this.displayName = name;
    }

    void moveTo(ZoneId zone) {
        this.timeZone = zone.getId();
    }

    void speak(Locale newLocale) {
        this.locale = newLocale.toLanguageTag();
    }

    void awayUntil(LocalDate lastDayAway) {
        this.outOfOfficeUntil = lastDayAway;
    }

    void checkInOn(DayOfWeek day) {
        this.checkinDay = day;
    }

    void grant(Role newRole) {
        this.role = newRole;
    }

    void joinDepartment(Long department) {
        this.departmentId = department;
    }
}
