package dev.baton.meeting;

import dev.baton.conversation.Texts;
import dev.baton.system.Ics;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Each member's read-only meeting calendar at a secret URL: every occurrence of their series from 30 days back,
 * and the planned ones up to 90 days ahead. Resetting the token makes the old link stop working.
 */
@Service
class MeetingFeeds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final MeetingSeriesRepository series;
    private final Meetings meetings;
    private final MeetingView view;
    private final Team team;
    private final MessageSource messages;
    private final Clock clock;
    private final String publicUrl;

    MeetingFeeds(JdbcClient jdbc, MeetingSeriesRepository series, Meetings meetings, MeetingView view, Team team,
            MessageSource messages, Clock clock, @Value("${baton.public-url:http://localhost:8080}") String publicUrl) {
        this.jdbc = jdbc;
        this.series = series;
        this.meetings = meetings;
        this.view = view;
        this.team = team;
        this.messages = messages;
        this.clock = clock;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    String linkFor(Member member, boolean reset) {
        Optional<String> existing = jdbc.sql("SELECT token FROM meeting_feed WHERE member_id = ?").param(member.id())
                .query(String.class).optional();
        String token = existing.filter(t -> !reset).orElseGet(() -> {
            byte[] b = new byte[24];
            RANDOM.nextBytes(b);
            String fresh = HexFormat.of().formatHex(b);
            jdbc.sql("""
                    INSERT INTO meeting_feed (member_id, token, created_at) VALUES (?, ?, ?)
                    ON DUPLICATE KEY UPDATE token = VALUES(token), created_at = VALUES(created_at)""")
                    .params(member.id(), fresh, Timestamp.from(clock.instant())).update();
            return fresh;
        });
        return publicUrl + "/meetings/" + token + ".ics";
    }

    Optional<String> render(String token) {
        if (!token.matches("[0-9a-f]{48}")) {
            return Optional.empty();
        }
        Optional<Long> memberId = jdbc.sql("SELECT member_id FROM meeting_feed WHERE token = ?").param(token)
                .query(Long.class).optional();
        if (memberId.isEmpty()) {
            return Optional.empty();
        }
        Member member = team.member(memberId.get());
        Texts t = new Texts(messages, member.locale());
        Instant now = clock.instant();
        Instant from = now.minus(Duration.ofDays(30));
        Instant until = now.plus(Duration.ofDays(90));
        Calendar calendar = new Calendar();
        calendar.add(new ProdId("-//Baton//Meetings//EN"));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        for (MeetingSeries s : series.findByParticipant(member.id())) {
            int lastSeq = -1;
            for (Meeting m : meetings.findBySeriesIdOrderBySeq(s.id())) {
                lastSeq = m.seq();
                if (!m.cancelled() && m.startsAt().isAfter(from) && m.startsAt().isBefore(until)) {
                    calendar.add(view.event(s, m, t));
                }
            }
            // occurrences not created yet, as the series will create them (roles rotate the same way)
            for (int seq = lastSeq + 1; s.recurs() && s.startOf(seq).isBefore(until); seq++) {
                calendar.add(view.event(s, Meeting.of(s, seq, java.util.List.of()), t));
            }
        }
        return Optional.of(Ics.fold(calendar.toString()));
    }
}
