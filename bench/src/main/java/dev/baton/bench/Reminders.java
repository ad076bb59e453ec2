package dev.baton.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/**
 * A reminder fan-out: 100,000 people each have a weekly check-in prompt due at the same moment. Baton runs the jobs,
 * each puts a DM in the outbox, and the outbox hands them to the Slack fake at Baton's configured pace.
 */
final class Reminders {

    /** Baton runs with {@code baton.slack.pace-per-workspace=2ms} ({@link Harness}): 500 messages a second. */
    private static final double PACE_PER_SECOND = 500;

    private final Harness h;
    private final World world;

    Reminders(Harness h, World world) {
        this.h = h;
        this.world = world;
    }

    void run() throws Exception {
        int n = h.quick ? 5_000 : 100_000;
        Harness.log("reminders: seeding " + n + " people, each with a key result and a weekly prompt due now");
        world.execute("DELETE FROM scheduled_job");
        long first = world.members("RM", n, i -> null, "MEMBER");
        world.okrs(first, n, World.quarter(LocalDate.now(ZoneOffset.UTC)), i -> null);
        // a smaller fan-out to other people first, for the JIT, as the other scenarios warm up before they measure:
        // measured cold, the first minute of sends ran at half the pace while the job and outbox paths compiled
        int warm = n / 5;
        h.slack.limitPerSecond(600);
        Harness.log("reminders: a warm-up fan-out of " + warm + " first, for the JIT");
        long firstWarm = world.members("RW", warm, i -> null, "MEMBER");
        world.okrs(firstWarm, warm, World.quarter(LocalDate.now(ZoneOffset.UTC)), i -> null);
        world.dueJobs("okr.prompt", "okr.weekly:", firstWarm, warm);
        h.drainJobs(world, Duration.ofMinutes(5));
        h.drainOutbox(world, Duration.ofMinutes(5));
        world.execute("DELETE FROM scheduled_job");
        h.slack.reset();
        h.slack.limitPerSecond(600);
        Instant start = Instant.now();
        Harness.Cpu cpu = h.new Cpu(h.baton);
        world.dueJobs("okr.prompt", "okr.weekly:", first, n);
        long deadline = System.currentTimeMillis() + Duration.ofMinutes(h.quick ? 5 : 40).toMillis();
        long lastCount = -1;
        long lastChange = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            long count = h.reached("RM", n);
            if (count == n) {
                break;
            }
            if (count != lastCount) {
                lastCount = count;
                lastChange = System.currentTimeMillis();
                Harness.log("reminders: " + count + " of " + n + " handed to Slack");
            } else if (System.currentTimeMillis() - lastChange > 120_000) {
                break;
            }
            Thread.sleep(2000);
        }
        double seconds = (h.slack.lastPostAt.get() - start.toEpochMilli()) / 1000.0;
        long delivered = 0;
        long duplicated = 0;
        for (int i = 0; i < n; i++) {
            long c = h.slack.directMessages(World.platformId("RM", i));
            delivered += c > 0 ? 1 : 0;
            duplicated += Math.max(0, c - 1);
        }
        double[] cpuMs = cpu.per(delivered);
        double rate = delivered / seconds;
        h.raw.put("reminders", Map.of("reminders", n, "delivered", delivered, "duplicated", duplicated,
                "seconds", seconds, "rateLimited", h.slack.rateLimited.sum()));
        if (delivered != n) {
            h.failures.add("reminders: " + (n - delivered) + " of " + n + " never reached Slack");
        }
        if (duplicated > 0) {
            h.failures.add("reminders: " + duplicated + " duplicates");
        }
        h.floor(n + " reminders due at once: delivered at ≥ 95 % of the configured pace (500/s)",
                String.format(Locale.ROOT, "%.0f/s (%.0f %%)", rate, 100 * rate / PACE_PER_SECOND),
                rate >= 0.95 * PACE_PER_SECOND);
        h.floor("… 0 lost or duplicated", (n - delivered) + " lost, " + duplicated + " duplicated",
                delivered == n && duplicated == 0);
        h.section("Reminder fan-out", n + " people each have a weekly check-in prompt due at the same moment "
                + "(scheduled jobs inserted due now). Baton runs the jobs, each puts a DM in the outbox, and the outbox "
                + "hands them to Slack. The Slack fake allows one message per channel per 0.9 s and 600 a second in "
                + "all, answering 429 with Retry-After beyond; Baton ran with `baton.slack.pace-per-workspace=2ms` "
                + "(500/s; Slack's own pace is 50 ms, 20/s, which then is the limit by design).",
                String.format(Locale.ROOT, "| reminders | handed to Slack | lost | duplicated | time to the last | rate "
                        + "| 429 answers | CPU per reminder, Baton JVM + database ms |%n|---|---|---|---|---|---|---|---|%n"
                        + "| %d | %d | %d | %d | %.0f s | %.0f/s | %d | %.2f + %s |%n", n, delivered, n - delivered,
                        duplicated, seconds, rate, h.slack.rateLimited.sum(), cpuMs[0], Harness.ms(cpuMs[1])));
    }
}
