package dev.baton.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that run the whole Baton: real Tomcat on a random port, the real database, WireMock as Slack's Web
 * API. Background pollers are slowed to an hour so tests decide when the outbox drains and jobs run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "baton.slack.signing-secret=" + BatonTestSupport.SIGNING_SECRET,
    "baton.slack.bot-token=xoxb-test-token",
    "baton.outbox.poll-interval=1h",
    "baton.outbox.send-after-commit=false",
    "baton.schedule.poll-interval=1h",
    "baton.schedule.spread=0s",
    "baton.slack.http-timeout=3s",
    "baton.public-url=https://baton.example.com",
    "baton.console.enabled=true",
    "baton.admins=ou_boss, UNOBODY",
    "baton.telegram.connection=webhook"})
@Import(BatonTestSupport.TestClockConfiguration.class)
public abstract class BatonTestSupport {

    public static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    public static final String TEAM = "T0001";
    /** Slack's Web API and response URLs, as strict as Slack ({@link SlackStandIn}). */
    public static final WireMockServer SLACK = new WireMockServer(options().dynamicPort()
            .extensions(new SlackStandIn()));
    /** Feishu's open API. */
    public static final WireMockServer FEISHU = new WireMockServer(options().dynamicPort()
            .extensions(new FeishuStandIn()));
    public static final String FEISHU_ENCRYPT_KEY = "test-encrypt-key-0123456789";
    public static final String FEISHU_TOKEN = "verification-token-abc";
    public static final String FEISHU_TENANT = "tk1";

    /** Telegram's {@code getUpdates}, for the contexts that long-poll. */
    public static final TelegramUpdatesStandIn TELEGRAM_UPDATES = new TelegramUpdatesStandIn();
    /** Telegram's Bot API, as strict as Telegram ({@link TelegramStandIn}). */
    public static final WireMockServer TELEGRAM = new WireMockServer(options().dynamicPort()
            .extensions(new TelegramStandIn(), TELEGRAM_UPDATES));
    public static final String TELEGRAM_TOKEN = "123456:TEST-token_abc";
    public static final String TELEGRAM_SECRET = "telegram-webhook-secret-1";

    /** Slack's Socket Mode server, for the contexts that connect through it (an app-level token set). */
    public static final SocketModeStandIn SOCKET = new SocketModeStandIn().started();
    /** The app-level token those contexts use. */
    public static final String APP_TOKEN = "xapp-1-A0BATON-test";

    /** Feishu's long-connection server, for the contexts with baton.feishu.connection=websocket. */
    public static final FeishuLongConnectionStandIn FEISHU_LONG = new FeishuLongConnectionStandIn().started();

    static {
        SLACK.start();
        FEISHU.start();
        TELEGRAM.start();
        telegramAnswers();
        socketModeOpens();
        longConnectionOpens();
    }

    /** The Bot API's answers to what Baton calls: every sent message gets its own id, as in Telegram. */
    private static void telegramAnswers() {
        String bot = "/bot" + TELEGRAM_TOKEN + "/";
        TELEGRAM.stubFor(post(urlPathMatching("(?i)" + bot + "getMe")).willReturn(okJson("{\"ok\":true,\"result\":{\"id\":123456,"
                + "\"is_bot\":true,\"first_name\":\"Baton\",\"username\":\"BatonBot\"}}")));
        TELEGRAM.stubFor(post(urlPathMatching("(?i)" + bot + "(setMyCommands|deleteWebhook|setWebhook|editMessageText"
                + "|answerCallbackQuery)")).willReturn(okJson("{\"ok\":true,\"result\":true}")));
        TELEGRAM.stubFor(post(urlPathMatching("(?i)" + bot + "getUpdates")).willReturn(aResponse()
                .withTransformers(TelegramUpdatesStandIn.NAME)));
        TELEGRAM.stubFor(post(urlPathMatching("(?i)" + bot + "(sendMessage|sendPhoto|sendDocument)")).willReturn(okJson(
                "{\"ok\":true,\"result\":{\"message_id\":{{randomInt lower=1 upper=2000000000}},"
                        + "\"date\":1700000000,\"chat\":{\"id\":1,\"type\":\"private\"}}}")
                .withTransformers("response-template")));
    }

    /** The SDK asks Feishu where to connect; the stand-in's address, with its reconnect rules. */
    private static void longConnectionOpens() {
        FEISHU.stubFor(post(urlPathEqualTo("/callback/ws/endpoint")).willReturn(okJson(FEISHU_LONG.endpointAnswer())));
    }

    /** {@code apps.connections.open} hands out the stand-in's address, as Slack hands out a wss:// one. */
    private static void socketModeOpens() {
        SLACK.stubFor(post(urlPathEqualTo("/api/apps.connections.open")).willReturn(okJson(
                "{\"ok\":true,\"url\":\"" + SOCKET.url() + "\"}")));
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected MutableClock clock;

    @Autowired
    private dev.baton.calendar.WorkingCalendar calendar;

    @DynamicPropertySource
    static void slackApi(DynamicPropertyRegistry registry) {
        registry.add("baton.slack.api-base-url", () -> SLACK.baseUrl() + "/api/");
        registry.add("baton.feishu.app-id", () -> "cli_test");
        registry.add("baton.feishu.app-secret", () -> "feishu-app-secret");
        registry.add("baton.feishu.verification-token", () -> FEISHU_TOKEN);
        registry.add("baton.feishu.encrypt-key", () -> FEISHU_ENCRYPT_KEY);
        registry.add("baton.feishu.api-base-url", () -> FEISHU.baseUrl() + "/open-apis/");
        registry.add("baton.telegram.bot-token", () -> TELEGRAM_TOKEN);
        registry.add("baton.telegram.api-url", () -> TELEGRAM.baseUrl());
        registry.add("baton.telegram.webhook-secret", () -> TELEGRAM_SECRET);
    }

    @TestConfiguration
    public static class TestClockConfiguration {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.parse("2026-03-02T01:00:00Z"));
        }

        /** Baton's acknowledgements to Slack are held to Slack's rules too. */
        @Bean
        FilterRegistrationBean<AcknowledgementRules> slackAcknowledgementRules() {
            FilterRegistrationBean<AcknowledgementRules> filter = new FilterRegistrationBean<>(new AcknowledgementRules());
            filter.addUrlPatterns("/slack/*");
            return filter;
        }
    }

    /** What Baton sent Slack during the test must be what Slack accepts ({@link SlackRules}). */
    @AfterEach
    void slackWouldAcceptWhatWasSent() {
        SlackRules.assertNoneBroken();
    }

    /** And what it sent Feishu, what Feishu accepts ({@link FeishuRules}). */
    @AfterEach
    void feishuWouldAcceptWhatWasSent() {
        FeishuRules.assertNoneBroken();
    }

    /** And what it sent Telegram, what Telegram accepts ({@link TelegramRules}). */
    @AfterEach
    void telegramWouldAcceptWhatWasSent() {
        TelegramRules.assertNoneBroken();
    }

    /** Any user Baton asks Slack about is a member in Shanghai, named after their id. */
    protected static void usersNamedAfterTheirIds() {
        SLACK.stubFor(post(urlPathEqualTo("/api/users.info")).willReturn(okJson("""
                {"ok":true,"user":{"id":"{{formData request.body 'f' urlDecode=true}}{{f.user}}",
                 "name":"{{f.user}}","real_name":"{{f.user}}","tz":"Asia/Shanghai","locale":"en-US",
                 "is_admin":false,"is_owner":false,"profile":{"display_name":"{{f.user}}"}}}""")
                .withTransformers("response-template")));
    }

    /** Empties every table but Flyway's and resets WireMock to the standard Slack stubs. */
    protected void resetWorld() {
        List<String> tables = jdbc.sql("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = DATABASE() AND table_name <> 'flyway_schema_history'")
                .query(String.class).list();
        jdbc.sql("SET FOREIGN_KEY_CHECKS = 0").update();
        for (String table : tables) {
            truncate(table);
        }
        jdbc.sql("SET FOREIGN_KEY_CHECKS = 1").update();
        calendar.forgetCached(); // its cache of the workspaces' own days would outlive the emptied table
        SLACK.resetAll();
        socketModeOpens();
        SOCKET.reset();
        SLACK.stubFor(post(urlPathEqualTo("/api/auth.test")).willReturn(okJson("""
                {"ok":true,"url":"https://baton-test.slack.com/","team":"Baton Test","user":"baton",
                 "team_id":"T0001","user_id":"UBATON","bot_id":"BBATON"}""")));
        // every posted message gets its own ts, as in Slack, so Baton can update it later
        SLACK.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(okJson(
                "{\"ok\":true,\"channel\":\"{{formData request.body 'form' urlDecode=true}}{{form.channel}}\","
                        + "\"ts\":\"1700000001.{{randomValue length=12 type='NUMERIC'}}\"}")
                .withTransformers("response-template")));
        SLACK.stubFor(post(urlPathMatching("/api/chat\\.(postEphemeral|update)"))
                .willReturn(okJson("{\"ok\":true,\"channel\":\"C0\",\"ts\":\"1700000000.000100\"}")));
        SLACK.stubFor(post(urlPathEqualTo("/api/views.open")).willReturn(okJson("{\"ok\":true}")));
        SLACK.stubFor(post(urlPathMatching("/response/.*")).willReturn(aResponse().withStatus(200).withBody("ok")));
        // files.uploadV2: ask for an upload URL, send the bytes there, complete the upload into a conversation
        SLACK.stubFor(post(urlPathEqualTo("/api/files.getUploadURLExternal")).willReturn(okJson(
                "{\"ok\":true,\"upload_url\":\"" + SLACK.baseUrl() + "/upload/F1\",\"file_id\":\"F1\"}")));
        SLACK.stubFor(post(urlPathMatching("/upload/.*")).willReturn(aResponse().withStatus(200).withBody("OK")));
        SLACK.stubFor(post(urlPathEqualTo("/api/files.completeUploadExternal")).willReturn(okJson(
                "{\"ok\":true,\"files\":[{\"id\":\"F1\",\"title\":\"chart\"}]}")));
        SLACK.stubFor(post(urlPathEqualTo("/api/files.info")).willReturn(okJson(
                "{\"ok\":true,\"file\":{\"id\":\"F1\",\"title\":\"chart\"}}")));
        TELEGRAM.resetAll();
        telegramAnswers();
        TelegramRules.STARTED.clear();
        FEISHU.resetAll();
        longConnectionOpens();
        FEISHU_LONG.reset();
        FEISHU.stubFor(post(urlPathEqualTo("/open-apis/auth/v3/tenant_access_token/internal")).willReturn(okJson(
                "{\"code\":0,\"msg\":\"ok\",\"tenant_access_token\":\"t-123\",\"expire\":7200}")));
        FEISHU.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/open-apis/bot/v3/info"))
                .willReturn(okJson("{\"code\":0,\"msg\":\"ok\",\"bot\":{\"activate_status\":2,"
                        + "\"app_name\":\"Baton\",\"open_id\":\"ou_baton\"}}")));
        FEISHU.stubFor(post(urlPathEqualTo("/open-apis/im/v1/messages")).willReturn(okJson(
                "{\"code\":0,\"data\":{\"message_id\":\"om_{{randomValue length=16 type='ALPHANUMERIC'}}\"}}")
                .withTransformers("response-template")));
        FEISHU.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathMatching(
                "/open-apis/im/v1/messages/.*")).willReturn(okJson("{\"code\":0}")));
        FEISHU.stubFor(post(urlPathEqualTo("/open-apis/ephemeral/v1/send")).willReturn(okJson(
                "{\"code\":0,\"data\":{\"message_id\":\"om_e{{randomValue length=16 type='ALPHANUMERIC'}}\"}}")
                .withTransformers("response-template")));
        FEISHU.stubFor(post(urlPathEqualTo("/open-apis/im/v1/images")).willReturn(okJson(
                "{\"code\":0,\"data\":{\"image_key\":\"img_1\"}}")));
        FEISHU.stubFor(post(urlPathEqualTo("/open-apis/im/v1/files")).willReturn(okJson(
                "{\"code\":0,\"data\":{\"file_key\":\"file_1\"}}")));
    }

    /**
     * MariaDB refuses TRUNCATE at once while any transaction holds a lock on the table; a background poller of a
     * cached test context (webhooks every 2 s, outbox workers) can be in one for a moment, so wait it out.
     */
    private void truncate(String table) {
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.sql("TRUNCATE TABLE " + table).update();
                return;
            } catch (org.springframework.dao.PessimisticLockingFailureException e) {
                if (attempt == 20) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    /** A slash command typed in #general, signed as Slack signs it, into {@code /slack/events}. */
    protected java.net.http.HttpResponse<String> slashCommand(String user, String command, String text)
            throws Exception {
        String body = "team_id=T0001&channel_id=CGENERAL&channel_name=general&user_id=" + user + "&user_name=" + user
                + "&command=" + enc(command) + "&text=" + enc(text) + "&response_url="
                + enc(SLACK.baseUrl() + "/response/1") + "&trigger_id=t1&api_app_id=A0BATON";
        return signedToSlackEndpoint(body, "application/x-www-form-urlencoded");
    }

    /** A body signed with Slack's signing secret, posted to {@code /slack/events}. */
    protected java.net.http.HttpResponse<String> signedToSlackEndpoint(String body, String contentType)
            throws Exception {
        long now = System.currentTimeMillis() / 1000;
        return HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                        + "/slack/events"))
                .header("Content-Type", contentType)
                .header("X-Slack-Request-Timestamp", String.valueOf(now))
                .header("X-Slack-Signature", SlackSigner.sign(SIGNING_SECRET, now, body))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    protected Clock clock() {
        return clock;
    }

    /**
     * Waits until {@code done} holds or {@code max} has passed, for work Baton finishes a moment after answering; the
     * caller asserts the outcome afterwards.
     */
    protected static void waitUntil(BooleanSupplier done, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
