package dev.baton.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Baton's benchmarks end to end and writes {@code BENCHMARKS.md}: starts the Slack fake (WireMock, in this JVM),
 * Baton's jar and the baseline endpoint as processes of their own on a real database server, runs the scenarios
 * ({@link Commands}, {@link Votes}, {@link Reminders}, {@link Digests}, {@link Stall}), each with its load generated
 * by a third process, and checks the floors of issue #29 and that nothing was lost or duplicated. Exits 1 when a floor
 * was missed or work was lost or duplicated.
 */
public final class Harness {

    static final String SECRET = "bench-signing-secret-0123456789abcdef";
    /** What {@code bench/run} runs without {@code --only}, in this order. */
    private static final Set<String> DEFAULT_SCENARIOS = new LinkedHashSet<>(List.of("commands", "votes", "reminders",
            "digests"));
    /** Load before the measured runs, so the numbers are for JIT-compiled code, as in a replica that has been up. */
    static final int JIT_WARMUP_SECONDS = 90;

    final boolean quick;
    private final Set<String> only;
    final String dbBase;
    final String dbUser;
    final String dbPassword;
    final Path work;
    final List<String> failures = new ArrayList<>();
    final Map<String, Object> raw = new LinkedHashMap<>();
    private final List<String> sections = new ArrayList<>();
    private final List<String> floors = new ArrayList<>();
    SlackFake slack;
    Process baton;
    Process baseline;
    int batonPort;
    int baselinePort;
    /** The baseline's requests a second at 50 clients in this run: the yardstick of the scenarios without a twin. */
    private Double baselineRate;
    private String lastPerSecond = "";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Harness(String[] args) throws IOException {
        boolean q = false;
        Set<String> o = DEFAULT_SCENARIOS;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) {
                q = true;
            } else if (args[i].equals("--only")) {
                o = new LinkedHashSet<>(List.of(args[++i].split(",")));
            }
        }
        quick = q;
        only = o;
        // MariaDB's own driver: MySQL's drops the milliseconds of times on MariaDB 10.x, and Baton refuses it there
        String url = System.getenv().getOrDefault("BENCH_DB_URL", "jdbc:mariadb://127.0.0.1:3306/");
        dbBase = url.endsWith("/") ? url : url + "/";
        dbUser = System.getenv().getOrDefault("BENCH_DB_USER", "root");
        dbPassword = System.getenv().getOrDefault("BENCH_DB_PASSWORD", "");
        work = Files.createTempDirectory("baton-bench");
    }

    public static void main(String[] args) throws Exception {
        Harness h = new Harness(args);
        // Baton and the baseline are children: they go when the harness goes, however it is stopped
        Runtime.getRuntime().addShutdownHook(new Thread(h::stopAll));
        int code;
        try {
            code = h.run();
        } finally {
            h.stopAll();
        }
        System.exit(code);
    }

    private int run() throws Exception {
        log("work directory " + work);
        try (World admin = new World(dbBase + "?allowMultiQueries=true", dbUser, dbPassword)) {
            admin.execute("DROP DATABASE IF EXISTS baton_bench");
            admin.execute("DROP DATABASE IF EXISTS baton_bench_baseline");
            admin.execute("CREATE DATABASE baton_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            admin.execute("CREATE DATABASE baton_bench_baseline CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            raw.put("database", admin.rows("SELECT VERSION()").get(0)[0]);
        }
        slack = new SlackFake(freePort(), 900, 600);
        startBaton();
        startBaseline();
        try (World world = new World(dbBase + "baton_bench?allowMultiQueries=true", dbUser, dbPassword)) {
            for (String scenario : only) {
                switch (scenario) {
                    case "commands" -> new Commands(this, world).run();
                    case "votes" -> new Votes(this, world).run();
                    case "reminders" -> new Reminders(this, world).run();
                    case "digests" -> new Digests(this, world).run();
                    case "stall" -> new Stall(this, world).run();
                    default -> throw new IllegalArgumentException("No scenario " + scenario);
                }
                System.out.println(sections.get(sections.size() - 1));
            }
        }
        write();
        if (!failures.isEmpty()) {
            failures.forEach(f -> log("FAILED: " + f));
            return 1;
        }
        return 0;
    }

    /** A scenario's part of the page: a heading, what it does in a sentence or two, its table. */
    void section(String title, String method, String table) {
        sections.add("\n## " + title + "\n\n" + method + "\n\n" + table);
    }

    /** A floor of issue #29 and what this run measured; a missed floor fails the run. */
    void floor(String floor, String measured, boolean met) {
        floors.add("| " + floor + " | " + measured + " | " + (met ? "yes" : "**no**") + " |");
        if (!met) {
            failures.add("floor missed: " + floor + " (" + measured + ")");
        }
    }

    // ---- processes ------------------------------------------------------------------------------------------

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void startBaton() throws Exception {
        Path jar;
        try (var files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("baton-.*\\.jar")
                    && !p.getFileName().toString().endsWith("-plain.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Build Baton first: ./mvnw -DskipTests package"));
        }
        batonPort = freePort();
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xms256m", "-Xmx1g"));
        // e.g. BENCH_BATON_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/baton.jfr to profile Baton under load
        String extra = System.getenv().getOrDefault("BENCH_BATON_JAVA_OPTS", "").strip();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(List.of("-jar", jar.toString(),
                "--baton.slack.pace-per-workspace=2ms", "--baton.data-dir=" + work.resolve("data"),
                "--logging.level.root=WARN", "--logging.level.dev.baton=WARN", "--baton.console.enabled=false",
                // the bench runs on the real date: a public holiday must not hold the due prompts back
                "--baton.calendar.country=none"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("BATON_DB_URL", dbBase + "baton_bench");
        env.put("BATON_DB_USER", dbUser);
        env.put("BATON_DB_PASSWORD", dbPassword);
        env.put("PORT", String.valueOf(batonPort));
        env.put("SLACK_SIGNING_SECRET", SECRET);
        env.put("SLACK_BOT_TOKEN", "xoxb-bench");
        env.put("SLACK_API_BASE_URL", slack.baseUrl() + "/api/");
        env.put("BATON_BALLOT_KEY", "bench-ballot-key-0123456789abcdef0123456789");
        pb.redirectErrorStream(true).redirectOutput(work.resolve("baton.log").toFile());
        baton = pb.start();
        waitUp("http://127.0.0.1:" + batonPort + "/actuator/health", baton, "Baton");
        log("Baton is up on " + batonPort + " (pid " + baton.pid() + ")");
    }

    private void startBaseline() throws Exception {
        baselinePort = freePort();
        ProcessBuilder pb = new ProcessBuilder(java(), "-Xms256m", "-Xmx1g", "-cp", System.getProperty(
                "java.class.path"), Baseline.class.getName(), "--server.port=" + baselinePort,
                "--spring.datasource.url=" + dbBase + "baton_bench_baseline", "--spring.datasource.username=" + dbUser,
                "--spring.datasource.password=" + dbPassword, "--bench.signing-secret=" + SECRET,
                "--logging.level.root=WARN", "--spring.main.banner-mode=off");
        pb.redirectErrorStream(true).redirectOutput(work.resolve("baseline.log").toFile());
        baseline = pb.start();
        waitUp("http://127.0.0.1:" + baselinePort + "/slack/events", baseline, "baseline");
        log("Baseline is up on " + baselinePort);
    }

    private void waitUp(String url, Process p, String name) throws Exception {
        for (int i = 0; i < 240; i++) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + work);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() < 500) {
                    return;
                }
            } catch (IOException e) {
                // not yet listening
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " did not come up; see " + work);
    }

    private void stopAll() {
        for (Process p : new Process[] {baton, baseline}) {
            if (p != null) {
                p.destroy();
            }
        }
        if (slack != null) {
            slack.shutdown();
        }
    }

    String batonUrl() {
        return "http://127.0.0.1:" + batonPort + "/slack/events";
    }

    String baselineUrl() {
        return "http://127.0.0.1:" + baselinePort + "/slack/events";
    }

    // ---- load -----------------------------------------------------------------------------------------------

    /** Runs the load generator ({@link Load}) in its own JVM and returns its JSON line as a map of numbers. */
    Map<String, Double> load(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx1g", "-Dbench.response-url=" + slack.baseUrl()
                + "/response/", "-cp", System.getProperty("java.class.path"), Load.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                last = line;
            }
        }
        if (p.waitFor() != 0 || last == null) {
            throw new IllegalStateException("load generator failed");
        }
        Matcher timeline = Pattern.compile("\"perSecond\":\\[([0-9,]*)]").matcher(last);
        lastPerSecond = timeline.find() ? timeline.group(1).replace(",", " ") : "";
        Map<String, Double> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"(\\w+)\":([0-9.]+)").matcher(last);
        while (m.find()) {
            out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return out;
    }

    /** The last commands load's requests answered in each measured second, space-separated. */
    String lastPerSecond() {
        return lastPerSecond;
    }

    /** One signed slash command to Baton, from this JVM; its HTTP status. */
    int command(String user, String channel, String text) throws Exception {
        String[] parts = text.substring(1).split(" ", 2);
        String body = "team_id=T0BENCH&channel_id=" + channel + "&channel_name=bench&user_id=" + user
                + "&user_name=" + user + "&command=" + enc("/" + parts[0]) + "&text=" + enc(parts[1])
                + "&response_url=" + enc(slack.baseUrl() + "/response/h") + "&trigger_id=th&api_app_id=A0BENCH";
        long ts = System.currentTimeMillis() / 1000;
        return http.send(HttpRequest.newBuilder(URI.create(batonUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", String.valueOf(ts))
                .header("X-Slack-Signature", new Signer(SECRET).sign(ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Measured with the commands, or now (5 s at 50 clients) when that scenario was left out. */
    double baselineRate() throws Exception {
        if (baselineRate == null) {
            Path script = work.resolve("baseline-only.txt");
            Files.write(script, List.of("UC00000\t/okr checkin KR-1 {v}"));
            baselineRate = load("commands", baselineUrl(), SECRET, "50", "2", "5", script.toString())
                    .get("throughput");
            raw.put("baselineRate", baselineRate);
        }
        return baselineRate;
    }

    void baselineRate(double rate) {
        baselineRate = rate;
    }

    /** {@code count} people (platform ids {@code prefix}…) with a key result each this quarter; the first one's id. */
    static long keyResultEach(World world, String prefix, int count) throws SQLException {
        long firstMember = world.members(prefix, count, i -> null, "MEMBER");
        return world.okrs(firstMember, count, World.quarter(LocalDate.now(ZoneOffset.UTC)), i -> null);
    }

    /** A load script's line: person {@code i} of {@code prefix} checks in on key result {@code kr}. */
    static String checkInLine(String prefix, int i, long kr) {
        return World.platformId(prefix, i) + "\t/okr checkin KR-" + kr + " {v} confidence 7";
    }

    /** Waits until no job is due any more. */
    void drainJobs(World world, Duration max) throws Exception {
        long deadline = System.currentTimeMillis() + max.toMillis();
        while (System.currentTimeMillis() < deadline
                && world.scalar("SELECT COUNT(*) FROM scheduled_job WHERE due_at <= NOW(3)") > 0) {
            Thread.sleep(500);
        }
    }

    void drainOutbox(World world, Duration max) throws Exception {
        long deadline = System.currentTimeMillis() + max.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (world.scalar("SELECT COUNT(*) FROM outbox_message WHERE status IN ('PENDING', 'SENDING')") == 0) {
                return;
            }
            Thread.sleep(500);
        }
    }

    /** How many of the {@code n} people named with {@code prefix} have had at least one DM. */
    long reached(String prefix, int n) {
        long count = 0;
        for (int i = 0; i < n; i++) {
            count += Math.min(1, slack.directMessages(World.platformId(prefix, i)));
        }
        return count;
    }

    // ---- Baton's process ------------------------------------------------------------------------------------

    /**
     * CPU time a process and the database server use from now on. The server's process is found when it runs on this
     * machine (mariadbd or mysqld); otherwise its share reads as -1.
     */
    final class Cpu {
        private final ProcessHandle app;
        private final Optional<ProcessHandle> database;
        private final long appStart;
        private final long databaseStart;

        Cpu(Process process) {
            app = process.toHandle();
            database = databaseProcess();
            appStart = cpuNanos(app);
            databaseStart = database.map(Harness::cpuNanos).orElse(-1L);
        }

        /** Milliseconds per unit of work since construction: the process's, then the database server's (or -1). */
        double[] per(double units) {
            double n = Math.max(1, units);
            double appMs = (cpuNanos(app) - appStart) / 1e6 / n;
            double dbMs = database.map(d -> (cpuNanos(d) - databaseStart) / 1e6 / n).orElse(-1.0);
            return new double[] {appMs, dbMs};
        }
    }

    private static long cpuNanos(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private Optional<ProcessHandle> databaseProcess() {
        String host = dbBase.replaceFirst("^jdbc:[a-z]+://", "").replaceFirst("[:/].*$", "");
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            return Optional.empty();
        }
        return ProcessHandle.allProcesses().filter(h -> h.info().command()
                .map(c -> c.endsWith("/mariadbd") || c.endsWith("/mysqld")).orElse(false)).findFirst();
    }

    /** Baton's resident memory now, in bytes (-1 when /proc cannot tell). */
    long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + baton.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** The sum of a counter's series in Baton's Prometheus scrape (0 when it has none yet). */
    double batonMetric(String name) throws Exception {
        String scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + batonPort
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.E+]+)").matcher(scrape);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    // ---- the page -------------------------------------------------------------------------------------------

    private void write() throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("# Benchmarks\n\n")
                .append("`bench/run").append(quick ? " --quick" : "")
                .append(only.equals(DEFAULT_SCENARIOS) ? "" : " --only " + String.join(",", only)).append("`, ")
                .append(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append(", on ")
                .append(cpu()).append(" (").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(memTotal()).append("), ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append(", ").append(raw.get("database"))
                .append(" on the same machine.\n\n")
                .append("**Method.** The harness (`bench/`) starts Baton's jar (one replica, `-Xmx1g`, Tomcat and ")
                .append("Hikari defaults), a baseline endpoint and a Slack fake (WireMock, strict about Slack's rate ")
                .append("limits), and drives Baton with signed Slack requests from a separate load-generating JVM over ")
                .append("loopback. The baseline is a bare Spring Boot endpoint on the same machine and database server ")
                .append("that checks the same Slack signature and does one insert; ratios compare Baton with it in the ")
                .append("same run, so a noisy machine still compares. Every scenario checks that nothing was lost or ")
                .append("duplicated. One file per scenario: `bench/src/main/java/dev/baton/bench/{Commands,Votes,")
                .append("Reminders,Digests,Stall}.java`. `bench/run --quick` tries it in a few minutes; `bench/run ")
                .append("--only votes` runs one scenario; `BENCH_DB_URL` (default `jdbc:mariadb://127.0.0.1:3306/`) ")
                .append("picks the server.\n\n")
                .append("## Floors (issue #29)\n\n| floor | this run | met |\n|---|---|---|\n");
        floors.forEach(f -> out.append(f).append('\n'));
        sections.forEach(out::append);
        if (!failures.isEmpty()) {
            out.append("\n## Failures\n\n");
            failures.forEach(f -> out.append("- ").append(f).append('\n'));
        }
        Path target = Path.of(System.getProperty("bench.output", "BENCHMARKS.md"));
        // the hand-written reading of the numbers stays when the numbers are rewritten
        if (Files.exists(target)) {
            String before = Files.readString(target);
            int notes = before.indexOf("\n## Reading\n");
            if (notes >= 0) {
                out.append(before.substring(notes));
            }
        }
        Files.writeString(target, out.toString());
        Files.writeString(work.resolve("raw.txt"), raw.toString());
        log("wrote " + target.toAbsolutePath() + "; raw numbers in " + work.resolve("raw.txt"));
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> mb(Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String mb(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", bytes / 1048576.0);
    }

    /** CPU milliseconds, or a dash where the database's process could not be read (-1). */
    static String ms(double value) {
        return value < 0 ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }

    static String join(long[] ids) {
        StringBuilder s = new StringBuilder();
        for (long id : ids) {
            s.append(s.length() == 0 ? "" : ",").append(id);
        }
        return s.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void log(String message) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }
}
