package dev.baton.outbox;

import dev.baton.conversation.ChatGateway;
import dev.baton.conversation.Delivery;
import dev.baton.conversation.Target;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The platforms' posting limits, kept across replicas in {@code send_pace}: per workspace and per channel, the time
 * the next send is allowed. A claim locks its buckets, so all replicas respect the same rows.
 */
@Component
class Pacing {

    private static final String WORKSPACE_BUCKET = "ws:";

    private final JdbcClient jdbc;
    /** Pace buckets of workspaces this replica has seen in the table: a few, one per workspace. */
    private final Set<String> workspaceBuckets = ConcurrentHashMap.newKeySet();

    Pacing(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Bucket(String key, Duration interval) {
    }

    /**
     * The channel first, if the kind of send is limited per channel, then the workspace, always in this order, the
     * order they are locked in. The workspace's row is shared by every send of the workspace, so it is locked last
     * and held for the fewest statements: locked first, it was held while the channel's row was made and locked, and
     * the sends of a burst of reminders queued behind it (845 µs of lock wait per send, bench/run).
     */
    static List<Bucket> buckets(Delivery d, ChatGateway gateway) {
        ChatGateway.Pace pace = gateway.pace();
        if (answersThroughReplyUrl(d)) {
            // a reply URL belongs to one request and allows a few uses of its own; the workspace's posting limits
            // do not apply, and pacing them would make a room of voters wait minutes for their confirmations
            return List.of();
        }
        List<Bucket> buckets = new ArrayList<>();
        String channel = channelKey(d);
        if (channel != null) {
            buckets.add(new Bucket(channel, gateway.channelPace(channel)));
        }
        buckets.add(new Bucket(WORKSPACE_BUCKET + d.workspace(), pace.perWorkspace()));
        return buckets;
    }

    /** The workspace's interval of {@link #buckets}; zero for a send that is not paced. */
    static Duration workspaceInterval(List<Bucket> buckets) {
        return buckets.isEmpty() ? Duration.ZERO : buckets.get(buckets.size() - 1).interval();
    }

    static boolean answersThroughReplyUrl(Delivery d) {
        String url = d.target() instanceof Target.Ephemeral e ? e.responseUrl()
                : d.target() instanceof Target.Update u && u.messageId() == null ? u.responseUrl() : null;
        return url != null && !url.isBlank();
    }

    /** The pace key of the channel a delivery goes to, or null where the platform does not limit per channel. */
    static String channelKey(Delivery d) {
        String channel = d.target().accept(new Target.Visitor<String>() {
            @Override
            public String ephemeral(Target.Ephemeral t) {
                // answers to one request keep their order; they are never paced (see buckets)
                return t.responseUrl() != null ? "reply:" + Integer.toHexString(t.responseUrl().hashCode()) + ":"
                        + t.responseUrl().length() : t.channelId();
            }

            @Override
            public String direct(Target.Direct t) {
                return "dm:" + t.userId();
            }

            @Override
            public String channel(Target.Channel t) {
                return t.channelId();
            }

            @Override
            public String update(Target.Update t) {
                return t.channelId();
            }

            @Override
            public String modal(Target.Modal t) {
                return null; // a trigger lives three seconds; forms are never held back
            }

            @Override
            public String home(Target.Home t) {
                return "home:" + t.userId();
            }
        });
        return channel == null ? null : "ch:" + d.workspace() + ":" + channel;
    }

    /**
     * Locks {@code buckets} until the transaction ends and returns the latest time they allow a send ({@link
     * Instant#EPOCH} for none). One statement locks them all, in the order of their keys, which is the order of
     * {@link #buckets} ("ch:" sorts before "ws:"). A channel's row is made when it is missing (most sends of a burst of
     * reminders go to a channel that has none); a workspace's is made once and then only locked, and housekeeping may
     * clear either away when idle, after which it is made again.
     */
    Instant lock(List<Bucket> buckets) {
        if (buckets.isEmpty()) {
            return Instant.EPOCH;
        }
        List<String> keys = buckets.stream().map(Bucket::key).toList();
        for (int round = 1; ; round++) {
            for (String key : keys) {
                if (!workspaceBuckets.contains(key)) {
                    // an exclusive lock straight away: INSERT IGNORE would take a shared one and two replicas upgrading
                    // shared locks deadlock; every lock is held before the send, so nothing can fail after it
                    jdbc.sql("INSERT INTO send_pace (bucket, next_at) VALUES (?, ?) "
                            + "ON DUPLICATE KEY UPDATE bucket = bucket").params(key, Instant.EPOCH.plusSeconds(1))
                            .update();
                }
            }
            List<Timestamp> next = jdbc.sql("SELECT next_at FROM send_pace WHERE bucket IN (:keys) FOR UPDATE")
                    .param("keys", keys).query(Timestamp.class).list();
            if (next.size() == keys.size()) {
                keys.stream().filter(k -> k.startsWith(WORKSPACE_BUCKET)).forEach(workspaceBuckets::add);
                return next.stream().map(Timestamp::toInstant).max(Instant::compareTo).orElseThrow();
            }
            keys.forEach(workspaceBuckets::remove);
            if (round > 1) {
                throw new IllegalStateException("send_pace rows " + keys + " vanished twice");
            }
        }
    }

    /** A send is reserved at {@code sendAt}: each of its buckets allows the next one an interval of its own later. */
    void reserve(List<Bucket> buckets, Instant sendAt) {
        if (buckets.size() == 1) {
            pace(buckets.get(0).key(), sendAt.plus(buckets.get(0).interval()));
        } else if (buckets.size() == 2) {
            // the channel's row and the workspace's in one statement: they are locked, so this is one round trip less
            // for every send (bench/run's reminder fan-out, issue #29)
            Bucket channel = buckets.get(0);
            Bucket workspace = buckets.get(1);
            jdbc.sql("UPDATE send_pace SET next_at = GREATEST(next_at, IF(bucket = ?, ?, ?)) WHERE bucket IN (?, ?)")
                    .params(channel.key(), sendAt.plus(channel.interval()), sendAt.plus(workspace.interval()),
                            channel.key(), workspace.key())
                    .update();
        } else {
            buckets.forEach(b -> pace(b.key(), sendAt.plus(b.interval())));
        }
    }

    /** The channel's interval of {@link #buckets}; zero for a send without one. */
    static Duration channelInterval(List<Bucket> buckets) {
        return buckets.size() < 2 ? Duration.ZERO : buckets.get(0).interval();
    }

    void pace(String bucket, Instant next) {
        jdbc.sql("UPDATE send_pace SET next_at = GREATEST(next_at, ?) WHERE bucket = ?").params(next, bucket).update();
    }
}
