package dev.baton.team;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.baton.outbox.OutboxDispatcher;
import dev.baton.schedule.JobRunner;
import dev.baton.support.BatonTestSupport;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * #34: an admin imports an iCalendar holiday feed into the workspace's own days off; the feed is fetched by a job,
 * never while Slack waits for the command's answer, and the admin is told what was added (or why nothing was).
 */
class HolidayImportTest extends BatonTestSupport {

    private static final String FEED = """
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Example//Holidays//EN
            BEGIN:VEVENT
            UID:1@example.com
            DTSTAMP:20260101T000000Z
            DTSTART;VALUE=DATE:20260505
            DTEND;VALUE=DATE:20260507
            SUMMARY:Company retreat
            END:VEVENT
            BEGIN:VEVENT
            UID:2@example.com
            DTSTAMP:20260101T000000Z
            DTSTART;VALUE=DATE:20260101
            SUMMARY:New Year (already past)
            END:VEVENT
            BEGIN:VEVENT
            UID:3@example.com
            DTSTAMP:20260101T000000Z
            DTSTART:20260610T090000Z
            DTEND:20260610T100000Z
            SUMMARY:A meeting, not a day off
            END:VEVENT
            END:VCALENDAR
            """.replace("\n", "\r\n");

    @Autowired
    private JobRunner jobs;
    @Autowired
    private OutboxDispatcher outbox;

    @BeforeEach
    void world() {
        resetWorld();
        usersNamedAfterTheirIds();
        clock.set(Instant.parse("2026-03-02T02:00:00Z"));
    }

    private List<String> posted() {
        return SLACK.findAll(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))).stream()
                .map(LoggedRequest::getBodyAsString).map(b -> URLDecoder.decode(b, StandardCharsets.UTF_8)).toList();
    }

    private void runJobsFor(Duration d) {
        Instant until = clock.instant().plus(d);
        while (clock.instant().isBefore(until)) {
            jobs.runDue();
            outbox.drain();
            clock.set(clock.instant().plus(Duration.ofMinutes(1)));
        }
    }

    @Test
    void anAdminImportsTheAllDayEventsToComeAsDaysOff() throws Exception {
        SLACK.stubFor(get(urlPathEqualTo("/feeds/holidays.ics")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/calendar").withBody(FEED)));
        assertThat(slashCommand("UNOBODY", "/baton", "holiday import " + SLACK.baseUrl() + "/feeds/holidays.ics")
                .statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM calendar_day").query(Long.class).single()).isZero();
        runJobsFor(Duration.ofMinutes(3));
        assertThat(jdbc.sql("SELECT day FROM calendar_day ORDER BY day").query(String.class).list())
                .containsExactly("2026-05-05", "2026-05-06");
        assertThat(jdbc.sql("SELECT DISTINCT name FROM calendar_day").query(String.class).list())
                .containsExactly("Company retreat");
        assertThat(posted()).anySatisfy(b -> assertThat(b).contains("Imported 2 days off from")
                .contains("Company retreat"));
    }

    @Test
    void aFeedThatIsNotICalendarAddsNothingAndTheAdminHearsWhy() throws Exception {
        SLACK.stubFor(get(urlPathEqualTo("/feeds/broken.ics")).willReturn(aResponse().withStatus(200)
                .withBody("<html>not a calendar</html>")));
        slashCommand("UNOBODY", "/baton", "holiday import " + SLACK.baseUrl() + "/feeds/broken.ics");
        runJobsFor(Duration.ofHours(2));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM calendar_day").query(Long.class).single()).isZero();
        assertThat(posted()).anySatisfy(b -> assertThat(b).contains("I could not read a holiday feed at"));
    }

    @Test
    void onlyAdminsImportAndOnlyWebAddressesAreFetched() throws Exception {
        assertThat(slashCommand("UALICE", "/baton", "holiday import https://example.com/h.ics").body())
                .contains("admin");
        assertThat(slashCommand("UNOBODY", "/baton", "holiday import file:///etc/passwd").body())
                .contains("is not a web address I can fetch");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM scheduled_job WHERE kind = 'team.holiday-import'")
                .query(Long.class).single()).isZero();
    }
}
