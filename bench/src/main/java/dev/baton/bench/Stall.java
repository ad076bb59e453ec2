package dev.baton.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A database that stops taking writes for a few seconds while 200 people check in (a failover, a backup taking its
 * lock, a disk that stalls): the check-ins wait, every answer among them misses the acknowledgement, and the question
 * is whether Baton is back to its pace once the writes go through again. Measures recovery, not speed.
 */
final class Stall {

    private final Harness h;
    private final World world;

    Stall(Harness h, World world) {
        this.h = h;
        this.world = world;
    }

    /** Seconds of check-ins before the stall, how long the database refuses writes, and the whole measured run. */
    private static final int STALL_AT = 20;
    private static final int STALL_SECONDS = Integer.getInteger("bench.stall-seconds", 3);
    private static final int STALL_RUN = 60;

    void run() throws Exception {
        int clients = 200;
        Harness.log("stall: seeding " + clients + " people with a key result each");
        long firstKr = Harness.keyResultEach(world, "US", clients);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            lines.add(Harness.checkInLine("US", i, firstKr + i));
        }
        Path script = h.work.resolve("stall-commands.txt");
        Files.write(script, lines);
        String batonUrl = h.batonUrl();
        // first contact registers people, and the JIT compiles (as in a replica that has been up for a while)
        int jit = h.quick ? 10 : Harness.JIT_WARMUP_SECONDS;
        Harness.log("stall: " + jit + " s of load to let the JIT compile");
        h.load("commands", batonUrl, Harness.SECRET, String.valueOf(clients), "0", String.valueOf(jit), script.toString());
        h.drainOutbox(world, Duration.ofMinutes(5));
        double lateBefore = h.batonMetric("baton_slack_answers_late_total");
        long outboxBefore = world.scalar("SELECT COALESCE(MAX(id), 0) FROM outbox_message");
        List<String> lockProblems = new ArrayList<>();
        Thread locker = new Thread(() -> {
            try (World lock = new World(h.dbBase + "baton_bench", h.dbUser, h.dbPassword)) {
                Thread.sleep(TimeUnit.SECONDS.toMillis(STALL_AT) + 500);
                lock.execute("FLUSH TABLES WITH READ LOCK");
                Thread.sleep(TimeUnit.SECONDS.toMillis(STALL_SECONDS));
                lock.execute("UNLOCK TABLES");
            } catch (Exception e) {
                lockProblems.add(e.toString());
            }
        }, "stall");
        Harness.log("stall: " + clients + " clients for " + STALL_RUN + " s, writes refused from second " + STALL_AT + " for "
                + STALL_SECONDS + " s");
        locker.start();
        Map<String, Double> run = h.load("commands", batonUrl, Harness.SECRET, String.valueOf(clients), "0",
                String.valueOf(STALL_RUN), script.toString());
        locker.join();
        if (!lockProblems.isEmpty()) {
            h.failures.add("stall: the database's lock failed: " + lockProblems);
        }
        String timeline = h.lastPerSecond();
        int[] perSecond = Arrays.stream(timeline.split(" ")).mapToInt(Integer::parseInt).toArray();
        double late = h.batonMetric("baton_slack_answers_late_total") - lateBefore;
        h.drainOutbox(world, Duration.ofMinutes(10));
        // before: the seconds from 5 to the stall; back: the first second after it from which no second falls below
        // 80 % of that again until the end of the run
        double pace = Arrays.stream(perSecond, 5, STALL_AT).average().orElse(0);
        int back = -1;
        for (int i = perSecond.length - 1; i >= STALL_AT; i--) {
            if (perSecond[i] < 0.8 * pace) {
                break;
            }
            back = i;
        }
        double after = back < 0 ? 0 : Arrays.stream(perSecond, back, perSecond.length).average().orElse(0);
        long unsent = world.scalar("SELECT COUNT(*) FROM outbox_message WHERE id > " + outboxBefore
                + " AND status <> 'SENT'");
        long answers = world.scalar("SELECT COUNT(*) FROM outbox_message WHERE id > " + outboxBefore);
        if (unsent > 0) {
            h.failures.add("stall: " + unsent + " answers not sent");
        }
        h.raw.put("stall.baton", run);
        h.raw.put("stall.perSecond", timeline);
        h.raw.put("stall.lateAnswers", late);
        h.section("A database stall under load", clients + " clients check in as in the first scenario for "
                + STALL_RUN + " s (after " + jit + " s of the same load for the JIT); from second " + STALL_AT
                + " the database refuses every write for " + STALL_SECONDS + " s (`FLUSH TABLES WITH READ LOCK`, as a "
                + "backup or a stalled disk would), then takes them again. *Back* is the first second after the stall "
                + "from which no second falls below 80 % of the pace before it (seconds 5 to " + STALL_AT + "). Not in "
                + "the default run: `bench/run --only stall`.",
                String.format(Locale.ROOT, "| pace before, req/s | back at second | pace after, req/s | p99 ms | max ms "
                        + "| late answers | answers sent / written | errors |%n|---|---|---|---|---|---|---|---|%n"
                        + "| %.0f | %s | %.0f | %.0f | %.0f | %.0f | %d / %d | %.0f |%n%nCheck-ins answered in each "
                        + "second: %s%n", pace, back < 0 ? "not within the run" : String.valueOf(back), after,
                        run.get("p99"), run.get("max"), late, answers - unsent, answers, run.get("errors"), timeline));
    }
}
