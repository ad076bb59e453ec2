package dev.baton.feishu;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.baton.outbox.OutboxDispatcher;
import dev.baton.schedule.JobRunner;
import dev.baton.support.BatonTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Feishu adapter end to end: real encrypted and signed callbacks into {@code /feishu/events}, WireMock as
 * Feishu's open API, the engine and database in between.
 */
class FeishuEventsTest extends BatonTestSupport {

    private static final String ENCRYPT_KEY = FEISHU_ENCRYPT_KEY;
    private static final String TOKEN = FEISHU_TOKEN;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger events = new AtomicInteger();

    @Autowired
    private OutboxDispatcher outbox;
    @Autowired
    private JobRunner jobs;
    @Autowired
    private FeishuBot bot;

    @BeforeEach
    void stubs() {
        resetWorld();
        FEISHU.stubFor(get(urlPathMatching("/open-apis/contact/v3/users/.*")).willReturn(okJson(
                "{\"code\":0,\"data\":{\"user\":{\"name\":\"李丽\"}}}")));
    }

    // ---- playing Feishu -------------------------------------------------------------------------------------

    private HttpResponse<String> deliver(String plain, boolean encrypt, String signatureKey) throws Exception {
        return deliver(plain, encrypt, signatureKey, System.currentTimeMillis() / 1000);
    }

    private HttpResponse<String> deliver(String plain, boolean encrypt, String signatureKey, long signedAt)
            throws Exception {
        String body = encrypt ? JSON.writeValueAsString(Map.of("encrypt", FeishuCrypto.encrypt(ENCRYPT_KEY, plain,
                "0123456789abcdef".getBytes(StandardCharsets.UTF_8)))) : plain;
        String ts = String.valueOf(signedAt);
        String nonce = "n" + events.incrementAndGet();
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/feishu/events"))
                .header("Content-Type", "application/json")
                .header("X-Lark-Request-Timestamp", ts)
                .header("X-Lark-Request-Nonce", nonce)
                .header("X-Lark-Signature", FeishuCrypto.signature(ts, nonce, signatureKey,
                        body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String message(String eventId, String chatType, String chatId, String text) {
        return message(eventId, chatType, chatId, text, "ou_lili");
    }

    private static String message(String eventId, String chatType, String chatId, String text, String openId) {
        return JSON.writeValueAsString(Map.of("schema", "2.0",
                "header", Map.of("event_id", eventId, "event_type", "im.message.receive_v1", "token", TOKEN,
                        "tenant_key", "tk1", "app_id", "cli_test", "create_time", "1700000000000"),
                "event", Map.of("sender", Map.of("sender_id", Map.of("open_id", openId), "sender_type", "user"),
                        "message", Map.of("message_id", "om_in" + eventId, "chat_id", chatId, "chat_type", chatType,
                                "message_type", "text", "content", JSON.writeValueAsString(Map.of("text", text))))));
    }

    /** A text message with Feishu's mention list: keys @_user_1, @_user_2, … for the open ids given, in order. */
    private static String mentioning(String eventId, String chatType, String chatId, String text, String... openIds) {
        List<Map<String, Object>> mentions = new java.util.ArrayList<>();
        for (int i = 0; i < openIds.length; i++) {
            mentions.add(Map.of("key", "@_user_" + (i + 1), "id", Map.of("open_id", openIds[i], "union_id",
                    "on_" + i), "name", openIds[i].equals("ou_baton") ? "Baton" : "Person " + (i + 1),
                    "tenant_key", "tk1"));
        }
        return JSON.writeValueAsString(Map.of("schema", "2.0",
                "header", Map.of("event_id", eventId, "event_type", "im.message.receive_v1", "token", TOKEN,
                        "tenant_key", "tk1", "app_id", "cli_test", "create_time", "1700000000000"),
                "event", Map.of("sender", Map.of("sender_id", Map.of("open_id", "ou_lili"), "sender_type", "user"),
                        "message", Map.of("message_id", "om_in" + eventId, "chat_id", chatId, "chat_type", chatType,
                                "message_type", "text", "content", JSON.writeValueAsString(Map.of("text", text)),
                                "mentions", mentions))));
    }

    private static String click(String eventId, String openId, String messageId, Map<String, String> value) {
        return JSON.writeValueAsString(Map.of("schema", "2.0",
                "header", Map.of("event_id", eventId, "event_type", "card.action.trigger", "token", TOKEN,
                        "tenant_key", "tk1", "app_id", "cli_test"),
                "event", Map.of("operator", Map.of("open_id", openId),
                        "action", Map.of("tag", "button", "value", value),
                        "context", Map.of("open_message_id", messageId, "open_chat_id", "oc_group"))));
    }

    private void drain() {
        for (int i = 0; i < 20 && outbox.drain() > 0; i++) {
            clock.set(clock.instant().plusSeconds(1));
        }
    }

    private List<LoggedRequest> sent() {
        return FEISHU.findAll(postRequestedFor(urlPathEqualTo("/open-apis/im/v1/messages")));
    }

    // ---- tests ----------------------------------------------------------------------------------------------

    @Test
    void theUrlCheckIsAnsweredPlainOrEncryptedOnlyWithTheRightToken() throws Exception {
        String check = "{\"type\":\"url_verification\",\"challenge\":\"ch-42\",\"token\":\"" + TOKEN + "\"}";
        HttpResponse<String> ok = deliver(check, true, ENCRYPT_KEY);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"challenge\":\"ch-42\"}");
        HttpResponse<String> wrong = deliver(check.replace(TOKEN, "forged"), true, ENCRYPT_KEY);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(deliver(check, false, ENCRYPT_KEY).statusCode()).isEqualTo(401); // plain while a key is set
    }

    @Test
    void peopleListedInBatonAdminsAreAdminsSinceFeishuNamesNone() throws Exception {
        // ou_boss is in baton.admins (BatonTestSupport); ou_lili is not
        deliver(message("ev-a1", "p2p", "oc_lili", "/baton dept add sales \"Sales\""), true, ENCRYPT_KEY);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM department").query(Integer.class).single()).isZero();
        deliver(message("ev-a2", "p2p", "oc_boss", "/baton dept add sales \"Sales\"", "ou_boss"), true, ENCRYPT_KEY);
        assertThat(jdbc.sql("SELECT name FROM department").query(String.class).single()).isEqualTo("Sales");
        assertThat(jdbc.sql("SELECT role FROM member WHERE platform_user_id = 'ou_boss'").query(String.class).single())
                .isEqualTo("ADMIN");

        // listed after they first met Baton: promoted the next time they are heard from
        jdbc.sql("UPDATE member SET role = 'MEMBER' WHERE platform_user_id = 'ou_boss'").update();
        deliver(message("ev-a3", "p2p", "oc_boss", "/baton dept add marketing \"Marketing\"", "ou_boss"), true,
                ENCRYPT_KEY);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM department").query(Integer.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT role FROM member WHERE platform_user_id = 'ou_boss'").query(String.class).single())
                .isEqualTo("ADMIN");
    }

    @Test
    void aTypedCommandInAOneToOneChatIsAnsweredAsACardAndARetryChangesNothing() throws Exception {
        String event = message("ev-1", "p2p", "oc_p2p", "okr help");
        assertThat(deliver(event, true, ENCRYPT_KEY).statusCode()).isEqualTo(200);
        assertThat(deliver(event, true, ENCRYPT_KEY).statusCode()).isEqualTo(200); // Feishu's retry
        drain();
        List<LoggedRequest> sent = sent();
        assertThat(sent).hasSize(1);
        LoggedRequest r = sent.get(0);
        assertThat(r.queryParameter("receive_id_type").firstValue()).isEqualTo("open_id");
        assertThat(r.getHeader("Authorization")).isEqualTo("Bearer t-123");
        Map<?, ?> body = JSON.readValue(r.getBodyAsString(), Map.class);
        assertThat(body.get("receive_id")).isEqualTo("ou_lili");
        assertThat(body.get("msg_type")).isEqualTo("interactive");
        assertThat((String) body.get("content")).contains("/okr checkin").hasSizeLessThan(30_000);
        assertThat(((String) body.get("uuid")).length()).isLessThanOrEqualTo(50);
        // a second message reuses the cached tenant token (fetched at most once, perhaps by an earlier test)
        deliver(message("ev-2", "p2p", "oc_p2p", "okr list"), true, ENCRYPT_KEY);
        drain();
        assertThat(sent()).hasSize(2);
        assertThat(FEISHU.findAll(postRequestedFor(urlPathEqualTo(
                "/open-apis/auth/v3/tenant_access_token/internal")))).hasSizeLessThanOrEqualTo(1);
        // the new person's name is looked up once, in the background, not while the callback waits
        assertThat(FEISHU.findAll(getRequestedFor(urlPathMatching("/open-apis/contact/v3/users/.*")))).isEmpty();
        jobs.runDue();
        assertThat(FEISHU.findAll(getRequestedFor(urlPathMatching("/open-apis/contact/v3/users/.*")))).hasSize(1);
    }

    @Test
    void aRichTextMessageIsReadLikeATypedOne() throws Exception {
        // #30 item 15: Feishu sends "post" as soon as a word is formatted or a link pasted; it had been ignored
        String post = JSON.writeValueAsString(Map.of("title", "", "content", List.of(
                List.of(Map.of("tag", "text", "text", "okr "), Map.of("tag", "text", "text", "help",
                        "style", List.of("bold"))))));
        String event = JSON.writeValueAsString(Map.of("schema", "2.0",
                "header", Map.of("event_id", "ev-post", "event_type", "im.message.receive_v1", "token", TOKEN,
                        "tenant_key", "tk1", "app_id", "cli_test", "create_time", "1700000000000"),
                "event", Map.of("sender", Map.of("sender_id", Map.of("open_id", "ou_lili"), "sender_type", "user"),
                        "message", Map.of("message_id", "om_post", "chat_id", "oc_p2p", "chat_type", "p2p",
                                "message_type", "post", "content", post))));
        assertThat(deliver(event, true, ENCRYPT_KEY).statusCode()).isEqualTo(200);
        drain();
        assertThat(sent()).hasSize(1);
        assertThat(sent().get(0).getBodyAsString()).contains("/okr checkin");
    }

    @Test
    void badSignaturesAndOversizedBodiesAreRefusedAndChangeNothing() throws Exception {
        assertThat(deliver(message("ev-9", "p2p", "oc_p2p", "okr help"), true, "not-the-key").statusCode())
                .isEqualTo(401);
        String huge = message("ev-10", "p2p", "oc_p2p", "x".repeat(1_100_000)); // over the 1 MiB default
        assertThat(deliver(huge, false, ENCRYPT_KEY).statusCode()).isEqualTo(413);
        // #30 item 12: a correctly signed callback captured 13 hours ago (or dated a day ahead) is refused
        long now = System.currentTimeMillis() / 1000;
        assertThat(deliver(message("ev-11", "p2p", "oc_p2p", "okr help"), true, ENCRYPT_KEY, now - 13 * 3600)
                .statusCode()).isEqualTo(401);
        assertThat(deliver(message("ev-12", "p2p", "oc_p2p", "okr help"), true, ENCRYPT_KEY, now + 24 * 3600)
                .statusCode()).isEqualTo(401);
        drain();
        assertThat(sent()).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM member").query(Long.class).single()).isZero();
    }

    @Test
    void aRateLimitedSendWaitsForTheResetFeishuGives() throws Exception {
        FEISHU.stubFor(post(urlPathEqualTo("/open-apis/im/v1/messages")).atPriority(1).willReturn(aResponse()
                .withStatus(429).withHeader("x-ogw-ratelimit-reset", "30")));
        deliver(message("ev-3", "p2p", "oc_p2p", "okr help"), true, ENCRYPT_KEY);
        outbox.drain();
        Timestamp next = jdbc.sql("SELECT next_attempt_at FROM outbox_message WHERE status = 'PENDING'")
                .query(Timestamp.class).single();
        assertThat(next.toInstant()).isAfterOrEqualTo(clock.instant().plusSeconds(29));
    }

    @Test
    void aPollInAGroupIsVotedOnByCardButtonAndItsCardUpdatedInPlace() throws Exception {
        deliver(message("ev-4", "group", "oc_group", "@_user_1 poll new \"Lunch?\" pizza noodles"), true,
                ENCRYPT_KEY);
        drain();
        LoggedRequest post = sent().stream().filter(r -> r.queryParameter("receive_id_type").firstValue()
                .equals("chat_id")).findFirst().orElseThrow();
        assertThat(post.getBodyAsString()).contains("oc_group").contains("pizza");
        String messageId = jdbc.sql("SELECT posted_message_id FROM outbox_message WHERE idempotency_key LIKE "
                + "'poll:%:post'").query(String.class).single();
        long poll = jdbc.sql("SELECT id FROM poll").query(Long.class).single();
        HttpResponse<String> vote = deliver(click("ev-5", "ou_bob", messageId,
                Map.of(FeishuCards.ACTION_ID, "poll.vote", FeishuCards.VALUE, poll + ":2")), true, ENCRYPT_KEY);
        assertThat(vote.statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT choice FROM poll_ballot").query(Integer.class).single()).isEqualTo(2);
        clock.set(clock.instant().plus(Duration.ofSeconds(5)));
        jobs.runDue();
        drain();
        List<LoggedRequest> updates = FEISHU.findAll(patchRequestedFor(urlPathEqualTo(
                "/open-apis/im/v1/messages/" + messageId)));
        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).getBodyAsString()).contains("1 voter");
    }

    @Test
    void mentionKeysAreReplacedExactlyAndTheBotIsKnownByItsOwnOpenId() throws Exception {
        // #30 item 10: Feishu tells Baton its own open id (bot/v3/info); with ten or more people @_user_1 must not
        // be found inside @_user_10, a mention of someone else may come first, and a trailing @Baton is no word
        bot.learn();
        assertThat(bot.openId()).contains("ou_baton");
        String[] people = new String[11];
        StringBuilder with = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            people[i] = "ou_p" + (i + 1);
            with.append(" @_user_").append(i + 1);
        }
        people[10] = "ou_baton";
        deliver(mentioning("ev-m1", "group", "oc_team", "/meeting new \"Big sync\" tomorrow 10:00 with"
                + with + " @_user_11", people), true, ENCRYPT_KEY);
        assertThat(jdbc.sql("SELECT m.platform_user_id FROM meeting_participant p JOIN member m ON m.id = p.member_id"
                + " WHERE m.platform_user_id <> 'ou_lili' ORDER BY m.platform_user_id").query(String.class).list())
                .containsExactlyInAnyOrder("ou_p1", "ou_p2", "ou_p3", "ou_p4", "ou_p5", "ou_p6", "ou_p7", "ou_p8",
                        "ou_p9", "ou_p10");

        deliver(mentioning("ev-m2", "group", "oc_team", "@_user_1 @_user_2 /baton me", "ou_bob", "ou_baton"), true,
                ENCRYPT_KEY);
        deliver(mentioning("ev-m3", "group", "oc_team", "poll new \"Lunch?\" pizza noodles @_user_1", "ou_baton"),
                true, ENCRYPT_KEY);
        drain();
        assertThat(jdbc.sql("SELECT label FROM poll_option ORDER BY position").query(String.class).list())
                .containsExactly("pizza", "noodles");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM member WHERE platform_user_id IN ('ou_baton', 'ou_bob')")
                .query(Long.class).single()).isZero();
        List<LoggedRequest> answers = FEISHU.findAll(postRequestedFor(urlPathEqualTo(
                "/open-apis/ephemeral/v1/send")));
        assertThat(answers).anySatisfy(r -> assertThat(r.getBodyAsString()).contains("ou_lili")
                .contains("Time zone")); // the profile card of /baton me
        assertThat(answers).noneSatisfy(r -> assertThat(r.getBodyAsString()).contains("know"));
    }

    @Test
    void untilTheBotKnowsItsOpenIdTheMentionOpeningAGroupMessageIsTakenForIt() {
        String text = FeishuCallbacks.withMentions("@_user_1 poll new \"Lunch?\" @_user_2 noodles",
                JSON.readTree("[{\"key\":\"@_user_1\",\"id\":{\"open_id\":\"ou_x\"},\"name\":\"Baton\"},"
                        + "{\"key\":\"@_user_2\",\"id\":{\"open_id\":\"ou_bob\"},\"name\":\"Bob <Li>\"}]"),
                null, true);
        assertThat(text).isEqualTo("poll new \"Lunch?\" <@ou_bob|Bob <Li> noodles");
        assertThat(FeishuCallbacks.withMentions("@_user_1 hi", JSON.readTree("[{\"key\":\"@_user_1\","
                + "\"id\":{\"open_id\":\"ou_bob\"},\"name\":\"Bob\"}]"), null, false)).isEqualTo("<@ou_bob|Bob> hi");
    }

    @Test
    void aMentionInsideTextShowsOnTheCardAsTheName() throws Exception {
        // #30 item 14: a mention became <@ou_…|name> on the way in; a Feishu card shows it as @name (FeishuRules
        // fails any card with Slack's syntax in it)
        deliver(mentioning("ev-n1", "p2p", "oc_p2p", "/poll new \"Lunch with @_user_1?\" pizza noodles",
                "ou_bob"), true, ENCRYPT_KEY);
        drain();
        assertThat(jdbc.sql("SELECT question FROM poll").query(String.class).single())
                .isEqualTo("Lunch with @Person 1?");
        assertThat(sent()).anySatisfy(r -> assertThat(r.getBodyAsString()).contains("Lunch with @Person 1?"));
    }

    @Test
    void aFormCardOffersPeopleByPickerAndBecomesWhatWasSentSoItCountsOnce() throws Exception {
        // #30 items 9 and 11: the meeting form picks people with Feishu's person picker (offering the people Baton
        // knows: without options Feishu offers the chat's members, here nobody); once taken, the callback's answer
        // replaces the card with what was sent, and the same card submitted again changes nothing
        deliver(message("ev-f0", "p2p", "oc_bob", "/baton me", "ou_bob"), true, ENCRYPT_KEY);
        jobs.runDue(); // Baton learns bob's name from Feishu (the contact stand-in calls everyone 李丽)
        deliver(message("ev-f1", "p2p", "oc_p2p", "/meeting new"), true, ENCRYPT_KEY);
        drain();
        com.github.tomakehurst.wiremock.stubbing.ServeEvent formSend = FEISHU.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith("/open-apis/im/v1/messages")
                        && e.getRequest().getBodyAsString().contains("form_submit"))
                .findFirst().orElseThrow();
        tools.jackson.databind.JsonNode card = JSON.readTree(JSON.readTree(formSend.getRequest().getBodyAsString())
                .path("content").asString());
        String messageId = JSON.readTree(formSend.getResponse().getBodyAsString()).path("data").path("message_id")
                .asString();
        tools.jackson.databind.JsonNode picker = null;
        tools.jackson.databind.JsonNode submit = null;
        for (tools.jackson.databind.JsonNode e : card.path("elements").path(0).path("elements")) {
            if (e.path("name").asString("").equals("participants")) {
                picker = e;
            }
            if (e.path("action_type").asString("").equals("form_submit")) {
                submit = e.path("value");
            }
        }
        assertThat(picker).isNotNull();
        assertThat(picker.path("tag").asString()).isEqualTo("multi_select_person");
        assertThat(picker.path("options").toString()).contains("ou_bob").contains("ou_lili");

        Map<String, Object> filled = Map.of("title", "Content & sales sync", "when", "tomorrow 10:00",
                "length", "30m", "recurrence", "weekly", "participants", List.of("ou_bob"));
        String submission = JSON.writeValueAsString(Map.of("schema", "2.0",
                "header", Map.of("event_id", "ev-f2", "event_type", "card.action.trigger", "token", TOKEN,
                        "tenant_key", "tk1", "app_id", "cli_test"),
                "event", Map.of("operator", Map.of("open_id", "ou_lili"),
                        "action", Map.of("tag", "button", "value", submit, "form_value", filled),
                        "context", Map.of("open_message_id", messageId, "open_chat_id", "oc_p2p"))));
        HttpResponse<String> first = deliver(submission, true, ENCRYPT_KEY);
        assertThat(first.statusCode()).isEqualTo(200);
        dev.baton.support.FeishuRules.callbackAnswer(first.body());
        tools.jackson.databind.JsonNode receipt = JSON.readTree(first.body()).path("card");
        assertThat(receipt.path("type").asString()).isEqualTo("raw");
        assertThat(receipt.path("data").toString()).contains("✓ New meeting").contains("Content & sales sync")
                .contains("30 min").contains("Participants: 李丽").doesNotContain("form_submit");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM meeting_series").query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT m.platform_user_id FROM meeting_participant p JOIN member m ON m.id = p.member_id"
                + " ORDER BY p.position").query(String.class).list()).containsExactly("ou_lili", "ou_bob");

        // the same card again (a second click before Feishu replaced it, or a stale client): nothing more
        HttpResponse<String> again = deliver(submission.replace("ev-f2", "ev-f3"), true, ENCRYPT_KEY);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).has("card")).isFalse();
        drain();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM meeting_series").query(Long.class).single()).isEqualTo(1);
        assertThat(FEISHU.findAll(postRequestedFor(urlPathEqualTo("/open-apis/im/v1/messages")).withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing("ou_bob"))).stream()
                .filter(r -> r.getBodyAsString().contains("invited")).count()).isEqualTo(1);
        assertThat(sent()).anySatisfy(r -> assertThat(r.getBodyAsString()).contains("You already sent this form"));
    }

    @Test
    void referencesCountPerWorkspaceSoANewTeamStartsAtOne() throws Exception {
        // #30 item 19: object numbers were shared across workspaces (a new team's first objective was O-133)
        slashCommand("UALICE", "/okr", "objective \"Slack goal one\"");
        slashCommand("UALICE", "/okr", "objective \"Slack goal two\"");
        slashCommand("UALICE", "/okr", "kr O-2 \"Slack result\" from 0 to 10");
        deliver(message("ev-r1", "p2p", "oc_p2p", "/okr objective \"飞书目标\""), true, ENCRYPT_KEY);
        deliver(message("ev-r2", "p2p", "oc_p2p", "/okr kr O-1 \"线索质量\" from 0 to 100"), true, ENCRYPT_KEY);
        deliver(message("ev-r3", "p2p", "oc_p2p", "/okr checkin KR-1 40"), true, ENCRYPT_KEY);
        drain();
        assertThat(jdbc.sql("SELECT CONCAT(workspace, ' ', number, ' ', title) FROM objective ORDER BY id")
                .query(String.class).list()).containsExactly("slack:T0001 1 Slack goal one",
                        "slack:T0001 2 Slack goal two", "feishu:tk1 1 飞书目标");
        // KR-1 of the Feishu team is its own key result, not the Slack team's first one
        assertThat(jdbc.sql("SELECT kr.current_value FROM key_result kr JOIN objective o ON o.id = kr.objective_id"
                + " WHERE o.workspace = 'feishu:tk1'").query(Integer.class).single()).isEqualTo(40);
        assertThat(jdbc.sql("SELECT kr.current_value FROM key_result kr JOIN objective o ON o.id = kr.objective_id"
                + " WHERE o.workspace = 'slack:T0001'").query(Integer.class).single()).isZero();
        assertThat(sent().stream().map(LoggedRequest::getBodyAsString).toList())
                .anySatisfy(b -> assertThat(b).contains("O-1").contains("飞书目标"))
                .anySatisfy(b -> assertThat(b).contains("KR-1").contains("线索质量"))
                .noneSatisfy(b -> assertThat(b).contains("O-3"));
    }

    @Test
    void aRenamedPersonIsLookedUpAgainInTheBackground() throws Exception {
        // #30 item 13: as Slack's user_change, Feishu's contact.user.updated_v3 refreshes the name; the callback
        // itself never waits for Feishu's contact API
        deliver(message("ev-u1", "p2p", "oc_p2p", "/baton me"), true, ENCRYPT_KEY);
        jobs.runDue();
        assertThat(jdbc.sql("SELECT display_name FROM member").query(String.class).single()).isEqualTo("李丽");
        FEISHU.stubFor(get(urlPathMatching("/open-apis/contact/v3/users/.*")).atPriority(1).willReturn(okJson(
                "{\"code\":0,\"data\":{\"user\":{\"name\":\"李丽华\"}}}")));
        int lookups = FEISHU.findAll(getRequestedFor(urlPathMatching("/open-apis/contact/v3/users/.*"))).size();
        String renamed = JSON.writeValueAsString(Map.of("schema", "2.0",
                "header", Map.of("event_id", "ev-u2", "event_type", "contact.user.updated_v3", "token", TOKEN,
                        "tenant_key", "tk1", "app_id", "cli_test"),
                "event", Map.of("object", Map.of("open_id", "ou_lili", "name", "李丽华"),
                        "old_object", Map.of("name", "李丽"))));
        assertThat(deliver(renamed, true, ENCRYPT_KEY).statusCode()).isEqualTo(200);
        assertThat(FEISHU.findAll(getRequestedFor(urlPathMatching("/open-apis/contact/v3/users/.*")))).hasSize(lookups);
        jobs.runDue();
        assertThat(jdbc.sql("SELECT display_name FROM member").query(String.class).single()).isEqualTo("李丽华");
    }

    @Test
    void theBotMenuShowsMyWeekInThePersonsChat() throws Exception {
        // #33: Feishu's bot menu (application.bot.menu_v6) with the key my_week answers with the person's week
        String menu = JSON.writeValueAsString(Map.of("schema", "2.0",
                "header", Map.of("event_id", "ev-menu1", "event_type", "application.bot.menu_v6", "token", TOKEN,
                        "tenant_key", "tk1", "app_id", "cli_test"),
                "event", Map.of("operator", Map.of("operator_id", Map.of("open_id", "ou_lili")),
                        "event_key", "my_week", "timestamp", 1700000000)));
        assertThat(deliver(menu, true, ENCRYPT_KEY).statusCode()).isEqualTo(200);
        drain();
        assertThat(sent()).singleElement().satisfies(r -> assertThat(r.getBodyAsString())
                .contains("ou_lili").contains("Your week").contains("Nothing is waiting for you"));
        assertThat(sent().get(0).queryParameter("receive_id_type").firstValue()).isEqualTo("open_id");
    }
}
