package dev.baton.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Digests at scale: 500 departments of 20 people and a year of their work inserted straight into the database, then
 * every manager's weekly digest due at once.
 */
final class Digests {

    private static final double FLOOR_SECONDS = 30;

    private final Harness h;
    private final World world;

    Digests(Harness h, World world) {
        this.h = h;
        this.world = world;
    }

    void run() throws Exception {
        int departments = h.quick ? 50 : 500;
        int people = h.quick ? 1_000 : 10_000;
        int perDepartment = people / departments;
        Harness.log("digests: seeding " + departments + " departments, " + people + " people and a year of their work");
        world.execute("DELETE FROM scheduled_job");
        long first = world.organisation(departments, perDepartment, h.quick ? 5_000 : 50_000, h.quick ? 2_000 : 20_000,
                h.quick ? 500 : 5_000, h.quick ? 100 : 1_000);
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String table : List.of("member", "department", "objective", "key_result", "check_in", "lead",
                "content_item", "poll", "poll_ballot", "survey")) {
            sizes.put(table, world.scalar("SELECT COUNT(*) FROM " + table));
        }
        world.execute("ANALYZE TABLE member, department, objective, key_result, check_in, lead, content_item, poll, "
                + "poll_ballot, survey");
        h.drainOutbox(world, Duration.ofMinutes(2));
        h.slack.reset();
        Instant start = Instant.now();
        List<Long> managers = new ArrayList<>();
        for (int d = 0; d < departments; d++) {
            managers.add(first + (long) d * perDepartment);
        }
        world.insert("scheduled_job", "job_key, kind, payload, due_at, attempts", managers.size(),
                i -> "(" + World.q("digest.weekly:" + managers.get(i)) + ",'digest.weekly','weekly',NOW(3),0)");
        long generatedAt = 0;
        long deadline = System.currentTimeMillis() + Duration.ofMinutes(20).toMillis();
        while (System.currentTimeMillis() < deadline) {
            long due = world.scalar("SELECT COUNT(*) FROM scheduled_job WHERE kind = 'digest.weekly' AND due_at <= '"
                    + java.sql.Timestamp.from(start.plusSeconds(60)) + "'");
            if (due == 0 && generatedAt == 0) {
                generatedAt = System.currentTimeMillis();
            }
            if (generatedAt > 0 && world.scalar("SELECT COUNT(*) FROM outbox_message WHERE status IN ('PENDING', "
                    + "'SENDING')") == 0) {
                break;
            }
            Thread.sleep(500);
        }
        long delivered = 0;
        for (long m : managers) {
            String platformId = world.rows("SELECT platform_user_id FROM member WHERE id = " + m).get(0)[0];
            delivered += Math.min(1, h.slack.directMessages(platformId));
        }
        double generation = generatedAt == 0 ? -1 : (generatedAt - start.toEpochMilli()) / 1000.0;
        double toLast = (h.slack.lastPostAt.get() - start.toEpochMilli()) / 1000.0;
        h.raw.put("digests", Map.of("sizes", sizes, "generationSeconds", generation, "lastDeliveredSeconds", toLast,
                "delivered", delivered));
        if (delivered != managers.size()) {
            h.failures.add("digests: " + (managers.size() - delivered) + " of " + managers.size() + " not delivered");
        }
        h.floor("Digests for " + departments + " departments / " + people + " people / a year: under 30 s",
                String.format(Locale.ROOT, "%.1f s to generate, %.1f s to the last one sent", generation, toLast),
                generation >= 0 && generation < FLOOR_SECONDS && delivered == managers.size());
        StringBuilder rows = new StringBuilder();
        sizes.forEach((t, c) -> rows.append(t).append(' ').append(c).append(", "));
        h.section("Digests at scale", departments + " departments of " + perDepartment + " people (the first of each "
                + "its manager) and a year of their work, inserted straight into the database: four quarters of OKRs "
                + "with a check-in a week, leads, posts, polls with ballots and questionnaires (rows: "
                + rows.substring(0, rows.length() - 2) + "). Then every manager's weekly digest is due at once.",
                String.format(Locale.ROOT, "| digests | generated (all jobs run) | last one handed to Slack | "
                        + "delivered |%n|---|---|---|---|%n| %d | %.1f s | %.1f s | %d |%n", managers.size(),
                        generation, toLast, delivered));
    }
}
