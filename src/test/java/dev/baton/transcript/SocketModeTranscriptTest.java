package dev.baton.transcript;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import dev.baton.support.BatonTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.TestPropertySource;

/**
 * The OKR and poll transcripts again, with Slack talking to Baton through Socket Mode (#31): commands, clicks, forms
 * and events arrive as envelopes over Baton's own WebSocket connection to the stand-in, and the answers Slack shows
 * are the acknowledgements' payloads. The files are the same: nothing a person sees may differ.
 */
// Socket Mode only: no signing secret, so no /slack/events at all (the README's no-public-address set-up)
@TestPropertySource(properties = {"baton.slack.app-token=" + BatonTestSupport.APP_TOKEN, "baton.slack.signing-secret="})
class SocketModeTranscriptTest extends TranscriptTest {

    @BeforeEach
    void connected() throws InterruptedException {
        if (!SOCKET.connected(Duration.ofSeconds(30))) {
            throw new IllegalStateException("Baton did not connect to the Socket Mode stand-in");
        }
    }

    @Override
    protected boolean replays(Path file, String platform) {
        return platform.equals("slack") && (file.startsWith("okr") || file.startsWith("polls"));
    }

    @Override
    protected String label(String platform) {
        return "slack socket mode";
    }

    @Override
    protected SlackDriver slackDriver(Map<String, String> userIds) {
        return new SlackDriver("http://localhost:" + port, SIGNING_SECRET, TEAM, SLACK, userIds, SOCKET);
    }
}
