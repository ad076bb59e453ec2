package dev.baton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.BatonTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The commands of the README's ten-minute Slack path, replayed through the console: a newcomer who copies them gets
 * departments, OKRs, a post, a poll, a meeting and a lead, not usage errors.
 */
class ReadmePathTest extends BatonTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    /** The lines of the section's code blocks that are commands, without the explanations after them. */
    static List<String> commands(String readme, String section) {
        int start = readme.indexOf("## " + section);
        assertThat(start).as("README section " + section).isNotNegative();
        int end = readme.indexOf("\n## ", start + 3);
        List<String> out = new ArrayList<>();
        boolean code = false;
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            String l = line.strip();
            if (l.startsWith("```")) {
                code = !code;
            } else if (code && l.startsWith("/")) {
                out.add(l.replaceAll("\\s{2,}[#(].*$", ""));
            }
        }
        return out;
    }

    private void say(String user, String channel, String text) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/console/api/say")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("user", user,
                        "channel", channel, "text", text)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(text).isEqualTo(200);
    }

    private int count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Integer.class).single();
    }

    @Test
    void theSlackPathsCommandsAllDoWhatTheySay() throws Exception {
        resetWorld();
        List<String> commands = commands(Files.readString(Path.of("README.md")), "Ten minutes to a working bot in Slack");
        assertThat(commands).hasSizeGreaterThan(10);
        // alice installs (the first person is admin); the people the commands mention exist
        for (String who : List.of("alice", "carol", "dave")) {
            say(who, "", "/baton me");
        }
        for (String command : commands) {
            say("alice", "general", command);
        }
        assertThat(count("department")).isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM department WHERE manager_id IS NOT NULL").query(Integer.class)
                .single()).isEqualTo(1);
        assertThat(count("objective")).isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM objective WHERE parent_id IS NOT NULL").query(Integer.class)
                .single()).isEqualTo(1);
        assertThat(count("key_result")).isEqualTo(1);
        assertThat(count("check_in")).isEqualTo(1);
        assertThat(count("content_item")).isEqualTo(1);
        assertThat(count("poll")).isEqualTo(1);
        assertThat(count("meeting_series")).isEqualTo(1);
        assertThat(count("lead")).isEqualTo(1);
    }
}
