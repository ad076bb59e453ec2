package dev.baton.transcript;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import dev.baton.outbox.OutboxDispatcher;
import dev.baton.schedule.JobRunner;
import dev.baton.schedule.Schedule;
import dev.baton.support.BatonTestSupport;
import dev.baton.team.Team;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays every file under {@code conversations/} through signed requests to the real {@code /slack/events}
 * endpoint, the real engine and database, with WireMock as Slack's API, and compares what Baton sent with what the
 * file says. A failure names file:line and prints the expected line, what was observed, and the whole conversation.
 */
public class TranscriptTest extends BatonTestSupport {

    private static final Path ROOT = Path.of("conversations");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\*|\\$[A-Za-z][A-Za-z0-9]*)}}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private Team team;
    @Autowired
    private org.springframework.context.ApplicationEventPublisher events;
    @Autowired
    private OutboxDispatcher outbox;
    @Autowired
    private JobRunner jobs;
    @Autowired
    private Schedule schedule;

    @TestFactory
    Stream<DynamicTest> conversations() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ROOT)) {
            files = walk.filter(p -> p.toString().endsWith(".txt"))
                    .filter(p -> !p.startsWith(ROOT.resolve("fragments")))
                    // -Dtranscripts=polls runs only the files whose path contains "polls" (while working on them)
                    .filter(p -> p.toString().contains(System.getProperty("transcripts", "")))
                    .sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files) {
            Transcript t = Transcript.parse(file, ROOT);
            for (String platform : t.platforms()) {
                if (!List.of("slack", "feishu", "telegram").contains(platform)) {
                    throw new IllegalStateException(file + " lists platform " + platform
                            + " but this suite has drivers for slack, feishu and telegram only");
                }
                // -Dplatforms=telegram replays only on Telegram (while working on one platform)
                if (!replays(ROOT.relativize(file), platform)
                        || !platform.contains(System.getProperty("platforms", platform))) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(ROOT.relativize(file) + " [" + label(platform) + "] " + t.title(),
                        file.toUri(), () -> run(t, platform)));
            }
        }
        return tests.stream();
    }

    /** Which files and platforms this suite replays: all of them. */
    protected boolean replays(Path file, String platform) {
        return true;
    }

    protected String label(String platform) {
        return platform;
    }

    /** Slack, played through signed HTTP requests to {@code /slack/events}. */
    protected SlackDriver slackDriver(Map<String, String> userIds) {
        return new SlackDriver("http://localhost:" + port, SIGNING_SECRET, TEAM, SLACK, userIds);
    }

    /** Feishu, played through encrypted and signed HTTP callbacks to {@code /feishu/events}. */
    protected FeishuDriver feishuDriver(Map<String, String> userIds) {
        return new FeishuDriver("http://localhost:" + port, FEISHU_ENCRYPT_KEY, FEISHU_TOKEN, FEISHU_TENANT, FEISHU,
                userIds);
    }

    /** Telegram, played through updates posted to {@code /telegram/updates} with the webhook's secret. */
    protected TelegramDriver telegramDriver(Map<String, String> userIds, Map<String, String> languages) {
        return TelegramDriver.webhook("http://localhost:" + port, TELEGRAM_SECRET, TELEGRAM, userIds, languages);
    }

    private void run(Transcript t, String platform) throws Exception {
        resetWorld();
        clock.set(t.start());
        boolean feishu = platform.equals("feishu");
        Map<String, String> languages = new HashMap<>();
        Map<String, String> userIds = platform.equals("telegram") ? givenTelegram(t, languages) : given(t, feishu);
        ChatDriver slack = platform.equals("telegram") ? telegramDriver(userIds, languages)
                : feishu ? feishuDriver(userIds)
                : slackDriver(userIds);
        slack.collect();
        List<String> log = new ArrayList<>();
        Map<String, String> captures = new HashMap<>();
        com.github.tomakehurst.wiremock.stubbing.StubMapping failure = null;
        for (Transcript.Step step : t.steps()) {
            log.add(describe(step));
            if (step instanceof Transcript.Says s) {
                String text = substitute(s.text(), captures);
                if (text.startsWith("/") && !s.dm()) {
                    slack.command(s.user(), s.channel() == null ? "general" : s.channel(), text);
                } else if (text.startsWith("/")) {
                    slack.command(s.user(), null, text);
                } else if (s.channel() != null) {
                    slack.mention(s.user(), s.channel(), text);
                } else {
                    slack.directMessage(s.user(), text);
                }
                settle();
            } else if (step instanceof Transcript.Clicks c) {
                slack.click(c.user(), c.label(), c.on());
                settle();
            } else if (step instanceof Transcript.Submits s) {
                slack.submit(s.user(), s.fields());
                settle();
            } else if (step instanceof Transcript.Redeliver) {
                slack.redeliver();
                settle();
            } else if (step instanceof Transcript.SlackAnswers sa) {
                if (!platform.equals("slack")) {
                    throw new IllegalStateException("'~ slack answers' steps are Slack-only; list only slack");
                }
                if (failure != null) {
                    SLACK.removeStub(failure);
                    failure = null;
                }
                if (sa.method() != null) {
                    failure = SLACK.stubFor(post(urlPathEqualTo("/api/" + sa.method())).atPriority(1)
                            .willReturn(okJson(sa.json())));
                }
            } else if (step instanceof Transcript.Advance a) {
                Instant target = a.by() != null ? clock.instant().plus(a.by()) : a.to().atZone(t.zone()).toInstant();
                advanceTo(target);
            }
            List<Observed> observed = slack.collect();
            observed.forEach(o -> log.add(o.render()));
            if (!RECORD) {
                check(t, step, observed, captures, log);
            }
        }
        if (RECORD) {
            throw new AssertionError("recorded (-Dtranscripts.record, nothing checked):\n  "
                    + String.join("\n  ", log));
        }
    }

    /**
     * While writing a transcript, {@code -Dtranscripts.record=true} replays it without checking anything and fails
     * with the whole conversation as Baton had it, to read (never to paste unread).
     */
    private static final boolean RECORD = Boolean.getBoolean("transcripts.record");

    /**
     * Sends what Baton queued. Sends to one channel are paced (about one a second), so a burst comes out over the
     * next seconds: let those seconds pass, as they would.
     */
    private void settle() {
        outbox.drain();
        while (true) {
            Optional<Instant> next = jdbc.sql("SELECT MIN(next_attempt_at) FROM outbox_message WHERE status = 'PENDING'")
                    .query(java.sql.Timestamp.class).list().stream().filter(java.util.Objects::nonNull)
                    .map(java.sql.Timestamp::toInstant).findFirst();
            if (next.isEmpty() || next.get().isAfter(clock.instant().plusSeconds(5))) {
                return;
            }
            if (next.get().isAfter(clock.instant())) {
                clock.set(next.get());
            }
            outbox.drain();
        }
    }

    /** Moves the clock job by job, so each job runs at its own due time, then to the target. */
    private void advanceTo(Instant target) {
        while (true) {
            Optional<Instant> next = schedule.nextDue();
            if (next.isEmpty() || next.get().isAfter(target)) {
                break;
            }
            if (next.get().isAfter(clock.instant())) {
                clock.set(next.get());
            }
            jobs.runDue();
            settle();
        }
        clock.set(target);
        jobs.runDue();
        settle();
    }

    private void check(Transcript t, Transcript.Step step, List<Observed> observed, Map<String, String> captures,
            List<String> log) {
        List<Observed> unmatched = new ArrayList<>(observed);
        for (Transcript.Expect e : step.expects()) {
            if (e.negative()) {
                continue;
            }
            Observed hit = null;
            for (Observed o : unmatched) {
                if (matches(e, o, captures)) {
                    hit = o;
                    break;
                }
            }
            if (hit == null) {
                throw failure(t, e.line(), "expected a message that did not come",
                        "bot -> " + e.target() + " (" + e.kind() + "): " + e.text(), observed, log);
            }
            unmatched.remove(hit);
        }
        for (Transcript.Expect e : step.expects()) {
            if (e.negative()) {
                for (Observed o : observed) {
                    if (matches(e, o, new HashMap<>(captures))) {
                        throw failure(t, e.line(), "a message that must not happen did",
                                "!bot -> " + e.target() + " (" + e.kind() + "): " + e.text(), observed, log);
                    }
                }
            }
        }
        if (!unmatched.isEmpty()) {
            throw failure(t, step.line(), "the bot sent a message no line expects", "(nothing more)", unmatched, log);
        }
    }

    private static boolean matches(Transcript.Expect e, Observed o, Map<String, String> captures) {
        if (!e.target().equals(o.target()) || !e.kind().equals(o.kind())) {
            return false;
        }
        StringBuilder regex = new StringBuilder();
        String expected = normalise(e.text());
        Matcher m = PLACEHOLDER.matcher(expected);
        int last = 0;
        List<String> newNames = new ArrayList<>();
        while (m.find()) {
            regex.append(Pattern.quote(expected.substring(last, m.start())));
            String token = m.group(1);
            if (token.equals("*")) {
                regex.append("(?s:.*?)");
            } else {
                String name = token.substring(1);
                if (captures.containsKey(name)) {
                    regex.append(Pattern.quote(captures.get(name)));
                } else {
                    regex.append("(?<").append(name).append(">(?s:.*?))");
                    newNames.add(name);
                }
            }
            last = m.end();
        }
        regex.append(Pattern.quote(expected.substring(last)));
        Matcher actual = Pattern.compile(regex.toString()).matcher(normalise(o.text()));
        if (!actual.matches()) {
            return false;
        }
        for (String name : newNames) {
            captures.put(name, actual.group(name));
        }
        return true;
    }

    /** A person may type what the bot said earlier: {{$x}} in their line is the captured value. */
    private static String substitute(String text, Map<String, String> captures) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).substring(1);
            if (!captures.containsKey(name)) {
                throw new IllegalStateException("Nothing captured as {{$" + name + "}} before it is used");
            }
            m.appendReplacement(b, Matcher.quoteReplacement(captures.get(name)));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** Lines trimmed, inner runs of spaces collapsed, blank lines dropped. */
    static String normalise(String text) {
        return text.lines().map(l -> l.strip().replaceAll("[ \\t\\u00a0]+", " ")).filter(l -> !l.isEmpty())
                .collect(Collectors.joining("\n"));
    }

    private static AssertionError failure(Transcript t, int line, String problem, String expected,
            List<Observed> observed, List<String> log) {
        StringBuilder b = new StringBuilder();
        b.append(t.file()).append(':').append(line).append(": ").append(problem).append('\n');
        b.append("expected:\n  ").append(expected.replace("\n", "\n  ")).append('\n');
        b.append("observed at this step:\n");
        if (observed.isEmpty()) {
            b.append("  (nothing)\n");
        }
        observed.forEach(o -> b.append("  ").append(o.render().replace("\n", "\n  ")).append('\n'));
        b.append("whole conversation so far:\n");
        log.forEach(l -> b.append("  ").append(l.replace("\n", "\n  ")).append('\n'));
        return new AssertionError(b.toString());
    }

    private static String describe(Transcript.Step step) {
        if (step instanceof Transcript.Says s) {
            return s.user() + (s.channel() != null ? " in #" + s.channel() : s.dm() ? " (dm)" : "") + ": " + s.text();
        } else if (step instanceof Transcript.Clicks c) {
            return c.user() + " clicks [" + c.label() + "]" + (c.on() == null ? "" : " on " + c.on());
        } else if (step instanceof Transcript.Submits s) {
            return s.user() + " submits " + s.fields();
        } else if (step instanceof Transcript.Advance a) {
            return "~ " + (a.by() != null ? "advance " + a.by() : "at " + a.to());
        } else if (step instanceof Transcript.SlackAnswers sa) {
            return sa.method() == null ? "~ slack recovers" : "~ slack answers " + sa.method() + " " + sa.json();
        }
        return "~ redeliver";
    }

    /** Sets up the people of the given file: Slack profiles in WireMock, then departments and roles. */
    @SuppressWarnings("unchecked")
    private Map<String, String> given(Transcript t, boolean feishu) throws IOException {
        if (feishu) {
            return givenFeishu(t);
        }
        Map<String, String> ids = new LinkedHashMap<>();
        if (t.given() == null) {
            return ids;
        }
        Map<String, Object> doc;
        try (InputStream in = Files.newInputStream(ROOT.resolve(t.given()))) {
            doc = new Yaml().load(in);
        }
        List<Map<String, Object>> members = (List<Map<String, Object>>) doc.getOrDefault("members", List.of());
        for (Map<String, Object> m : members) {
            String name = (String) m.get("name");
            String id = (String) m.getOrDefault("id", "U" + name.toUpperCase(Locale.ROOT));
            ids.put(name, id);
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("id", id);
            user.put("team_id", TEAM);
            user.put("name", name);
            user.put("real_name", m.getOrDefault("real_name", name));
            user.put("tz", m.getOrDefault("tz", "UTC"));
            user.put("locale", m.getOrDefault("locale", "en-US"));
            user.put("is_admin", Boolean.TRUE.equals(m.get("admin")));
            user.put("is_owner", false);
            user.put("profile", Map.of("display_name", name, "real_name", m.getOrDefault("real_name", name)));
            SLACK.stubFor(post(urlPathEqualTo("/api/users.info")).withRequestBody(containing("user=" + id))
                    .willReturn(okJson(JSON.writeValueAsString(Map.of("ok", true, "user", user)))));
            SLACK.stubFor(post(urlPathEqualTo("/api/conversations.open")).withRequestBody(containing("users=" + id))
                    .willReturn(okJson("{\"ok\":true,\"channel\":{\"id\":\"" + SlackDriver.dmChannel(id) + "\"}}")));
        }
        // every channel of a story has all its people in it (conversations.members, one page)
        SLACK.stubFor(post(urlPathEqualTo("/api/conversations.members")).willReturn(okJson(JSON.writeValueAsString(
                Map.of("ok", true, "members", List.copyOf(ids.values()),
                        "response_metadata", Map.of("next_cursor", ""))))));
        for (Map<String, Object> m : members) {
            if (!Boolean.FALSE.equals(m.get("registered"))) {
                team.member("slack", "slack:" + TEAM, ids.get((String) m.get("name")));
            }
        }
        jobs.runDue(); // their profiles, looked up from Slack in the background
        return departmentsAndRoles(doc, members, ids, "slack:" + TEAM);
    }

    /**
     * The same people on Feishu. Feishu's user API gives only a name, so time zone, language and admin rights from
     * the file are set on the member directly, as an admin would with /baton.
     */
    @SuppressWarnings("unchecked")
    private Map<String, String> givenFeishu(Transcript t) throws IOException {
        // every group chat of a story has all its people in it (im/v1/chats/:chat_id/members, one page)
        List<Object> items = new ArrayList<>();
        for (Map<String, Object> m : members(t)) {
            items.add(Map.of("member_id_type", "open_id", "member_id", FeishuDriver.openId((String) m.get("name")),
                    "name", m.get("name")));
        }
        FEISHU.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching(
                "/open-apis/im/v1/chats/[^/]+/members")).willReturn(okJson(JSON.writeValueAsString(Map.of("code", 0,
                        "data", Map.of("items", items, "has_more", false, "page_token", ""))))));
        return givenByName(t, "feishu", "feishu:" + FEISHU_TENANT, (name, index) -> FeishuDriver.openId(name),
                (name, id) -> FEISHU.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(
                        "/open-apis/contact/v3/users/" + id)).willReturn(okJson(JSON.writeValueAsString(
                                Map.of("code", 0, "data", Map.of("user", Map.of("name", name))))))));
    }

    /**
     * The same people on Telegram, each with a numeric id; Telegram's getChat gives their name. Each has pressed
     * Start in their chat with Baton (else Telegram would refuse Baton's messages to them), and their Telegram app
     * speaks the file's language.
     */
    private Map<String, String> givenTelegram(Transcript t, Map<String, String> languages) throws IOException {
        Map<String, String> ids = givenByName(t, "telegram", "telegram:" + TELEGRAM_TOKEN.substring(0,
                TELEGRAM_TOKEN.indexOf(':')), (name, index) -> TelegramDriver.userId(name), (name, id) -> {
                    dev.baton.support.TelegramRules.STARTED.add(id);
                    TELEGRAM.stubFor(post(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(
                            "(?i)/bot" + TELEGRAM_TOKEN + "/getChat"))
                            .withRequestBody(containing("\"" + id + "\"")).willReturn(okJson(JSON.writeValueAsString(
                                    Map.of("ok", true, "result", Map.of("id", Long.parseLong(id), "type", "private",
                                            "first_name", name))))));
                });
        for (Map<String, Object> m : members(t)) {
            languages.put((String) m.get("name"), TelegramDriver.language((String) m.get("locale")));
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> members(Transcript t) throws IOException {
        if (t.given() == null) {
            return List.of();
        }
        try (InputStream in = Files.newInputStream(ROOT.resolve(t.given()))) {
            Map<String, Object> doc = new Yaml().load(in);
            return (List<Map<String, Object>>) doc.getOrDefault("members", List.of());
        }
    }

    /** People on a platform whose profile gives only a name: the rest from the file, set as an admin would. */
    @SuppressWarnings("unchecked")
    private Map<String, String> givenByName(Transcript t, String platform, String workspace,
            java.util.function.BiFunction<String, Integer, String> idOf,
            java.util.function.BiConsumer<String, String> profile) throws IOException {
        Map<String, String> ids = new LinkedHashMap<>();
        if (t.given() == null) {
            return ids;
        }
        Map<String, Object> doc;
        try (InputStream in = Files.newInputStream(ROOT.resolve(t.given()))) {
            doc = new Yaml().load(in);
        }
        List<Map<String, Object>> members = (List<Map<String, Object>>) doc.getOrDefault("members", List.of());
        for (Map<String, Object> m : members) {
            String name = (String) m.get("name");
            String id = idOf.apply(name, ids.size());
            ids.put(name, id);
            profile.accept(name, id);
        }
        for (Map<String, Object> m : members) {
            String id = ids.get((String) m.get("name"));
            boolean registered = !Boolean.FALSE.equals(m.get("registered"));
            if (registered) {
                team.member(platform, workspace, id);
                jobs.runDue(); // the name, looked up from the platform in the background
                jdbc.sql("UPDATE member SET time_zone = ?, locale = ?, role = ? WHERE platform_user_id = ?")
                        .params(m.getOrDefault("tz", "UTC"), Team.supportedLocale((String) m.getOrDefault("locale",
                                "en-US")).map(java.util.Locale::toLanguageTag).orElse("en"),
                                Boolean.TRUE.equals(m.get("admin")) ? "ADMIN" : "MEMBER", id)
                        .update();
                // prompts and digests were planned in the default zone at registration: plan them again
                long memberId = jdbc.sql("SELECT id FROM member WHERE platform_user_id = ?").param(id)
                        .query(Long.class).single();
                events.publishEvent(new dev.baton.team.MemberChanged(memberId));
            }
        }
        return departmentsAndRoles(doc, members, ids, workspace);
    }

    /** Baton's own set-up of the given people, the same on every platform: departments, roles, managers. */
    @SuppressWarnings("unchecked")
    private Map<String, String> departmentsAndRoles(Map<String, Object> doc, List<Map<String, Object>> members,
            Map<String, String> ids, String workspace) {
        for (Map<String, Object> d : (List<Map<String, Object>>) doc.getOrDefault("departments", List.of())) {
            jdbc.sql("INSERT INTO department (workspace, dept_key, name, version) VALUES (?, ?, ?, 0)")
                    .params(workspace, d.get("key"), d.get("name")).update();
        }
        for (Map<String, Object> m : members) {
            String id = ids.get((String) m.get("name"));
            if (m.get("department") != null) {
                jdbc.sql("UPDATE member SET department_id = (SELECT id FROM department WHERE dept_key = ?) "
                        + "WHERE platform_user_id = ?").params(m.get("department"), id).update();
            }
            if (m.get("role") != null) {
                jdbc.sql("UPDATE member SET role = ? WHERE platform_user_id = ?")
                        .params(((String) m.get("role")).toUpperCase(Locale.ROOT), id).update();
            }
        }
        for (Map<String, Object> d : (List<Map<String, Object>>) doc.getOrDefault("departments", List.of())) {
            if (d.get("manager") != null) {
                jdbc.sql("UPDATE department SET manager_id = (SELECT id FROM member WHERE platform_user_id = ?) "
                        + "WHERE dept_key = ?").params(ids.get((String) d.get("manager")), d.get("key")).update();
            }
        }
        return ids;
    }
}
