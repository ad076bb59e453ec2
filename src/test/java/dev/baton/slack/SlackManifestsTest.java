package dev.baton.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The two Slack manifests describe one app: over HTTP with request URLs, through Socket Mode without any. */
class SlackManifestsTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> manifest(String name) throws IOException {
        return new Yaml().load(Files.readString(Path.of("deploy/slack", name)));
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> m, String... path) {
        Object node = m;
        for (String p : path) {
            node = ((Map<String, Object>) node).get(p);
        }
        return node;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSocketModeManifestIsTheSameAppWithoutAPublicAddress() throws IOException {
        Map<String, Object> http = manifest("manifest.yaml");
        Map<String, Object> socket = manifest("manifest-socket-mode.yaml");
        assertThat(at(socket, "settings", "socket_mode_enabled")).isEqualTo(true);
        assertThat(at(http, "settings", "socket_mode_enabled")).isEqualTo(false);
        assertThat(Files.readString(Path.of("deploy/slack/manifest-socket-mode.yaml"))).doesNotContain("url:");
        List<Map<String, Object>> httpCommands = (List<Map<String, Object>>) at(http, "features", "slash_commands");
        List<Map<String, Object>> socketCommands = (List<Map<String, Object>>) at(socket, "features",
                "slash_commands");
        assertThat(socketCommands).hasSameSizeAs(httpCommands);
        for (int i = 0; i < httpCommands.size(); i++) {
            Map<String, Object> expected = new java.util.LinkedHashMap<>(httpCommands.get(i));
            expected.remove("url");
            assertThat(socketCommands.get(i)).isEqualTo(expected);
        }
        assertThat(at(socket, "oauth_config")).isEqualTo(at(http, "oauth_config"));
        assertThat(at(socket, "settings", "event_subscriptions", "bot_events"))
                .isEqualTo(at(http, "settings", "event_subscriptions", "bot_events"));
    }
}
