package dev.baton.bench;

import jakarta.annotation.PreDestroy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The floor's check-ins taken together: the same signed requests and the same promises as {@link Floor} (a replay
 * record, the key result locked and updated, a check-in row, the answer kept in an outbox row, all committed before
 * the answer is given), but a request thread hands its check-in to one of two writers, and a writer takes every
 * check-in waiting at that moment into one transaction. Two ways:
 * <ul>
 * <li><em>committed together</em> ({@code /slack/floor-together}): each check-in's own eight statements in a savepoint
 * of its own, one commit for the group, as Baton's {@code GroupCommit} does it;
 * <li><em>written together</em> ({@code /slack/floor-multirow}): one multi-row statement per table, seven statements in
 * three round trips for the whole group, where the floor spends eight in five on each check-in.
 * </ul>
 * They answer one question: is the baseline's half out of reach for the check-in's work, or only for doing that work
 * one check-in at a time? A replay inside a written-together group (its key already recorded) makes the group's insert
 * fail; the group is then done again one check-in at a time, as the floor does it, so a replay is refused as there.
 */
@RestController
class GroupedFloor {

    private static final int MOST = 200;

    private final Floor floor;
    private final Signer signer;
    private final LinkedBlockingQueue<Job> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    GroupedFloor(Floor floor, @Value("${bench.signing-secret}") String secret) {
        this.floor = floor;
        this.signer = new Signer(secret);
        for (int i = 1; i <= 2; i++) {
            Thread t = new Thread(this::write, "grouped-floor-" + i);
            t.setDaemon(true);
            t.start();
            writers.add(t);
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        writers.forEach(Thread::interrupt);
    }

    record Job(String eventKey, String user, long kr, BigDecimal value, int confidence,
            CompletableFuture<String> answer, boolean single) {
    }

    @PostMapping(value = "/slack/floor-together", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> oneCommit(@RequestHeader("X-Slack-Request-Timestamp") String timestamp,
            @RequestHeader("X-Slack-Signature") String signature, @RequestBody String body) throws Exception {
        return take(timestamp, signature, body, true);
    }

    @PostMapping(value = "/slack/floor-multirow", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> checkIn(@RequestHeader("X-Slack-Request-Timestamp") String timestamp,
            @RequestHeader("X-Slack-Signature") String signature, @RequestBody String body) throws Exception {
        return take(timestamp, signature, body, false);
    }

    private ResponseEntity<String> take(String timestamp, String signature, String body, boolean single)
            throws Exception {
        if (!signer.verify(timestamp, body, signature)) {
            return ResponseEntity.status(401).body("invalid signature");
        }
        Map<String, String> form = Floor.form(body);
        String[] words = form.getOrDefault("text", "").split(" ");
        if (words.length < 5 || !words[0].equals("checkin") || !words[1].startsWith("KR-")) {
            return ResponseEntity.ok(Floor.answer("Try: /okr checkin KR-1 40 confidence 7"));
        }
        Job job = new Job("slack:cmd:" + timestamp + ":" + signature, form.get("user_id"),
                Long.parseLong(words[1].substring(3)), new BigDecimal(words[2]), Integer.parseInt(words[4]),
                new CompletableFuture<>(), single);
        waiting.add(job);
        String text = job.answer().get(10, TimeUnit.SECONDS);
        return text == null ? ResponseEntity.status(401).body("replayed") : ResponseEntity.ok(Floor.answer(text));
    }

    private void write() {
        while (running) {
            List<Job> taken = new ArrayList<>();
            try {
                taken.add(waiting.take());
            } catch (InterruptedException e) {
                return;
            }
            waiting.drainTo(taken, MOST - 1);
            List<Job> together = taken.stream().filter(Job::single).toList();
            List<Job> multirow = taken.stream().filter(job -> !job.single()).toList();
            for (List<Job> group : List.of(together, multirow)) {
                if (!group.isEmpty()) {
                    run(group, group == together);
                }
            }
        }
    }

    private void run(List<Job> group, boolean together) {
        try (Connection c = floor.connection()) {
            try {
                Map<Job, String> answers = together ? singly(c, group) : group(c, group);
                c.commit();
                answers.forEach((job, text) -> job.answer().complete(text));
            } catch (SQLIntegrityConstraintViolationException replay) {
                c.rollback();
                for (Job job : group) {
                    try {
                        String text = Floor.checkIn(c, job.eventKey(), job.user(), job.kr(), job.value(),
                                job.confidence());
                        c.commit();
                        job.answer().complete(text);
                    } catch (SQLException | RuntimeException e) {
                        c.rollback();
                        job.answer().completeExceptionally(e);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                group.forEach(job -> job.answer().completeExceptionally(e));
            }
        } catch (SQLException | RuntimeException e) {
            group.forEach(job -> job.answer().completeExceptionally(e));
        }
    }

    private static final class KeyResult {
        final long id;
        final long objective;
        final long owner;
        final String title;
        BigDecimal current;
        final BigDecimal target;
        Integer confidence;
        Timestamp lastCheckIn;
        int version;
        boolean changed;

        KeyResult(ResultSet rs) throws SQLException {
            id = rs.getLong(1);
            objective = rs.getLong(2);
            owner = rs.getLong(3);
            title = rs.getString(4);
            current = rs.getBigDecimal(5);
            target = rs.getBigDecimal(6);
            int c = rs.getInt(7);
            confidence = rs.wasNull() ? null : c;
            lastCheckIn = rs.getTimestamp(8);
            version = rs.getInt(9);
            // column 10, the objective's title, is read as the floor reads it; the answer names the key result
        }
    }

    /** One transaction for the group; the answers in the group's order, null for a replay within the group. */
    private static Map<Job, String> group(Connection c, List<Job> group) throws SQLException {
        Set<String> keys = new HashSet<>();
        Set<String> users = new HashSet<>();
        Set<Job> fresh = new LinkedHashSet<>();
        Map<Job, String> answers = new LinkedHashMap<>();
        for (Job job : group) {
            if (keys.add(job.eventKey())) {
                fresh.add(job);
                users.add(job.user());
            }
        }
        Map<String, Long> members = new HashMap<>();
        Map<Long, List<KeyResult>> owned = new HashMap<>();
        Map<Long, KeyResult> byId = new HashMap<>();
        try (PreparedStatement first = c.prepareStatement(
                "INSERT INTO floor_event (event_key, received_at) VALUES " + rows(fresh.size(), "(?, NOW(3))") + "; "
                        + "SELECT id, platform_user_id FROM floor_member WHERE platform_user_id IN ("
                        + rows(users.size(), "?") + "); "
                        + "SELECT kr.id, kr.objective_id, kr.owner_id, kr.title, kr.current_value, kr.target_value, "
                        + "kr.confidence, kr.last_checkin_at, kr.version, "
                        + "(SELECT o.title FROM floor_objective o WHERE o.id = kr.objective_id) FROM floor_kr kr "
                        + "WHERE kr.owner_id IN (SELECT m.id FROM floor_member m WHERE m.platform_user_id IN ("
                        + rows(users.size(), "?") + ")) ORDER BY kr.id FOR UPDATE")) {
            int p = 1;
            for (Job job : fresh) {
                first.setString(p++, job.eventKey());
            }
            for (int twice = 0; twice < 2; twice++) {
                for (String user : users) {
                    first.setString(p++, user);
                }
            }
            first.execute();
            first.getMoreResults();
            try (ResultSet rs = first.getResultSet()) {
                while (rs.next()) {
                    members.put(rs.getString(2), rs.getLong(1));
                }
            }
            first.getMoreResults();
            try (ResultSet rs = first.getResultSet()) {
                while (rs.next()) {
                    KeyResult kr = new KeyResult(rs);
                    owned.computeIfAbsent(kr.owner, o -> new ArrayList<>()).add(kr);
                    byId.put(kr.id, kr);
                }
            }
        }
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> checkIns = new ArrayList<>();
        List<String[]> held = new ArrayList<>();
        for (Job job : group) {
            if (!fresh.contains(job)) {
                answers.put(job, null);
                continue;
            }
            Long member = members.get(job.user());
            KeyResult kr = byId.get(job.kr());
            String text;
            if (member == null) {
                text = "Who are you?";
            } else if (kr == null || kr.owner != member) {
                text = "KR-" + job.kr() + " is not yours.";
            } else {
                BigDecimal previous = kr.current;
                kr.current = job.value();
                kr.confidence = job.confidence();
                kr.lastCheckIn = now;
                kr.version++;
                kr.changed = true;
                checkIns.add(new Object[] {kr.id, member, previous, job.value(), job.confidence()});
                StringBuilder open = new StringBuilder();
                for (KeyResult other : owned.get(member)) {
                    if (other.id != kr.id && other.lastCheckIn == null) {
                        open.append(open.isEmpty() ? "" : ", ").append("KR-").append(other.id);
                    }
                }
                text = "Checked in KR-" + kr.id + " " + kr.title + ": "
                        + previous.stripTrailingZeros().toPlainString() + " → " + job.value().toPlainString()
                        + " (confidence " + job.confidence() + ")"
                        + (open.isEmpty() ? "" : "\nStill to check in this week: " + open);
                held.add(new String[] {job.eventKey(), Floor.answer(text)});
            }
            answers.put(job, text);
        }
        List<KeyResult> changed = byId.values().stream().filter(kr -> kr.changed).toList();
        if (changed.isEmpty()) {
            return answers;
        }
        try (PreparedStatement write = c.prepareStatement("INSERT INTO floor_kr (id, objective_id, owner_id, title, "
                + "current_value, target_value, confidence, last_checkin_at, version) VALUES "
                + rows(changed.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?)") + " ON DUPLICATE KEY UPDATE "
                + "current_value = VALUES(current_value), confidence = VALUES(confidence), "
                + "last_checkin_at = VALUES(last_checkin_at), version = VALUES(version); "
                + "INSERT INTO floor_check_in (key_result_id, member_id, previous_value, value, confidence, created_at) "
                + "VALUES " + rows(checkIns.size(), "(?, ?, ?, ?, ?, NOW(3))") + "; "
                + "INSERT INTO floor_outbox (delivery_key, payload, status, created_at) VALUES "
                + rows(held.size(), "(?, ?, 'HELD', NOW(3))"))) {
            int p = 1;
            for (KeyResult kr : changed) {
                write.setLong(p++, kr.id);
                write.setLong(p++, kr.objective);
                write.setLong(p++, kr.owner);
                write.setString(p++, kr.title);
                write.setBigDecimal(p++, kr.current);
                write.setBigDecimal(p++, kr.target);
                write.setObject(p++, kr.confidence);
                write.setTimestamp(p++, kr.lastCheckIn);
                write.setInt(p++, kr.version);
            }
            for (Object[] row : checkIns) {
                for (Object value : row) {
                    write.setObject(p++, value);
                }
            }
            for (String[] row : held) {
                write.setString(p++, row[0]);
                write.setString(p++, row[1]);
            }
            write.execute();
        }
        return answers;
    }

    /** Each check-in's statements in a savepoint of the group's transaction (undone alone when it fails). */
    private static Map<Job, String> singly(Connection c, List<Job> group) throws SQLException {
        Map<Job, String> answers = new LinkedHashMap<>();
        for (Job job : group) {
            try (PreparedStatement sp = c.prepareStatement("SAVEPOINT one")) {
                sp.execute();
            }
            answers.put(job, Floor.checkIn(c, job.eventKey(), job.user(), job.kr(), job.value(), job.confidence()));
            try (PreparedStatement sp = c.prepareStatement("RELEASE SAVEPOINT one")) {
                sp.execute();
            }
        }
        return answers;
    }

    private static String rows(int n, String row) {
        return String.join(", ", java.util.Collections.nCopies(n, row));
    }
}
