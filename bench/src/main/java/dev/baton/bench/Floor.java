package dev.baton.bench;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.PreDestroy;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The floor under a check-in, served by the baseline's process: the same signed {@code /okr checkin} requests, and
 * only the statements a check-in needs to keep Baton's promises, written by hand on a pool of their own with nothing
 * around them. Those are the request's replay record with its speaker; the key result, locked, with its objective's
 * title; the key result's update, the check-in row and the owner's key results (for "still to check in"); the answer,
 * kept in an outbox row so that it is not lost if the acknowledgement is; the commit. ("Still to check in" is
 * simplified to key results never checked in; Baton's looks at the person's week in their zone.) Eight statements in five round
 * trips, as in Baton (BENCHMARKS.md, section 1), on connections that stay in manual commit and with Baton's
 * Connector/J settings.
 *
 * <p>No engine, no parsing beyond what this one command needs, no texts in two languages, no metrics, no
 * transaction manager: what is left between this and the baseline is the check-in's work on the database, done one
 * check-in in one transaction at a time. Baton's throughput over this one's says what Baton itself costs on top;
 * {@link GroupedFloor} shows what taking concurrent check-ins into one transaction allows.
 */
@RestController
class Floor {

    static final String PREFIX = "UF";

    private final HikariDataSource pool = new HikariDataSource();
    private final Signer signer;

    Floor(@Value("${spring.datasource.url}") String url, @Value("${spring.datasource.username}") String user,
            @Value("${spring.datasource.password:}") String password, @Value("${bench.signing-secret}") String secret,
            @Value("${bench.floor-people:500}") int people) throws SQLException {
        this.signer = new Signer(secret);
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setMaximumPoolSize(10);
        pool.setAutoCommit(false);
        Map.of("connectionTimeZone", "UTC", "forceConnectionTimeZoneToSession", "true", "cachePrepStmts", "true",
                "prepStmtCacheSize", "500", "prepStmtCacheSqlLimit", "4096", "useLocalSessionState", "true",
                "cacheResultSetMetadata", "true", "cacheServerConfiguration", "true", "maintainTimeStats", "false",
                "allowMultiQueries", "true").forEach(pool::addDataSourceProperty);
        seed(people);
    }

    private void seed(int people) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[] {"floor_outbox", "floor_check_in", "floor_kr", "floor_objective",
                    "floor_member", "floor_event"}) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
            s.execute("CREATE TABLE floor_event (event_key VARCHAR(191) PRIMARY KEY, received_at DATETIME(3) NOT NULL)");
            s.execute("CREATE TABLE floor_member (id BIGINT AUTO_INCREMENT PRIMARY KEY, platform_user_id VARCHAR(64) "
                    + "NOT NULL UNIQUE, display_name VARCHAR(200) NOT NULL, locale VARCHAR(16) NOT NULL)");
            s.execute("CREATE TABLE floor_objective (id BIGINT AUTO_INCREMENT PRIMARY KEY, title VARCHAR(300) NOT NULL)");
            s.execute("CREATE TABLE floor_kr (id BIGINT AUTO_INCREMENT PRIMARY KEY, objective_id BIGINT NOT NULL, "
                    + "owner_id BIGINT NOT NULL, title VARCHAR(300) NOT NULL, current_value DECIMAL(18,4) NOT NULL, "
                    + "target_value DECIMAL(18,4) NOT NULL, confidence INT, last_checkin_at DATETIME(3), "
                    + "version INT NOT NULL, KEY ix_floor_kr_owner (owner_id), "
                    + "FOREIGN KEY (objective_id) REFERENCES floor_objective (id), "
                    + "FOREIGN KEY (owner_id) REFERENCES floor_member (id))");
            s.execute("CREATE TABLE floor_check_in (id BIGINT AUTO_INCREMENT PRIMARY KEY, key_result_id BIGINT NOT NULL, "
                    + "member_id BIGINT NOT NULL, previous_value DECIMAL(18,4), value DECIMAL(18,4) NOT NULL, "
                    + "confidence INT, created_at DATETIME(3) NOT NULL, "
                    + "FOREIGN KEY (key_result_id) REFERENCES floor_kr (id), "
                    + "FOREIGN KEY (member_id) REFERENCES floor_member (id))");
            s.execute("CREATE TABLE floor_outbox (id BIGINT AUTO_INCREMENT PRIMARY KEY, delivery_key VARCHAR(191) "
                    + "NOT NULL UNIQUE, payload TEXT NOT NULL, status VARCHAR(16) NOT NULL, "
                    + "created_at DATETIME(3) NOT NULL)");
            try (PreparedStatement m = c.prepareStatement(
                    "INSERT INTO floor_member (id, platform_user_id, display_name, locale) VALUES (?, ?, ?, 'en')");
                    PreparedStatement o = c.prepareStatement("INSERT INTO floor_objective (id, title) VALUES (?, ?)");
                    PreparedStatement k = c.prepareStatement("INSERT INTO floor_kr (id, objective_id, owner_id, title, "
                            + "current_value, target_value, version) VALUES (?, ?, ?, ?, 0, 100, 0)")) {
                for (int i = 1; i <= people; i++) {
                    m.setLong(1, i);
                    m.setString(2, World.platformId(PREFIX, i - 1));
                    m.setString(3, "Person " + i);
                    m.addBatch();
                    o.setLong(1, i);
                    o.setString(2, "Objective " + i);
                    o.addBatch();
                    k.setLong(1, i);
                    k.setLong(2, i);
                    k.setLong(3, i);
                    k.setString(4, "Key result " + i);
                    k.addBatch();
                }
                m.executeBatch();
                o.executeBatch();
                k.executeBatch();
            }
            c.commit();
        }
    }

    /** A connection of the floor's pool, in manual commit; {@link GroupedFloor}'s writers use two of them. */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @PreDestroy
    void close() {
        pool.close();
    }

    /** {@code /okr checkin KR-n <value> confidence <c>} from a person who owns KR-n. */
    @PostMapping(value = "/slack/floor", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> checkIn(@RequestHeader("X-Slack-Request-Timestamp") String timestamp,
            @RequestHeader("X-Slack-Signature") String signature, @RequestBody String body) throws SQLException {
        if (!signer.verify(timestamp, body, signature)) {
            return ResponseEntity.status(401).body("invalid signature");
        }
        Map<String, String> form = form(body);
        String[] words = form.getOrDefault("text", "").split(" ");
        if (words.length < 5 || !words[0].equals("checkin") || !words[1].startsWith("KR-")) {
            return ResponseEntity.ok(answer("Try: /okr checkin KR-1 40 confidence 7"));
        }
        long kr = Long.parseLong(words[1].substring(3));
        BigDecimal value = new BigDecimal(words[2]);
        int confidence = Integer.parseInt(words[4]);
        String eventKey = "slack:cmd:" + timestamp + ":" + signature;
        try (Connection c = pool.getConnection()) {
            try {
                String text = checkIn(c, eventKey, form.get("user_id"), kr, value, confidence);
                c.commit();
                return text == null ? ResponseEntity.status(401).body("replayed") : ResponseEntity.ok(answer(text));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    static String checkIn(Connection c, String eventKey, String user, long krId, BigDecimal value,
            int confidence) throws SQLException {
        long member;
        try (PreparedStatement first = c.prepareStatement("INSERT IGNORE INTO floor_event (event_key, received_at) "
                + "VALUES (?, NOW(3)); SELECT id, display_name, locale FROM floor_member WHERE platform_user_id = ?")) {
            first.setString(1, eventKey);
            first.setString(2, user);
            first.execute();
            if (first.getUpdateCount() == 0) {
                return null;
            }
            first.getMoreResults();
            try (ResultSet rs = first.getResultSet()) {
                if (!rs.next()) {
                    return "Who are you?";
                }
                member = rs.getLong(1);
            }
        }
        BigDecimal previous;
        int version;
        String title;
        try (PreparedStatement locked = c.prepareStatement("SELECT kr.owner_id, kr.current_value, kr.version, kr.title, "
                + "(SELECT o.title FROM floor_objective o WHERE o.id = kr.objective_id) FROM floor_kr kr "
                + "WHERE kr.id = ? FOR UPDATE")) {
            locked.setLong(1, krId);
            try (ResultSet rs = locked.executeQuery()) {
                if (!rs.next() || rs.getLong(1) != member) {
                    return "KR-" + krId + " is not yours.";
                }
                previous = rs.getBigDecimal(2);
                version = rs.getInt(3);
                title = rs.getString(4);
            }
        }
        StringBuilder open = new StringBuilder();
        try (PreparedStatement write = c.prepareStatement("UPDATE floor_kr SET current_value = ?, confidence = ?, "
                + "last_checkin_at = NOW(3), version = version + 1 WHERE id = ? AND version = ?; "
                + "INSERT INTO floor_check_in (key_result_id, member_id, previous_value, value, confidence, created_at) "
                + "VALUES (?, ?, ?, ?, ?, NOW(3)); "
                + "SELECT kr.id, kr.last_checkin_at, o.title FROM floor_kr kr JOIN floor_objective o "
                + "ON o.id = kr.objective_id WHERE kr.owner_id = ?")) {
            write.setBigDecimal(1, value);
            write.setInt(2, confidence);
            write.setLong(3, krId);
            write.setInt(4, version);
            write.setLong(5, krId);
            write.setLong(6, member);
            write.setBigDecimal(7, previous);
            write.setBigDecimal(8, value);
            write.setInt(9, confidence);
            write.setLong(10, member);
            write.execute();
            if (write.getUpdateCount() != 1) {
                throw new SQLException("KR-" + krId + " changed meanwhile");
            }
            write.getMoreResults();
            write.getMoreResults();
            try (ResultSet rs = write.getResultSet()) {
                while (rs.next()) {
                    if (rs.getLong(1) != krId && rs.getTimestamp(2) == null) {
                        open.append(open.isEmpty() ? "" : ", ").append("KR-").append(rs.getLong(1));
                    }
                }
            }
        }
        String text = "Checked in KR-" + krId + " " + title + ": " + previous.stripTrailingZeros().toPlainString()
                + " → " + value.toPlainString() + " (confidence " + confidence + ")"
                + (open.isEmpty() ? "" : "\nStill to check in this week: " + open);
        try (PreparedStatement held = c.prepareStatement("INSERT INTO floor_outbox (delivery_key, payload, status, "
                + "created_at) VALUES (?, ?, 'HELD', NOW(3))")) {
            held.setString(1, eventKey);
            held.setString(2, answer(text));
            held.executeUpdate();
        }
        return text;
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    static String answer(String text) {
        return "{\"response_type\":\"ephemeral\",\"text\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("\n", "\\n") + "\"}";
    }
}
