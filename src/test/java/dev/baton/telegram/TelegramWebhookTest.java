package dev.baton.telegram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.baton.outbox.OutboxDispatcher;
import dev.baton.support.BatonTestSupport;
import dev.baton.support.TelegramRules;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Telegram adapter end to end: updates posted to {@code /telegram/updates} as Telegram posts them (with the
 * webhook's secret), WireMock as the Bot API (as strict as Telegram), the engine and database in between.
 */
class TelegramWebhookTest extends BatonTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ALICE = "7100000001";
    private static final String GROUP = "-1001234567890";

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger updates = new AtomicInteger(500);

    @Autowired
    private OutboxDispatcher outbox;

    @BeforeEach
    void world() {
        resetWorld();
        TelegramRules.STARTED.add(ALICE);
    }

    private HttpResponse<String> deliver(String body, String secret) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/telegram/updates"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (secret != null) {
            b.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String message(int updateId, String chatId, String chatType, String text) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", updateId);
        message.put("from", Map.of("id", Long.parseLong(ALICE), "is_bot", false, "first_name", "Alice",
                "language_code", "en"));
        message.put("chat", Map.of("id", Long.parseLong(chatId), "type", chatType));
        message.put("date", 1_700_000_000);
        message.put("text", text);
        return JSON.writeValueAsString(Map.of("update_id", updateId, "message", message));
    }

    private String command(String chatId, String chatType, String text) {
        return message(updates.incrementAndGet(), chatId, chatType, text);
    }

    private List<LoggedRequest> calls(String method) {
        return TELEGRAM.findAll(postRequestedFor(urlPathMatching("(?i)/bot[^/]+/" + method)));
    }

    private static JsonNode body(LoggedRequest r) {
        return JSON.readTree(r.getBodyAsString());
    }

    @Test
    void anUpdateWithoutTheWebhooksSecretIsRefusedAndChangesNothing() throws Exception {
        assertThat(deliver(command(ALICE, "private", "/okr objective \"Sneaky\""), null).statusCode())
                .isEqualTo(401);
        assertThat(deliver(command(ALICE, "private", "/okr objective \"Sneaky\""), "wrong-secret").statusCode())
                .isEqualTo(401);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM objective").query(Long.class).single()).isZero();
    }

    @Test
    void aTooLargeOrUnreadableBodyIsRefused() throws Exception {
        assertThat(deliver("{\"update_id\": 1, \"message\": {\"text\": \"" + "x".repeat(1_100_000) + "\"}}",
                TELEGRAM_SECRET).statusCode()).isEqualTo(413);
        assertThat(deliver("not json", TELEGRAM_SECRET).statusCode()).isEqualTo(400);
    }

    @Test
    void anUpdateDeliveredTwiceIsHandledOnce() throws Exception {
        String update = command(ALICE, "private", "/okr objective \"Raise lead quality\"");
        assertThat(deliver(update, TELEGRAM_SECRET).statusCode()).isEqualTo(200);
        assertThat(deliver(update, TELEGRAM_SECRET).statusCode()).isEqualTo(200);
        outbox.drain();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM objective").query(Long.class).single()).isEqualTo(1);
        assertThat(calls("sendMessage")).hasSize(1);
    }

    @Test
    void inAGroupCommandsForAnotherBotAndPlainTalkAreLeftAlone() throws Exception {
        deliver(command(GROUP, "supergroup", "/okr@OtherBot objective \"Not for Baton\""), TELEGRAM_SECRET);
        deliver(command(GROUP, "supergroup", "okr objective \"Just chatting\""), TELEGRAM_SECRET);
        deliver(command(GROUP, "supergroup", "/okr@BatonBot objective \"For Baton\""), TELEGRAM_SECRET);
        outbox.drain();
        assertThat(jdbc.sql("SELECT title FROM objective").query(String.class).list()).containsExactly("For Baton");
        // the answer to a command typed in a group is private: in the person's own chat, without a sound
        List<LoggedRequest> sent = calls("sendMessage");
        assertThat(sent).hasSize(1);
        assertThat(body(sent.get(0)).path("chat_id").asString()).isEqualTo(ALICE);
        assertThat(body(sent.get(0)).path("disable_notification").asBoolean()).isTrue();
    }

    @Test
    void someoneWhoNeverPressedStartGetsALinkInTheGroupInstead() throws Exception {
        TelegramRules.STARTED.remove(ALICE);
        deliver(command(GROUP, "supergroup", "/okr list"), TELEGRAM_SECRET);
        outbox.drain();
        List<LoggedRequest> sent = calls("sendMessage");
        assertThat(sent).hasSize(2); // refused in private (403), then one line in the group
        JsonNode line = body(sent.get(1));
        assertThat(line.path("chat_id").asString()).isEqualTo(GROUP);
        assertThat(TelegramRules.shown(line.path("text").asString()))
                .isEqualTo("Alice, I answer commands in our private chat, and Telegram lets me write there only "
                        + "after you press Start: https://t.me/BatonBot?start=hello — then type the command again.");
        assertThat(line.path("text").asString()).contains("<a href=\"tg://user?id=" + ALICE + "\">Alice</a>");
    }

    @Test
    void whatPeopleTypedIsShownAsTypedAndMentionsNobody() throws Exception {
        deliver(command(ALICE, "private", "/okr objective \"<b>Win</b> & @everyone_here <a href=x>\""),
                TELEGRAM_SECRET);
        outbox.drain();
        JsonNode sent = body(calls("sendMessage").get(0));
        assertThat(sent.path("parse_mode").asString()).isEqualTo("HTML");
        assertThat(sent.path("text").asString()).contains("&lt;b&gt;Win&lt;/b&gt; &amp; @\u2060everyone_here");
        assertThat(TelegramRules.shown(sent.path("text").asString()))
                .contains("“<b>Win</b> & @everyone_here <a href=x>”");
    }

    @Test
    void aButtonWhoseActionDoesNotFitIn64BytesTravelsAsAShortKeyAndStillWorks() throws Exception {
        CallbackData data = new CallbackData(jdbc, clock);
        String key = data.encode("meeting.holiday-move", "12|1791158400000|1791072000000|" + "x".repeat(40));
        assertThat(key.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64);
        assertThat(data.decode(key)).contains(new CallbackData.Action("meeting.holiday-move",
                "12|1791158400000|1791072000000|" + "x".repeat(40)));
        assertThat(data.encode("okr.snooze", "7")).isEqualTo("okr.snooze\n7");
        assertThat(data.decode("okr.snooze\n7")).contains(new CallbackData.Action("okr.snooze", "7"));
        assertThat(data.decode("~unknownkey")).isEmpty();
    }

    @Test
    void aClickOnAnExpiredButtonIsAnsweredInTheWebhooksReply() throws Exception {
        Map<String, Object> message = Map.of("message_id", 9, "date", 1_700_000_000,
                "chat", Map.of("id", Long.parseLong(ALICE), "type", "private"), "text", "old");
        String update = JSON.writeValueAsString(Map.of("update_id", updates.incrementAndGet(), "callback_query",
                Map.of("id", "cbq1", "chat_instance", "c", "data", "~forgotten00000000000000",
                        "from", Map.of("id", Long.parseLong(ALICE), "is_bot", false, "first_name", "Alice",
                                "language_code", "zh-hans"), "message", message)));
        HttpResponse<String> answer = deliver(update, TELEGRAM_SECRET);
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode reply = JSON.readTree(answer.body());
        assertThat(reply.path("method").asString()).isEqualTo("answerCallbackQuery");
        assertThat(reply.path("callback_query_id").asString()).isEqualTo("cbq1");
        assertThat(reply.path("text").asString()).isEqualTo("这个按钮已失效，请重新输入命令。");
    }

    @Test
    void tooManyRequestsWaitsTheRetryAfterTelegramGives() throws Exception {
        TELEGRAM.stubFor(post(urlPathMatching("(?i)/bot[^/]+/sendMessage")).atPriority(1).willReturn(aResponse()
                .withStatus(429).withHeader("Content-Type", "application/json").withBody(
                        "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 17\","
                                + "\"parameters\":{\"retry_after\":17}}")));
        deliver(command(ALICE, "private", "/okr objective \"Paced\""), TELEGRAM_SECRET);
        outbox.drain();
        Timestamp next = jdbc.sql("SELECT next_attempt_at FROM outbox_message WHERE status = 'PENDING'")
                .query(Timestamp.class).single();
        assertThat(Duration.between(clock.instant(), next.toInstant())).isBetween(Duration.ofSeconds(16),
                Duration.ofSeconds(18));
    }

    @Test
    void theCommandMenuIsSetInEnglishAndChinese(@Autowired TelegramBot bot) {
        assertThat(bot.menu(java.util.Locale.ENGLISH, null).getCommands()).extracting(c -> c.getCommand())
                .contains("okr", "meeting", "lead", "content", "poll", "survey", "digest", "week", "baton");
        assertThat(bot.menu(java.util.Locale.SIMPLIFIED_CHINESE, "zh").getLanguageCode()).isEqualTo("zh");
        assertThat(bot.menu(java.util.Locale.SIMPLIFIED_CHINESE, "zh").getCommands().get(0).getDescription())
                .matches(".*\\p{IsHan}.*");
    }
}
