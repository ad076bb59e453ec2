package dev.baton.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Vote storms: voters click a poll's buttons (signed {@code block_actions}) spread evenly over 10 s. Baton records
 * each vote, confirms it through {@code response_url} and updates the poll's message a few seconds later. Three
 * unreported storms first, for the JIT; every storm is checked for lost or duplicated votes.
 */
final class Votes {

    private final Harness h;
    private final World world;

    Votes(Harness h, World world) {
        this.h = h;
        this.world = world;
    }

    void run() throws Exception {
        StringBuilder table = new StringBuilder("| storm | votes | p50 ms | p99 ms | max ms | baseline p99 ms | errors "
                + "| ballots | confirmations | `chat.update` calls | CPU per vote, Baton JVM + database ms |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        int big = h.quick ? 600 : 3000;
        for (int i = 0; i < 3; i++) {
            storm("warm-up " + (i + 1), "VW" + i + "P", 20, big, null);
        }
        storm("one poll", "V1P", 1, 300, table);
        Map<String, Double> storm = storm("20 polls", "V20P", 20, big, table);
        h.floor(big + "-voter storm over 10 s: every click acknowledged", String.format(Locale.ROOT,
                "%.0f errors", storm.get("errors")), storm.get("errors") == 0);
        h.floor("… p99 under 1.5 s", String.format(Locale.ROOT, "%.0f ms", storm.get("p99")), storm.get("p99") < 1500);
        h.floor("… 0 lost or duplicated votes", String.format(Locale.ROOT, "%.0f ballots for %d votes",
                storm.get("ballots"), big), storm.get("ballots") == big && storm.get("countsRight") == 1);
        h.section("Vote storms", "Voters click a poll's buttons (signed `block_actions`), spread evenly over 10 s; Baton "
                + "records each vote, confirms it to the voter through `response_url` and updates the poll's message "
                + "in place a few seconds later (votes within the refresh delay share one `chat.update`). The baseline "
                + "gets the same clicks at the same pace. Three storms of the same size came first, for the JIT.",
                table.toString());
    }

    /**
     * One storm of {@code voters} on {@code polls} polls; adds a row to {@code table} (null: a warm-up) and returns
     * the load's numbers with the ballots counted and whether every option got its votes ({@code countsRight}).
     */
    private Map<String, Double> storm(String name, String prefix, int polls, int voters, StringBuilder table)
            throws Exception {
        Harness.log("votes, " + name + ": " + voters + " voters on " + polls + " poll(s)");
        world.members(prefix, voters, i -> null, "MEMBER");
        long[] ids = new long[polls];
        String[] channels = new String[polls];
        for (int p = 0; p < polls; p++) {
            channels[p] = String.format("CSTORM%s%02d", prefix, p);
            int status = h.command("UC00000", channels[p], "/poll new \"Storm " + p + "\" A B C");
            if (status != 200) {
                throw new IllegalStateException("poll creation answered " + status);
            }
        }
        for (int p = 0; p < polls; p++) {
            ids[p] = world.scalar("SELECT id FROM poll WHERE channel_id = '" + channels[p] + "'");
        }
        h.drainOutbox(world, Duration.ofMinutes(1));
        h.slack.reset();
        List<String> script = new ArrayList<>();
        for (int i = 0; i < voters; i++) {
            int p = i % polls;
            script.add(World.platformId(prefix, i) + "\t" + channels[p] + "\tpoll.vote\t" + ids[p] + ":" + (1 + i % 3));
        }
        Path file = Files.write(h.work.resolve("votes-" + prefix + ".txt"), script);
        Harness.Cpu cpu = h.new Cpu(h.baton);
        Map<String, Double> r = h.load("votes", h.batonUrl(), Harness.SECRET, "10", file.toString());
        // every poll's message shows all its voters
        int perPoll = voters / polls;
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && !allShown(channels, perPoll)) {
            Thread.sleep(200);
        }
        double[] cpuMs = cpu.per(voters);
        h.drainOutbox(world, Duration.ofMinutes(2));
        long ballots = world.scalar("SELECT COUNT(*) FROM poll_ballot WHERE poll_id IN (" + Harness.join(ids) + ")");
        boolean countsRight = check(name, ids, channels, voters, ballots);
        r.put("ballots", (double) ballots);
        r.put("countsRight", countsRight ? 1.0 : 0.0);
        if (table != null) {
            Map<String, Double> base = h.load("votes", h.baselineUrl(), Harness.SECRET, "10", file.toString());
            long updates = h.slack.updatesPerChannel.values().stream().mapToLong(LongAdder::sum).sum();
            h.raw.put("votes." + name, Map.of("load", r, "baseline", base, "updates", updates));
            table.append(String.format(Locale.ROOT, "| %d voters, %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %d | %d "
                    + "| %d | %.2f + %s |%n", voters, name, r.get("requests").intValue(), r.get("p50"), r.get("p99"),
                    r.get("max"), base.get("p99"), r.get("errors"), ballots, h.slack.responseUrlPosts.sum(), updates,
                    cpuMs[0], Harness.ms(cpuMs[1])));
        }
        return r;
    }

    private boolean allShown(String[] channels, int perPoll) {
        for (String ch : channels) {
            if (!h.slack.lastUpdateText.getOrDefault(ch, "").contains(perPoll + " voters")) {
                return false;
            }
        }
        return true;
    }

    /** Every vote is counted once, on its option, and every poll's message shows all its voters. */
    private boolean check(String name, long[] ids, String[] channels, int voters, long ballots) throws Exception {
        int polls = ids.length;
        int before = h.failures.size();
        if (ballots != voters) {
            h.failures.add(name + ": " + voters + " votes but " + ballots + " ballots");
        }
        if (!allShown(channels, voters / polls)) {
            h.failures.add(name + ": a poll's message never showed all " + voters / polls + " voters");
        }
        for (long id : ids) {
            for (String[] row : world.rows("SELECT choice, COUNT(*) FROM poll_ballot WHERE poll_id = " + id
                    + " GROUP BY choice")) {
                long expected = 0;
                for (int i = 0; i < voters; i++) {
                    if (ids[i % polls] == id && 1 + i % 3 == Integer.parseInt(row[0])) {
                        expected++;
                    }
                }
                if (Long.parseLong(row[1]) != expected) {
                    h.failures.add(name + ": poll " + id + " option " + row[0] + " has " + row[1] + " votes, not "
                            + expected);
                }
            }
        }
        return h.failures.size() == before;
    }
}
