package dev.baton.bench;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The yardstick every scenario is compared with, measured in the same run on the same machine: a bare Spring Boot
 * endpoint (same Tomcat, same pool size, same database server as Baton) that checks the Slack signature of the
 * request exactly as Baton must and does one insert. Baton's throughput over this one's is the ratio reported.
 */
@SpringBootApplication
public class Baseline {

    public static void main(String[] args) {
        SpringApplication.run(Baseline.class, args);
    }

    @RestController
    static class Endpoint {

        private final JdbcTemplate jdbc;
        private final Signer signer;

        Endpoint(JdbcTemplate jdbc, @Value("${bench.signing-secret}") String secret) {
            this.jdbc = jdbc;
            this.signer = new Signer(secret);
            jdbc.execute("CREATE TABLE IF NOT EXISTS baseline_event (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                    + "received_at DATETIME(3) NOT NULL, body_length INT NOT NULL) ENGINE = InnoDB");
        }

        @PostMapping("/slack/events")
        ResponseEntity<String> event(@RequestHeader("X-Slack-Request-Timestamp") String timestamp,
                @RequestHeader("X-Slack-Signature") String signature, @RequestBody String body) {
            if (!signer.verify(timestamp, body, signature)) {
                return ResponseEntity.status(401).body("invalid signature");
            }
            jdbc.update("INSERT INTO baseline_event (received_at, body_length) VALUES (NOW(3), ?)", body.length());
            return ResponseEntity.ok("");
        }
    }
}
