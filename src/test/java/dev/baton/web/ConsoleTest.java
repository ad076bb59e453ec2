package dev.baton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.BatonTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The web console's API through real HTTP: people type, click and fill in forms; Baton's replies come back. */
class ConsoleTest extends BatonTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private long after;

    @org.springframework.beans.factory.annotation.Autowired
    private dev.baton.schedule.JobRunner jobs;

    @BeforeEach
    void clean() {
        resetWorld();
        after = 0;
    }

    private Map<String, Object> post(String path, Map<String, Object> body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readValue(r.body(), new TypeReference<Map<String, Object>>() { });
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> messages() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/console/api/messages?after=" + after)).build(), HttpResponse.BodyHandlers.ofString());
        List<Map<String, Object>> list = (List<Map<String, Object>>) JSON.readValue(r.body(),
                new TypeReference<Map<String, Object>>() { }).get("messages");
        list.forEach(m -> after = Math.max(after, ((Number) m.get("id")).longValue()));
        return list;
    }

    @Test
    void thePageIsServed() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Baton console").contains("/console/api/say");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPollInAChannelIsVotedOnByButtonAndUpdatedInPlace() throws Exception {
        post("/console/api/say", Map.of("user", "tina", "channel", "training",
                "text", "/poll new \"Lunch?\" pizza noodles"));
        List<Map<String, Object>> first = messages();
        Map<String, Object> poll = first.stream().filter(m -> "channel".equals(m.get("kind"))).findFirst()
                .orElseThrow();
        assertThat(poll.get("channel")).isEqualTo("training");
        Map<String, Object> card = (Map<String, Object>) poll.get("reply");
        assertThat(card.get("title")).isEqualTo("Lunch?");
        assertThat(first).anyMatch(m -> "tina".equals(m.get("user")) && "ephemeral".equals(m.get("kind")));
        Map<String, Object> noodles = ((List<Map<String, Object>>) card.get("buttons")).get(1);

        Map<String, Object> answer = post("/console/api/click", Map.of("user", "bob", "actionId",
                noodles.get("actionId"), "value", noodles.get("value"), "messageId", "w-" + poll.get("id"),
                "channel", "training"));
        assertThat(answer.get("ok")).isEqualTo(true);
        assertThat(jdbc.sql("SELECT choice FROM poll_ballot").query(Integer.class).single()).isEqualTo(2);
        assertThat(messages()).anyMatch(m -> "bob".equals(m.get("user"))
                && String.valueOf(m.get("reply")).contains("noodles"));

        // a few seconds later the scheduler refreshes the poll's message in place
        clock.set(clock.instant().plusSeconds(5));
        jobs.runDue();
        List<Map<String, Object>> later = messages();
        assertThat(later).anyMatch(m -> "update".equals(m.get("kind"))
                && ((Number) m.get("replaces")).longValue() == ((Number) poll.get("id")).longValue()
                && String.valueOf(m.get("reply")).contains("1 voter"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFormOpensAndItsErrorsComeBackByField() throws Exception {
        post("/console/api/say", Map.of("user", "alice", "channel", "general", "text", "/poll new"));
        Map<String, Object> form = messages().stream().filter(m -> "modal".equals(m.get("kind"))).findFirst()
                .orElseThrow();
        assertThat(form.get("user")).isEqualTo("alice");
        Map<String, Object> reply = (Map<String, Object>) form.get("reply");
        Map<String, Object> answer = post("/console/api/submit", Map.of("user", "alice", "formId", reply.get("formId"),
                "values", Map.of("question", "Lunch?", "options", "pizza", "closes", "someday"),
                "metadata", reply.get("metadata")));
        assertThat((Map<String, String>) answer.get("errors")).containsKey("closes");
        answer = post("/console/api/submit", Map.of("user", "alice", "formId", reply.get("formId"),
                "values", Map.of("question", "Lunch?", "options", "pizza\nnoodles"), "metadata", reply.get("metadata")));
        assertThat(answer).doesNotContainKey("errors");
        assertThat(messages()).anyMatch(m -> "channel".equals(m.get("kind")) && "general".equals(m.get("channel")));
    }

    @Test
    void aNameThatCannotBeAPersonIsRefused() throws Exception {
        Map<String, Object> answer = post("/console/api/say", Map.of("user", "   ", "text", "/okr list"));
        assertThat(answer.get("ok")).isEqualTo(false);
        assertThat(String.valueOf(answer.get("message"))).contains("Pick a name");
    }

    private HttpResponse<String> dashboard(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/api/dashboard/"
                + query)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void dashboardsRefuseStrangersNonManagersAndBadPeriodsWithAWayOut() throws Exception {
        HttpResponse<String> r = dashboard("okr?user=nobody");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("Nobody called “nobody”").contains("/baton me");

        post("/console/api/say", Map.of("user", "alice", "text", "/baton me"));
        post("/console/api/say", Map.of("user", "bob", "text", "/baton me"));
        r = dashboard("leads?user=bob");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("/baton role @bob manager");
        r = dashboard("leads?user=bob&lang=zh");
        assertThat(r.body()).contains("看板仅供经理和管理员查看");

        // alice came first, so she is the console's admin
        assertThat(dashboard("okr?user=alice&period=last%20year").body()).contains("2026Q4");
        assertThat(dashboard("okr?user=alice&period=last%20year").statusCode()).isEqualTo(400);
        assertThat(dashboard("leads?user=alice&days=0").body()).contains("from 1 to 3650");
        assertThat(dashboard("content?user=alice&month=2026-13").body()).contains("year-month");
        // the content calendar shows the days off and make-up workdays of the month (mainland China's, and our own)
        // (the clock is shared with the tests before this one: a day in the past would be refused)
        clock.set(java.time.Instant.parse("2026-03-02T01:00:00Z"));
        post("/console/api/say", Map.of("user", "alice", "text", "/baton holiday add 2026-10-09 \"Team day\""));
        String october = dashboard("content?user=alice&month=2026-10").body();
        assertThat(october).contains("\"2026-10-01\":{\"off\":true,\"name\":\"国庆节\",\"own\":false}")
                .contains("\"2026-10-10\":{\"off\":false,\"name\":\"国庆节调休\",\"own\":false}")
                .contains("\"2026-10-09\":{\"off\":true,\"name\":\"Team day\",\"own\":true}")
                .contains("\"unannounced\":[]");
        // a month of a year whose official arrangement is not shipped yet says so, rather than look like workdays
        assertThat(dashboard("content?user=alice&month=2027-02").body()).contains("\"unannounced\":[2027]");

        post("/console/api/say", Map.of("user", "alice", "text", "/baton role @bob manager"));
        r = dashboard("okr?user=bob&period=2026Q4");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"period\":\"2026Q4\"").contains("\"roots\":[]");
    }

    @Test
    void anAnonymousPollShowsNoResultsOnTheDashboardUntilEnoughHaveVoted() throws Exception {
        post("/console/api/say", Map.of("user", "alice", "channel", "training",
                "text", "/poll new \"Was it useful?\" yes no anonymous"));
        Map<String, Object> poll = messages().stream().filter(m -> "channel".equals(m.get("kind"))).findFirst()
                .orElseThrow();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> buttons = (List<Map<String, Object>>) ((Map<String, Object>) poll.get("reply"))
                .get("buttons");
        for (String voter : List.of("bob", "carol")) {
            post("/console/api/click", Map.of("user", voter, "actionId", buttons.get(0).get("actionId"),
                    "value", buttons.get(0).get("value"), "messageId", "w-" + poll.get("id"), "channel", "training"));
        }
        String withheld = dashboard("polls?user=alice").body();
        assertThat(withheld).contains("Was it useful?").contains("once 3 people have voted (2 so far)")
                .contains("\"chart\":null").doesNotContain("\"votes\":2");

        post("/console/api/click", Map.of("user", "dave", "actionId", buttons.get(1).get("actionId"),
                "value", buttons.get(1).get("value"), "messageId", "w-" + poll.get("id"), "channel", "training"));
        Map<String, Object> shown = JSON.readValue(dashboard("polls?user=alice").body(),
                new TypeReference<Map<String, Object>>() { });
        @SuppressWarnings("unchecked")
        Map<String, Object> result = ((List<Map<String, Object>>) shown.get("polls")).get(0);
        assertThat(result.get("withheld")).isNull();
        assertThat(result.get("options")).asString().contains("votes=2").contains("percent=67")
                .contains("votes=1").contains("percent=33");
        assertThat((String) result.get("chart")).isNotBlank();
        assertThat(result.toString()).doesNotContain("bob").doesNotContain("carol").doesNotContain("dave");
    }
}
