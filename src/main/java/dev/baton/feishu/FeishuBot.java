package dev.baton.feishu;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Who Baton is in Feishu: its bot's open id, asked once from Feishu in the background (and again a minute later if
 * Feishu could not be reached), never while a callback waits. A message names the bot among its mentions by it.
 */
class FeishuBot {

    private static final Logger log = LoggerFactory.getLogger(FeishuBot.class);

    private final FeishuApi api;
    private volatile String openId;

    FeishuBot(FeishuApi api) {
        this.api = api;
    }

    Optional<String> openId() {
        return Optional.ofNullable(openId);
    }

    /** Learns the open id unless it is known. */
    @Scheduled(initialDelay = 0, fixedDelay = 60_000)
    void learn() {
        if (openId != null) {
            return;
        }
        try {
            String id = api.botOpenId();
            if (!id.isBlank()) {
                openId = id;
                log.info("Feishu bot open id: {}", id);
            }
        } catch (RuntimeException e) {
            log.warn("Could not ask Feishu for the bot's open id (tried again in a minute): {}", e.getMessage());
        }
    }
}
