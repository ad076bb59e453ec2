package dev.baton.content;

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

/** The iCalendar feeds: valid for calendar apps, scoped to the team or the person, and dead once reset. */
class CalendarFeedTest extends BatonTestSupport {

    private static final Pattern LINK = Pattern.compile("/calendar/([0-9a-f]{48})\\.ics");

    @Autowired
    private Conversation conversation;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void plan() {
        resetWorld();
        clock.set(Instant.parse("2026-03-02T02:00:00Z"));
        command("alice", "content", "plan \"Spring teaser\" wechat wed 20:00 review <@bob|bob> campaign spring");
        command("carol", "content", "plan \"Dealer FAQ\" xiaohongshu fri 12:00");
    }

    private void command(String user, String command, String text) {
        conversation.handle(new Inbound.Command(new Origin("test", "test:W1", "C1", user, false, null, null),
                command, text));
    }

    private List<String> feedLinks(String user, String text) {
        command(user, "content", text);
        String reply = jdbc.sql("SELECT payload FROM outbox_message ORDER BY id DESC LIMIT 1").query(String.class)
                .single();
        Matcher m = LINK.matcher(reply);
        List<String> tokens = new java.util.ArrayList<>();
        while (m.find()) {
            tokens.add(m.group(1));
        }
        return tokens;
    }

    private HttpResponse<String> get(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/calendar/" + token + ".ics"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<VEvent> events(String ics) throws Exception {
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        calendar.validate();
        return calendar.getComponents("VEVENT");
    }

    @Test
    void theTeamFeedHasEveryPostAndThePersonalFeedOnlyWhatTheyOwnOrReview() throws Exception {
        List<String> bob = feedLinks("bob", "feed");
        assertThat(bob).hasSize(2);
        HttpResponse<String> team = get(bob.get(0));
        assertThat(team.statusCode()).isEqualTo(200);
        assertThat(team.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/calendar"));
        assertThat(events(team.body())).extracting(e -> e.getSummary().getValue())
                .containsExactlyInAnyOrder("[WeChat] Spring teaser (C-1)", "[Xiaohongshu] Dealer FAQ (C-2)");
        List<VEvent> mine = events(get(bob.get(1)).body());
        assertThat(mine).singleElement().satisfies(e -> {
            assertThat(e.getSummary().getValue()).isEqualTo("[WeChat] Spring teaser (C-1)");
            assertThat(e.getUid().orElseThrow().getValue()).isEqualTo("content-1@baton");
            assertThat(e.getDescription().getValue()).contains("reviewer: bob").contains("spring");
            assertThat(e.getDateTimeStart().getValue()).isEqualTo("20260304T200000Z"); // the members of this test live in UTC
        });
    }

    @Test
    void everyLineOfTheFeedFitsRfc5545sSeventyFiveOctetsAndAChineseTitleReadsBackWhole() throws Exception {
        // #30 item 19: a line had been 86 octets; Chinese text is three octets a character
        String title = "春季新品发布会预热：经销商常见问题解答与门店活动安排（第一期）";
        command("bob", "content", "plan \"" + title + "\" wechat thu 12:00");
        String ics = get(feedLinks("bob", "feed").get(0)).body();
        assertThat(ics.split("\r\n")).allSatisfy(line ->
                assertThat(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75));
        assertThat(events(ics)).extracting(e -> e.getSummary().getValue()).contains("[WeChat] " + title + " (C-3)");
    }

    @Test
    void aResetLinkStopsWorkingAndUnknownTokensAreNotFound() throws Exception {
        String old = feedLinks("alice", "feed").get(1);
        assertThat(get(old).statusCode()).isEqualTo(200);
        String fresh = feedLinks("alice", "feed reset").get(1);
        assertThat(fresh).isNotEqualTo(old);
        assertThat(get(old).statusCode()).isEqualTo(404);
        assertThat(get(fresh).statusCode()).isEqualTo(200);
        assertThat(get("0".repeat(48)).statusCode()).isEqualTo(404);
        assertThat(get("not-a-token").statusCode()).isEqualTo(404);
    }

    @Test
    void aReschedulingShowsInTheFeed() throws Exception {
        String team = feedLinks("alice", "feed").get(0);
        command("alice", "content", "reschedule C-1 2026-03-11 20:00");
        assertThat(events(get(team).body())).filteredOn(e -> e.getSummary().getValue().contains("C-1"))
                .singleElement().satisfies(e -> assertThat(e.getDateTimeStart().getValue())
                        .isEqualTo("20260311T200000Z"));
    }
}
