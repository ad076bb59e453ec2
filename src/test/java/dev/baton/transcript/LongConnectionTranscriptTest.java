package dev.baton.transcript;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.TestPropertySource;

/**
 * The OKR transcripts again, with Feishu talking to Baton over its long connection (#31): events and card callbacks
 * arrive as the SDK's frames on the connection Baton opened to the stand-in, and a card callback's answer comes
 * back in the frame's response. The files are the same: nothing a person sees may differ.
 */
@TestPropertySource(properties = "baton.feishu.connection=websocket")
class LongConnectionTranscriptTest extends TranscriptTest {

    @BeforeEach
    void connected() throws InterruptedException {
        if (!FEISHU_LONG.connected(Duration.ofSeconds(30))) {
            throw new IllegalStateException("Baton did not connect to the Feishu long-connection stand-in");
        }
    }

    @Override
    protected boolean replays(Path file, String platform) {
        return platform.equals("feishu") && file.startsWith("okr");
    }

    @Override
    protected String label(String platform) {
        return "feishu long connection";
    }

    @Override
    protected FeishuDriver feishuDriver(Map<String, String> userIds) {
        return new FeishuDriver("http://localhost:" + port, FEISHU_ENCRYPT_KEY, FEISHU_TOKEN, FEISHU_TENANT, FEISHU,
                userIds, FEISHU_LONG);
    }
}
