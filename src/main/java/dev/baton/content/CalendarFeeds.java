package dev.baton.content;

import dev.baton.system.Ics;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Categories;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Read-only iCalendar feeds of the content calendar: one for the workspace, one per member (what they own or
 * review). A feed is addressed by a long random token; resetting it makes the old link stop working.
 */
@Service
class CalendarFeeds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration SLOT = Duration.ofMinutes(30);

    private final JdbcClient jdbc;
    private final ContentItems items;
    private final Team team;
    private final MessageSource messages;
    private final Clock clock;
    private final String publicUrl;

    CalendarFeeds(JdbcClient jdbc, ContentItems items, Team team, MessageSource messages, Clock clock,
            @Value("${baton.public-url:http://localhost:8080}") String publicUrl) {
        this.jdbc = jdbc;
        this.items = items;
        this.team = team;
        this.messages = messages;
        this.clock = clock;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    record Links(String team, String personal) {
    }

    Links linksFor(Member member, boolean reset) {
        return new Links(url(token(member.workspace(), null, reset && member.isAdmin())),
                url(token(member.workspace(), member.id(), reset)));
    }

    private String url(String token) {
        return publicUrl + "/calendar/" + token + ".ics";
    }

    private String token(String workspace, Long memberId, boolean reset) {
        String condition = memberId == null ? "member_id IS NULL" : "member_id = ?";
        List<Object> params = memberId == null ? List.of(workspace) : List.of(workspace, memberId);
        Optional<String> existing = jdbc.sql("SELECT token FROM calendar_feed WHERE workspace = ? AND " + condition)
                .params(params).query(String.class).optional();
        if (existing.isPresent() && !reset) {
            return existing.get();
        }
        String token = HexFormat.of().formatHex(bytes());
        if (existing.isPresent()) {
            jdbc.sql("UPDATE calendar_feed SET token = ?, created_at = ? WHERE token = ?")
                    .params(token, Timestamp.from(clock.instant()), existing.get()).update();
        } else {
            jdbc.sql("INSERT INTO calendar_feed (workspace, member_id, token, created_at) VALUES (?, ?, ?, ?)")
                    .params(workspace, memberId, token, Timestamp.from(clock.instant())).update();
        }
        return token;
    }

    private static byte[] bytes() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The feed for a token, or empty when no feed has it (an unknown or reset link). */
    Optional<String> render(String token) {
        if (!token.matches("[0-9a-f]{48}")) {
            return Optional.empty();
        }
        record Feed(String workspace, Long memberId) {
        }
        Optional<Feed> feed = jdbc.sql("SELECT workspace, member_id FROM calendar_feed WHERE token = ?").param(token)
                .query((rs, i) -> new Feed(rs.getString("workspace"), (Long) rs.getObject("member_id")))
                .optional();
        if (feed.isEmpty()) {
            return Optional.empty();
        }
        Long memberId = feed.get().memberId();
        Locale locale = memberId == null ? Locale.ENGLISH : team.member(memberId).locale();
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Baton//Content calendar//EN"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        for (ContentItem item : items.findByWorkspaceOrderByPublishAt(feed.get().workspace())) {
            boolean mine = memberId == null || item.ownerId() == memberId
                    || (item.reviewerId() != null && item.reviewerId().equals(memberId));
            if (!mine) {
                continue;
            }
            String platform = messages.getMessage(item.platform().key(), null, locale);
            VEvent event = new VEvent(item.publishAt(), item.publishAt().plus(SLOT),
                    "[" + platform + "] " + item.title() + " (" + item.ref() + ")");
            event.add(new Uid("content-" + item.id() + "@baton"));
            event.add(new Categories(platform));
            String reviewer = item.reviewerId() == null ? "-" : team.member(item.reviewerId()).displayName();
            event.add(new Description(messages.getMessage("content.feed.description", new Object[] {
                messages.getMessage(item.stage().key(), null, locale), team.member(item.ownerId()).displayName(),
                reviewer, item.campaign() == null ? "-" : item.campaign()}, locale)));
            calendar.add(event);
        }
        return Optional.of(Ics.fold(calendar.toString()));
    }
}
