package dev.baton.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.support.BatonTestSupport;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Meeting calendars: the personal feed parses, lists each occurrence at the right instant, and dies on reset. */
class MeetingCalendarTest extends BatonTestSupport {

    private static final Pattern LINK = Pattern.compile("/meetings/([0-9a-f]{48})\\.ics");

    @Autowired
    private Conversation conversation;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void plan() {
        resetWorld();
        clock.set(Instant.parse("2026-03-02T01:00:00Z")); // members of the test platform live in UTC
        command("carol", "new \"Process sync\" 2026-03-04 10:00 for 45m weekly with <@alice|alice> <@bob|bob>");
    }

    private void command(String user, String text) {
        conversation.handle(new Inbound.Command(new Origin("test", "test:W1", "C1", user, false, null, null),
                "meeting", text));
    }

    private String feedToken(String user, String text) {
        command(user, text);
        String reply = jdbc.sql("SELECT payload FROM outbox_message ORDER BY id DESC LIMIT 1").query(String.class)
                .single();
        Matcher m = LINK.matcher(reply);
        assertThat(m.find()).as("a feed link in " + reply).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> get(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/meetings/" + token + ".ics"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aParticipantsFeedListsEveryOccurrenceWithRotatingRoles() throws Exception {
        HttpResponse<String> response = get(feedToken("alice", "feed"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/calendar"));
        Calendar calendar = new CalendarBuilder().build(new StringReader(response.body()));
        List<VEvent> events = calendar.getComponents("VEVENT");
        // the first on 4 March, then weekly up to 90 days ahead
        assertThat(events).hasSizeBetween(12, 14);
        VEvent first = events.get(0);
        assertThat(first.getSummary().getValue()).isEqualTo("Process sync (M-1)");
        assertThat(first.getDateTimeStart().getValue()).startsWith("20260304T100000");
        assertThat(first.getDescription().getValue()).contains("Host carol · recorder alice · timekeeper bob");
        assertThat(events.get(1).getDescription().getValue()).contains("Host alice · recorder bob · timekeeper carol");
        assertThat(events.stream().map(e -> e.getUid().orElseThrow().getValue()).distinct()).hasSize(events.size());
    }

    @Test
    void someoneOutsideTheSeriesSeesNoneOfItsMeetings() throws Exception {
        HttpResponse<String> response = get(feedToken("dave", "feed"));
        Calendar calendar = new CalendarBuilder().build(new StringReader(response.body()));
        assertThat(calendar.getComponents("VEVENT")).isEmpty();
    }

    @Test
    void aResetLinkStopsWorkingAndAnUnknownOneIsNotFound() throws Exception {
        String old = feedToken("bob", "feed");
        String fresh = feedToken("bob", "feed reset");
        assertThat(fresh).isNotEqualTo(old);
        assertThat(get(old).statusCode()).isEqualTo(404);
        assertThat(get(fresh).statusCode()).isEqualTo(200);
        assertThat(get("not-a-token").statusCode()).isEqualTo(404);
    }
}
