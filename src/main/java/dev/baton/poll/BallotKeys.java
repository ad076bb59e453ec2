package dev.baton.poll;

import dev.baton.system.BatonProperties;
import dev.baton.system.Hmac;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns a member into an opaque voter id for an anonymous poll or questionnaire: HMAC-SHA256 under a key derived
 * from a server secret and the poll. The same person always gets the same id within one poll (one vote each,
 * changeable until close) but ids differ between polls, and without the secret — which never enters the database,
 * the logs or an export — nobody can compute a member's id to look up their vote. At close the ids are re-hashed
 * with a random salt that is then forgotten, so after that not even the secret links a vote to a person.
 */
@Component
class BallotKeys {

    private static final Logger log = LoggerFactory.getLogger(BallotKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;

    BallotKeys(BatonProperties properties) {
        String configured = properties.polls().ballotKey();
        this.secret = configured.isBlank() ? generated(Path.of(properties.dataDir(), "ballot.key"))
                : configured.getBytes(StandardCharsets.UTF_8);
    }

    /** The voter id of {@code memberId} in {@code scope} (e.g. {@code poll:12}). */
    String voter(String scope, long memberId) {
        byte[] scopeKey = hmac(secret, scope.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hmac(scopeKey, Long.toString(memberId).getBytes(StandardCharsets.UTF_8)));
    }

    /** A salt for the final re-hash; callers use it once and drop it. */
    static String freshSalt() {
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        return HexFormat.of().formatHex(salt);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        return Hmac.sha256(key, data);
    }

    /** Single-server set-ups need no configuration: a random key is kept next to the embedded database. */
    private static byte[] generated(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] key = new byte[32];
                RANDOM.nextBytes(key);
                try {
                    Files.writeString(file, HexFormat.of().formatHex(key), StandardCharsets.US_ASCII,
                            StandardOpenOption.CREATE_NEW);
                    try {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException e) {
                        // not a POSIX file system; the directory's own permissions apply
                    }
                    log.warn("Generated a ballot key in {}; with several replicas set baton.polls.ballot-key "
                            + "(BATON_BALLOT_KEY) to one shared secret instead", file.toAbsolutePath());
                } catch (FileAlreadyExistsException e) {
                    // another process wrote it first: use theirs
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII).strip().getBytes(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the ballot key " + file.toAbsolutePath()
                    + "; set baton.polls.ballot-key", e);
        }
    }
}
