package dev.baton.support;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Telegram's {@code getUpdates} for the contexts that long-poll: an update handed to {@link #deliver} is answered to
 * Baton's next poll, and {@code deliver} returns once Baton asked for what comes after it — the SDK asks only after
 * it handled the updates it got, as Telegram forgets an update only when asked for later ones. A poll with nothing
 * to give waits a moment, as Telegram's does.
 */
public final class TelegramUpdatesStandIn implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "telegram-get-updates";

    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    private long polls;
    /** How many updates were handed out, and in which poll the last of them. */
    private long served;
    private long servedAt = -1;
    private long delivered;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        synchronized (lock) {
            polls++;
            lock.notifyAll();
        }
        String update;
        try {
            update = queue.poll(300, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            update = null;
        }
        if (update != null) {
            synchronized (lock) {
                served++;
                servedAt = polls;
            }
        }
        return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"ok\":true,\"result\":[" + (update == null ? "" : update) + "]}").build();
    }

    /** Hands an update to Baton's next poll and waits until Baton polled again after it (it was handled). */
    public void deliver(String update, Duration max) throws InterruptedException {
        long mine;
        synchronized (lock) {
            mine = ++delivered;
            queue.add(update);
        }
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (lock) {
            while (!(served >= mine && polls > servedAt)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IllegalStateException("Baton did not take the update by long polling within " + max);
                }
                lock.wait(left);
            }
        }
    }
}
