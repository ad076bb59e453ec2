package dev.baton.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Typed check-ins: each client is one person sending {@code /okr checkin KR-n <value> confidence 7} (the check-in,
 * the key result, the answer kept in the outbox) again as soon as the previous one was answered, at 50, 200 and 500
 * clients, against the baseline measured right before and right after Baton. Also Baton's memory, idle and under
 * 500 clients.
 */
final class Commands {

    private static final int[] CLIENTS = {50, 200, 500};
    private static final long IDLE_RSS_FLOOR = 400L * 1024 * 1024;

    private final Harness h;
    private final World world;

    Commands(Harness h, World world) {
        this.h = h;
        this.world = world;
    }

    void run() throws Exception {
        int most = CLIENTS[CLIENTS.length - 1];
        Harness.log("commands: seeding " + most + " people with a key result each");
        long firstKr = Harness.keyResultEach(world, "UC", most);
        List<String> base = new ArrayList<>();
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < most; i++) {
            base.add(World.platformId("UC", i) + "\t/okr checkin KR-" + (firstKr + i) + " {v}");
            mine.add(Harness.checkInLine("UC", i, firstKr + i));
        }
        Path baseScript = Files.write(h.work.resolve("baseline-commands.txt"), base);
        Path batonScript = Files.write(h.work.resolve("baton-commands.txt"), mine);
        int seconds = h.quick ? 8 : 30;
        int warmup = h.quick ? 3 : 10;
        long idleRss = h.rss();
        // first contact registers people (a users.info call each): a warm-up, not the numbers; then the JIT
        h.load("commands", h.batonUrl(), Harness.SECRET, String.valueOf(most), "0", "3", batonScript.toString());
        int jit = h.quick ? 10 : Harness.JIT_WARMUP_SECONDS;
        Harness.log("commands: " + jit + " s of load on each side to let the JIT compile");
        h.load("commands", h.baselineUrl(), Harness.SECRET, "200", "0", String.valueOf(jit), baseScript.toString());
        h.load("commands", h.batonUrl(), Harness.SECRET, "200", "0", String.valueOf(jit), batonScript.toString());
        h.drainOutbox(world, Duration.ofMinutes(5));

        StringBuilder table = new StringBuilder("| clients | baseline req/s (before / after) | Baton req/s | ratio | "
                + "p50 ms | p99 ms | max ms | late answers | CPU per check-in, Baton JVM + database ms | errors |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        long peakRss = 0;
        for (int clients : CLIENTS) {
            Harness.log("commands: " + clients + " clients");
            String n = String.valueOf(clients);
            Map<String, Double> before = h.load("commands", h.baselineUrl(), Harness.SECRET, n,
                    String.valueOf(warmup), String.valueOf(seconds), baseScript.toString());
            long checkInsBefore = world.scalar("SELECT COUNT(*) FROM check_in");
            double lateBefore = h.batonMetric("baton_slack_answers_late_total");
            Harness.Cpu cpu = h.new Cpu(h.baton);
            AtomicLong rss = new AtomicLong();
            Thread sampler = sampler(rss);
            Map<String, Double> run = h.load("commands", h.batonUrl(), Harness.SECRET, n, String.valueOf(warmup),
                    String.valueOf(seconds), batonScript.toString());
            sampler.interrupt();
            sampler.join();
            peakRss = Math.max(peakRss, rss.get());
            double[] cpuMs = cpu.per(run.get("sent"));
            double late = h.batonMetric("baton_slack_answers_late_total") - lateBefore;
            Map<String, Double> after = h.load("commands", h.baselineUrl(), Harness.SECRET, n,
                    String.valueOf(warmup), String.valueOf(seconds), baseScript.toString());
            double baseline = (before.get("throughput") + after.get("throughput")) / 2;
            if (clients == 50) {
                h.baselineRate(baseline);
            }
            double ratio = run.get("throughput") / baseline;
            h.drainOutbox(world, Duration.ofMinutes(10));
            long recorded = world.scalar("SELECT COUNT(*) FROM check_in") - checkInsBefore;
            long unsent = world.scalar("SELECT COUNT(*) FROM outbox_message WHERE status <> 'SENT'");
            // every answered command is one check-in, and every answer left (in the ack or through response_url)
            long answered = run.get("sent").longValue() - run.get("errors").longValue();
            boolean nothingLost = recorded == answered && unsent == 0;
            if (!nothingLost) {
                h.failures.add("commands at " + clients + " clients: " + answered + " check-ins answered, "
                        + recorded + " recorded, " + unsent + " answers not sent");
            }
            Map<String, Object> numbers = new LinkedHashMap<>(run);
            numbers.put("baselineBefore", before.get("throughput"));
            numbers.put("baselineAfter", after.get("throughput"));
            numbers.put("late", late);
            numbers.put("perSecond", h.lastPerSecond());
            h.raw.put("commands." + clients, numbers);
            table.append(String.format(Locale.ROOT, "| %d | %.0f / %.0f | %.0f | %.2f | %.0f | %.0f | %.0f | %.0f | "
                    + "%.2f + %s | %.0f |%n", clients, before.get("throughput"), after.get("throughput"),
                    run.get("throughput"), ratio, run.get("p50"), run.get("p99"), run.get("max"), late, cpuMs[0],
                    Harness.ms(cpuMs[1]), run.get("errors")));
            if (clients == 200) {
                h.floor("Typed check-ins at 200 clients: ≥ 0.2 of the baseline",
                        String.format(Locale.ROOT, "%.3f", ratio), ratio >= 0.2);
                h.floor("… p99 under 1 s", String.format(Locale.ROOT, "%.0f ms", run.get("p99")),
                        run.get("p99") < 1000);
                h.floor("… no late answers, nothing lost", String.format(Locale.ROOT, "%.0f late, %d of %d recorded, "
                        + "%d unsent", late, recorded, answered, unsent),
                        late == 0 && nothingLost && run.get("errors") == 0);
            }
        }
        table.append(String.format(Locale.ROOT, "%nBaton's memory: %s resident when idle after start, at most %s "
                + "under 500 clients.%n", Harness.mb(idleRss), Harness.mb(peakRss)));
        h.floor("Idle RSS ≤ 400 MB", Harness.mb(idleRss), idleRss > 0 && idleRss <= IDLE_RSS_FLOOR);
        h.section("Typed check-ins", "Each client is one person sending `/okr checkin KR-n <value> confidence 7` again "
                + "as soon as the previous one was answered, for " + seconds + " s after " + warmup + " s of warm-up, "
                + "after " + jit + " s of load on both sides for the JIT. The baseline gets the same signed requests "
                + "right before and right after Baton; the ratio is to their mean. *Late answers* missed the 2 s "
                + "within which an answer rides on Slack's acknowledgement and went through `response_url`.", table
                .toString());
    }

    /** Samples Baton's resident memory every half second until interrupted; keeps the highest. */
    private Thread sampler(AtomicLong highest) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                highest.accumulateAndGet(h.rss(), Math::max);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        t.start();
        return t;
    }
}
