package dev.baton.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.BatonTestSupport;
import dev.baton.support.SentQueries;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a typed check-in costs the database, counted in round trips (BENCHMARKS.md, section 1): statements that do
 * not wait for each other's answers go together. A change that adds a round trip to the busiest command shows here.
 */
class CommandRoundTripsTest extends BatonTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void clean() {
        resetWorld();
    }

    @Test
    void aTypedCheckInReachesTheDatabaseInFiveRoundTrips() throws Exception {
        String url = SLACK.baseUrl() + "/response/1";
        assertThat(AnswerInAckTest.send(http, port, AnswerInAckTest.command("objective \"Raise lead quality\"", url))
                .statusCode()).isEqualTo(200);
        AnswerInAckTest.send(http, port, AnswerInAckTest.command("kr O-1 \"Lead score\" from 0 to 100", url));
        AnswerInAckTest.send(http, port, AnswerInAckTest.command("kr O-1 \"Demos booked\" from 0 to 10", url));
        AtomicReference<HttpResponse<String>> response = new AtomicReference<>();

        List<String> sent = SentQueries.during(SentQueries.requestThreads(), () -> response.set(AnswerInAckTest
                .send(http, port, AnswerInAckTest.command("checkin KR-1 40 confidence 7", url))));

        assertThat(response.get().body()).contains("Checked in KR-1").contains("Still to check in this week: KR-2");
        assertThat(sent).hasSize(5);
        assertThat(sent.get(0)).as("the request's signature and the speaker")
                .contains("INSERT IGNORE INTO inbound_event").contains("FROM member");
        assertThat(sent.get(1)).as("the key result, locked").contains("FROM key_result").endsWith("FOR UPDATE");
        assertThat(sent.get(2)).as("the writes and the owner's key results after them")
                .startsWith("UPDATE key_result").contains("INSERT INTO check_in")
                .contains("JOIN objective o ON o.id = kr.objective_id WHERE kr.owner_id")
                .doesNotContain("LAST_INSERT_ID");
        assertThat(sent.get(3)).as("the answer, held for the acknowledgement").contains("INSERT INTO outbox_message");
        assertThat(sent.get(4)).isEqualToIgnoringCase("commit");
        assertThat(jdbc.sql("SELECT value FROM check_in").query(Integer.class).list()).containsExactly(40);
    }
}
