package dev.baton.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.support.BatonTestSupport;
import dev.baton.support.SlackSigner;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A fuzzer with a fixed seed (so a failure reproduces): grammar-shaped garbage into the engine and into the signed
 * Slack endpoint. Nothing escapes as an exception or a 5xx, every command gets exactly one answer, and commands
 * that cannot succeed write nothing.
 */
class HostileInputTest extends BatonTestSupport {

    private static final List<String> PIECES = List.of("objective", "kr", "checkin", "list", "tree", "history",
            "align", "help", "O-1", "KR-1", "KR-999999999999999", "O-0", "from", "to", "unit", "owner", "dept",
            "period", "supports", "confidence", "blocker", "note", "72", "-5", "1e9", "35%", "2026Q4", "2026Q9",
            "\"", "\"quoted text\"", "“中文”", "「x」", "<@UNKNOWN|ghost>", "<@", "@nobody", "#chan", "<!channel>",
            "'; DROP TABLE member; --", "*bold*", "<https://evil.example|click>", "\u0000", "😀", "\t", "&amp;",
            "mine", "all", "none", "明天", "周五", "x".repeat(400));

    @Autowired
    private Conversation conversation;

    private final Random random = new Random(20261122);
    private final HttpClient http = HttpClient.newHttpClient();
    private long lastTimestamp;

    @BeforeEach
    void clean() {
        resetWorld();
    }

    private String garbage(int maxPieces) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(maxPieces + 1);
        for (int i = 0; i < n; i++) {
            b.append(PIECES.get(random.nextInt(PIECES.size()))).append(random.nextInt(4) == 0 ? "" : " ");
        }
        return b.toString();
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    @Test
    void fiveHundredRandomCommandsEachGetExactlyOneAnswer() {
        Origin origin = new Origin("test", "test:W1", "C1", "UFUZZ", false, null, null);
        for (int i = 0; i < 500; i++) {
            String command = random.nextInt(5) == 0 ? "baton" : "okr";
            String text = garbage(8);
            long before = count("outbox_message");
            conversation.handle(new Inbound.Command(origin, command, text));
            assertThat(count("outbox_message") - before).as("/%s %s", command, text).isEqualTo(1);
        }
        assertThat(jdbc.sql("SELECT kind FROM scheduled_job").query(String.class).list())
                .as("only the fuzzing member's own jobs: weekly prompt and digest, the lookup of their profile")
                .containsExactlyInAnyOrder("okr.prompt", "digest.weekly", "team.profile");
    }

    @Test
    void checkInsThatCannotSucceedWriteNothing() {
        Origin origin = new Origin("test", "test:W1", "C1", "UFUZZ", false, null, null);
        for (int i = 0; i < 300; i++) {
            conversation.handle(new Inbound.Command(origin, "okr", "checkin " + garbage(6)));
        }
        assertThat(count("check_in")).isZero();
        assertThat(count("key_result")).isZero();
    }

    @Test
    void signedGarbageNeverCausesA5xxOrAWrite() throws Exception {
        for (int i = 0; i < 150; i++) {
            String body;
            String type;
            switch (random.nextInt(4)) {
                case 0 -> {
                    body = "payload=" + URLEncoder.encode("{\"type\":\"block_actions\",\"x\":" + garbage(3) + "}",
                            StandardCharsets.UTF_8);
                    type = "application/x-www-form-urlencoded";
                }
                case 1 -> {
                    body = "{\"type\":\"event_callback\",\"event\":" + garbage(3) + "}";
                    type = "application/json";
                }
                case 2 -> {
                    body = garbage(10);
                    type = random.nextBoolean() ? "application/json" : "application/x-www-form-urlencoded";
                }
                default -> {
                    body = "command=" + URLEncoder.encode(garbage(2), StandardCharsets.UTF_8) + "&text="
                            + URLEncoder.encode(garbage(6), StandardCharsets.UTF_8);
                    type = "application/x-www-form-urlencoded";
                }
            }
            long ts = Math.max(System.currentTimeMillis() / 1000, lastTimestamp + 1);
            lastTimestamp = ts;
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/slack/events"))
                    .header("Content-Type", type)
                    .header("X-Slack-Request-Timestamp", String.valueOf(ts))
                    .header("X-Slack-Signature", SlackSigner.sign(SIGNING_SECRET, ts, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(body).isLessThan(500);
        }
        assertThat(count("objective")).isZero();
        assertThat(count("member")).isZero();
    }
}
