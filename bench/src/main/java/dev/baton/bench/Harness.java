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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Baton's benchmarks end to end and writes {@code BENCHMARKS.md}: starts the Slack fake (WireMock, in this JVM),
 * Baton's jar and the baseline endpoint as processes of their own on a real database server, drives them with the
 * load generator (a third process), checks that no vote, reminder or digest was lost or duplicated, and writes what
 * it measured with the machine and the commands. Exits 1 when work was lost or duplicated.
 */
public final class Harness {

    private static final String SECRET = "bench-signing-secret-0123456789abcdef";
    /** What {@code bench/run} runs without {@code --only}, in this order. */
    private static final Set<String> DEFAULT_SCENARIOS = new LinkedHashSet<>(List.of("commands", "votes", "reminders",
            "digests"));
    private final boolean quick;
    private final Set<String> only;
    private final String dbBase;
    private final String dbUser;
    private final String dbPassword;
    private final Path work;
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Object> raw = new LinkedHashMap<>();
    private final StringBuilder report = new StringBuilder();
    private SlackFake slack;
    /** The baseline's requests a second at 50 clients in this run: the yardstick of the scenarios without a twin. */
    private Double baselineRate;
    private Process baton;
    private Process baseline;
    private int batonPort;
    private int baselinePort;
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
        String url = System.getenv().getOrDefault("BENCH_DB_URL", "jdbc:mysql://127.0.0.1:3306/");
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
                int from = report.length();
                switch (scenario) {
                    case "commands" -> commands(world);
                    case "votes" -> votes(world);
                    case "reminders" -> reminders(world);
                    case "digests" -> digests(world);
                    case "stall" -> stall(world);
                    default -> throw new IllegalArgumentException("No scenario " + scenario);
                }
                System.out.println(report.substring(from));
            }
        }
        write();
        if (!failures.isEmpty()) {
            failures.forEach(f -> log("FAILED: " + f));
            return 1;
        }
        return 0;
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
                "--logging.level.root=WARN", "--logging.level.dev.baton=WARN", "--baton.console.enabled=false"));
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

    /** The last commands load's requests answered in each measured second, space-separated. */
    private String lastPerSecond = "";

    /** Runs the load generator in its own JVM and returns its JSON line as a map of numbers. */
    private Map<String, Double> load(String... args) throws Exception {
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

    private int command(String user, String channel, String text) throws Exception {
        String[] parts = text.substring(1).split(" ", 2);
        String body = "team_id=T0BENCH&channel_id=" + channel + "&channel_name=bench&user_id=" + user
                + "&user_name=" + user + "&command=" + enc("/" + parts[0]) + "&text=" + enc(parts[1])
                + "&response_url=" + enc(slack.baseUrl() + "/response/h") + "&trigger_id=th&api_app_id=A0BENCH";
        long ts = System.currentTimeMillis() / 1000;
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + batonPort + "/slack/events"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", String.valueOf(ts))
                .header("X-Slack-Signature", new Signer(SECRET).sign(ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    // ---- CPU ------------------------------------------------------------------------------------------------

    /**
     * CPU time a process and the database server use from now on. The server's process is found when it runs on this
     * machine (mariadbd or mysqld); otherwise its share reads as -1.
     */
    private final class Cpu {
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

        /** Milliseconds per request since construction: the process's, then the database server's (or -1). */
        double[] perRequest(double requests) {
            double n = Math.max(1, requests);
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

    // ---- memory ---------------------------------------------------------------------------------------------

    private record Memory(long rssBytes, long heapBytes) {
    }

    private Memory memory() {
        long rss = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + baton.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            rss = -1;
        }
        long heap = 0;
        try {
            String metrics = scrape();
            Matcher m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.E+]+)")
                    .matcher(metrics);
            while (m.find()) {
                heap += (long) Double.parseDouble(m.group(1));
            }
        } catch (Exception e) {
            heap = -1;
        }
        return new Memory(rss, heap);
    }

    /**
     * The database's counters of waits a write stall shows in: for the redo log (too small, or flushed too slowly)
     * and for a free page in the buffer pool; MySQL or MariaDB.
     */
    private static Map<String, Long> innodbStalls(World world) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String[] row : world.rows("SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_log_waits', "
                + "'Innodb_buffer_pool_wait_free', 'Innodb_row_lock_waits')")) {
            out.put(row[0], Long.parseLong(row[1]));
        }
        return out;
    }

    /** {@link #innodbStalls} now less {@code before}: the waits since then. */
    private static Map<String, Long> innodbStallsSince(World world, Map<String, Long> before) throws SQLException {
        Map<String, Long> now = innodbStalls(world);
        now.replaceAll((k, v) -> v - before.getOrDefault(k, 0L));
        return now;
    }

    /** Baton's metrics in Prometheus' text format. */
    private String scrape() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + batonPort + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of a counter's series in Baton's Prometheus scrape (0 when it has none yet). */
    private double batonMetric(String name) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.E+]+)").matcher(scrape());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** Samples memory every half second while a scenario runs; keeps the highest. */
    private final class Sampler implements AutoCloseable {
        private final AtomicLong maxRss = new AtomicLong();
        private final AtomicLong maxHeap = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        Sampler() {
            thread = new Thread(() -> {
                while (running) {
                    Memory m = memory();
                    maxRss.accumulateAndGet(m.rssBytes(), Math::max);
                    maxHeap.accumulateAndGet(m.heapBytes(), Math::max);
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    // ---- scenarios ------------------------------------------------------------------------------------------

    /** Load before the measured command runs, for the JIT (see {@link #commands}). */
    private static final int JIT_WARMUP_SECONDS = 90;

    /** {@code count} people (platform ids {@code prefix}…) with a key result each this quarter; the first one's id. */
    private static long keyResultEach(World world, String prefix, int count) throws SQLException {
        long firstMember = world.members(prefix, count, i -> null, "MEMBER");
        return world.okrs(firstMember, count, World.quarter(LocalDate.now(ZoneOffset.UTC)), i -> null);
    }

    /** A load script's line: person {@code i} of {@code prefix} checks in on key result {@code kr}. */
    private static String checkInLine(String prefix, int i, long kr) {
        return World.platformId(prefix, i) + "\t/okr checkin KR-" + kr + " {v} confidence 7";
    }

    private void commands(World world) throws Exception {
        int clientsMax = 500;
        log("commands: seeding " + clientsMax + " people with a key result each");
        long firstKr = keyResultEach(world, "UC", clientsMax);
        Path baselineScript = work.resolve("baseline-commands.txt");
        Path batonScript = work.resolve("baton-commands.txt");
        List<String> b = new ArrayList<>();
        List<String> c = new ArrayList<>();
        Path floorScript = work.resolve("floor-commands.txt");
        List<String> f = new ArrayList<>();
        for (int i = 0; i < clientsMax; i++) {
            b.add(World.platformId("UC", i) + "\t/okr checkin KR-" + (firstKr + i) + " {v}");
            c.add(checkInLine("UC", i, firstKr + i));
            f.add(checkInLine(Floor.PREFIX, i, i + 1));
        }
        Files.write(baselineScript, b);
        Files.write(batonScript, c);
        Files.write(floorScript, f);
        int seconds = quick ? 8 : 30;
        int warmup = quick ? 3 : 10;
        Memory idle = memory();
        raw.put("memory.idle", idle);
        String batonUrl = "http://127.0.0.1:" + batonPort + "/slack/events";
        String baseUrl = "http://127.0.0.1:" + baselinePort + "/slack/events";
        String floorUrl = "http://127.0.0.1:" + baselinePort + "/slack/floor";
        String togetherUrl = floorUrl + "-together";
        String multirowUrl = floorUrl + "-multirow";
        // first contact registers people (a users.info call each); that belongs to a warm-up, not to the numbers
        load("commands", batonUrl, SECRET, String.valueOf(clientsMax), "0", "3", batonScript.toString());
        // the JIT: a replica runs for days, so the numbers are for compiled code. Baton is a large application; at
        // 10 s of warm-up per run its compiler threads still took a quarter of its CPU at 200 clients. Both sides
        // get the same warm-up.
        int jit = quick ? 10 : JIT_WARMUP_SECONDS;
        log("commands: " + jit + " s of load to let the JIT compile both sides");
        load("commands", baseUrl, SECRET, "200", "0", String.valueOf(jit), baselineScript.toString());
        // the floor is a few small methods in the warmed-up baseline process
        for (String url : List.of(floorUrl, togetherUrl, multirowUrl)) {
            load("commands", url, SECRET, "200", "0", String.valueOf(jit / 3), floorScript.toString());
        }
        load("commands", batonUrl, SECRET, "200", "0", String.valueOf(jit), batonScript.toString());
        drainOutbox(world, Duration.ofMinutes(5));
        report.append("\n## 1. Slash-command round trip\n\n")
                .append("Each client is one person sending `/okr checkin KR-n <value> confidence 7` (a real write: the ")
                .append("check-in, the key result, the answer recorded in the outbox) again as soon as ")
                .append("the previous one was answered, for ").append(seconds).append(" s after a ").append(warmup)
                .append(" s warm-up. The baseline gets the same signed requests, right before Baton and again right ")
                .append("after it at each client count; the ratio is to the mean of the two (and the baseline's p99 is ")
                .append("the higher), so a slow stretch of the machine falls on both sides. Before the first run both sides ")
                .append("had ").append(quick ? 10 : JIT_WARMUP_SECONDS).append(" s of load at 200 clients, so the ")
                .append("numbers are for JIT-compiled code, as in a replica that has been up for a while.\n\n")
                .append("The round trip is the signed request until Slack's acknowledgement, which carries the answer ")
                .append("when it is ready within `baton.slack.answer-in-ack-within` (2 s); a later answer leaves ")
                .append("through the outbox to `response_url`. *Answer wait* (p50 / p99) is how long an answer's outbox ")
                .append("row waited from the command's commit until it was confirmed handed over in the ")
                .append("acknowledgement or sent by a worker. *Late answers* were ready after those 2 s (each ")
                .append("costs a send of its own); *turns excused* ran longer than `baton.inbound.slow-after` and ")
                .append("stopped counting against `baton.inbound.concurrency` (both from Baton's metrics, warm-up ")
                .append("included).\n\n")
                .append("| clients | baseline req/s, before / after | Baton req/s | ratio | Baton p50 ms | p90 ms | p99 ms | ")
                .append("max ms | baseline p99 ms | answer wait p50 / p99 ms | late answers | turns excused | errors |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        Memory peak = null;
        StringBuilder cpuRows = new StringBuilder();
        StringBuilder floorRows = new StringBuilder();
        StringBuilder timelines = new StringBuilder();
        for (int clients : new int[] {50, 200, 500}) {
            log("commands: " + clients + " clients");
            Cpu floorCpu = new Cpu(baseline);
            Map<String, Double> floor = load("commands", floorUrl, SECRET, String.valueOf(clients),
                    String.valueOf(warmup), String.valueOf(seconds), floorScript.toString());
            double[] floorMs = floorCpu.perRequest(floor.get("sent"));
            raw.put("commands." + clients + ".floor", floor);
            raw.put("commands." + clients + ".floorCpuMsPerRequest", Map.of("floor", floorMs[0], "floorDatabase",
                    floorMs[1]));
            if (floor.get("errors") > 0) {
                failures.add("the floor at " + clients + " clients: " + floor.get("errors").intValue() + " errors");
            }
            Map<String, Double> together = load("commands", togetherUrl, SECRET, String.valueOf(clients),
                    String.valueOf(warmup), String.valueOf(seconds), floorScript.toString());
            Map<String, Double> multirow = load("commands", multirowUrl, SECRET, String.valueOf(clients),
                    String.valueOf(warmup), String.valueOf(seconds), floorScript.toString());
            raw.put("commands." + clients + ".floorTogether", together);
            raw.put("commands." + clients + ".floorMultirow", multirow);
            if (together.get("errors") + multirow.get("errors") > 0) {
                failures.add("the grouped floors at " + clients + " clients: "
                        + (int) (together.get("errors") + multirow.get("errors")) + " errors");
            }
            // the baseline right before Baton and again right after, compared by their mean: a slow stretch of the
            // machine (its speed moves by a third within minutes, BENCHMARKS.md) then falls on both sides
            Cpu baseCpu = new Cpu(baseline);
            Map<String, Double> before = load("commands", baseUrl, SECRET, String.valueOf(clients),
                    String.valueOf(warmup), String.valueOf(seconds), baselineScript.toString());
            double[] baseMs = baseCpu.perRequest(before.get("sent"));
            Map<String, Double> mine;
            long outboxBefore = world.scalar("SELECT COALESCE(MAX(id), 0) FROM outbox_message");
            Map<String, Long> innodbBefore = innodbStalls(world);
            double lateBefore = batonMetric("baton_slack_answers_late_total");
            double excusedBefore = batonMetric("baton_inbound_turns_excused_total");
            Cpu batonCpu = new Cpu(baton);
            try (Sampler s = new Sampler()) {
                mine = load("commands", batonUrl, SECRET, String.valueOf(clients), String.valueOf(warmup),
                        String.valueOf(seconds), batonScript.toString());
                raw.put("commands." + clients + ".batonPerSecond", lastPerSecond);
                timelines.append("| ").append(clients).append(" | ").append(lastPerSecond).append(" |\n");
                s.close();
                if (clients == 500) {
                    peak = new Memory(s.maxRss.get(), s.maxHeap.get());
                }
            }
            double[] batonMs = batonCpu.perRequest(mine.get("sent"));
            // answers ready after answer-in-ack-within each cost a send of their own; requests running past
            // slow-after no longer count against the turns' limit (warm-up included in both)
            mine.put("lateAnswers", batonMetric("baton_slack_answers_late_total") - lateBefore);
            mine.put("turnsExcused", batonMetric("baton_inbound_turns_excused_total") - excusedBefore);
            raw.put("commands." + clients + ".innodbStalls", innodbStallsSince(world, innodbBefore));
            cpuRows.append(String.format(Locale.ROOT, "| %d | %.2f | %s | %.2f | %s | %s |%n", clients, batonMs[0],
                    ms(batonMs[1]), baseMs[0], ms(baseMs[1]),
                    baseMs[1] < 0 || batonMs[1] < 0 ? "–" : String.format(Locale.ROOT, "%.1f",
                            (batonMs[0] + batonMs[1]) / (baseMs[0] + baseMs[1]))));
            raw.put("commands." + clients + ".cpuMsPerRequest", Map.of("baton", batonMs[0], "batonDatabase",
                    batonMs[1], "baseline", baseMs[0], "baselineDatabase", baseMs[1]));
            // the answer reaches the person when the outbox hands it to response_url: wait for all of them, then
            // read how long each waited there (written at the end of the command's transaction, sent by a worker)
            drainOutbox(world, Duration.ofMinutes(10));
            List<Long> waits = new ArrayList<>();
            for (String[] row : world.rows("SELECT TIMESTAMPDIFF(MICROSECOND, created_at, sent_at) FROM outbox_message "
                    + "WHERE id > " + outboxBefore + " AND status = 'SENT' ORDER BY 1")) {
                waits.add(Long.parseLong(row[0]) / 1000);
            }
            double replyP50 = waits.isEmpty() ? 0 : waits.get(Math.max(0, (int) Math.ceil(0.5 * waits.size()) - 1));
            double replyP99 = waits.isEmpty() ? 0 : waits.get(Math.max(0, (int) Math.ceil(0.99 * waits.size()) - 1));
            mine.put("replyWaitP50", replyP50);
            mine.put("replyWaitP99", replyP99);
            Map<String, Double> after = load("commands", baseUrl, SECRET, String.valueOf(clients),
                    String.valueOf(warmup), String.valueOf(seconds), baselineScript.toString());
            Map<String, Double> base = new LinkedHashMap<>(before);
            base.put("throughput", (before.get("throughput") + after.get("throughput")) / 2);
            base.put("p99", Math.max(before.get("p99"), after.get("p99")));
            raw.put("commands." + clients + ".baselineAfter", after);
            if (clients == 50) {
                baselineRate = base.get("throughput");
            }
            raw.put("commands." + clients + ".baseline", before);
            raw.put("commands." + clients + ".baton", mine);
            floorRows.append(String.format(Locale.ROOT, "| %d | %.0f | %.2f | %.2f | %.0f | %.2f + %s | %.2f + %s "
                    + "| %.2f | %.2f | %.2f |%n",
                    clients, floor.get("throughput"), floor.get("throughput") / base.get("throughput"),
                    mine.get("throughput") / floor.get("throughput"), floor.get("p99"), floorMs[0],
                    ms(floorMs[1]), batonMs[0], ms(batonMs[1]), together.get("throughput") / base.get("throughput"),
                    mine.get("throughput") / together.get("throughput"),
                    multirow.get("throughput") / base.get("throughput")));
            report.append(String.format(Locale.ROOT, "| %d | %.0f / %.0f | %.0f | %.2f | %.0f | %.0f | %.0f | %.0f | "
                    + "%.0f | %.0f / %.0f | %.0f | %.0f | %.0f |%n",
                    clients, before.get("throughput"), after.get("throughput"), mine.get("throughput"),
                    mine.get("throughput") / base.get("throughput"), mine.get("p50"), mine.get("p90"), mine.get("p99"),
                    mine.get("max"), base.get("p99"), replyP50, replyP99, mine.get("lateAnswers"),
                    mine.get("turnsExcused"), mine.get("errors")));
            if (mine.get("errors") > 0) {
                failures.add("commands at " + clients + " clients: " + mine.get("errors").intValue() + " errors");
            }
        }
        report.append("\nBaton's check-ins answered in each second of the measured time (a slow stretch shows when it ")
                .append("began and whether it ended):\n\n| clients | per second |\n|---|---|\n").append(timelines);
        report.append("\nCPU time per request (ms), over each load run, warm-up included; the database column is "
                + "the database server's process, while only that side was loaded. The round trip's throughput is "
                + "bounded by this: the machine has 2 cores for both sides, the database and the load generator.\n\n"
                + "| clients | Baton JVM | database, for Baton | baseline JVM | database, for the baseline | "
                + "Baton ÷ baseline |\n|---|---|---|---|---|---|\n").append(cpuRows);
        report.append("\n*The floor* is the same signed check-ins served by the baseline's process with only the "
                + "statements a check-in needs to keep Baton's promises, written by hand (`bench/…/Floor.java`): the "
                + "replay record with the speaker, the key result locked with its objective, its update, the "
                + "check-in row and the owner's key results, the answer kept in an outbox row, the commit; eight "
                + "statements in five round trips, as Baton's for a check-in done alone, with nothing around them. "
                + "It is measured before the baseline at each client count, and compared with the same mean. What lies between the floor and the baseline is the work "
                + "itself; what lies between Baton and the floor is what Baton costs on top. The same floor then "
                + "takes every check-in waiting at that moment into one transaction on one of two writer threads "
                + "(`bench/…/GroupedFloor.java`): *committed together*, each check-in's own statements in a savepoint "
                + "of its own and one commit for the group, as Baton's `GroupCommit` does; and *written together*, "
                + "one multi-row statement per table for the whole group.\n\n"
                + "| clients | floor req/s | floor ÷ baseline | Baton ÷ floor | floor p99 ms | "
                + "CPU per check-in, floor (JVM + database) ms | the same, Baton | committed together ÷ baseline | "
                + "Baton ÷ committed together | written together ÷ baseline |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n")
                .append(floorRows);
        drainOutbox(world, Duration.ofMinutes(5));
        // what one command costs the database: every statement Baton sent during a short run at 50 clients, the reply
        // through the outbox included, over the commands answered
        Logged logged = logged(world, () -> {
            Map<String, Double> sample = load("commands", batonUrl, SECRET, "50", "0", "5", batonScript.toString());
            drainOutbox(world, Duration.ofMinutes(1));
            return sample.get("requests").longValue();
        });
        report.append(String.format(Locale.ROOT, "%nOne check-in costs the database %.1f statements in %.1f round "
                + "trips and %.1f transactions (all of Baton's statements over a 5 s run at 50 clients, outbox "
                + "included, divided by the %d commands answered); the baseline's request costs one statement in one "
                + "round trip.%n", logged.statements(), logged.roundTrips(), logged.commits(), logged.units()));
        report.append("\n| statement (per check-in) | count |\n|---|---|\n").append(logged.table());
        raw.put("commands.statementsPerCommand", logged.statements());
        raw.put("commands.roundTripsPerCommand", logged.roundTrips());
        raw.put("commands.statements", logged.kinds());
        long checkIns = world.scalar("SELECT COUNT(*) FROM check_in");
        report.append("\n").append(checkIns).append(" check-ins were recorded; every answer is in the outbox as sent (")
                .append(world.scalar("SELECT COUNT(*) FROM outbox_message WHERE status = 'SENT'"))
                .append(" sent, ").append(world.scalar("SELECT COUNT(*) FROM outbox_message WHERE status <> 'SENT'"))
                .append(" not).\n");
        raw.put("memory.peak500", peak);
        report.append("\n## 5. Memory (one replica, `-Xmx1g`)\n\n| | RSS | heap used |\n|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| idle, after start | %s | %s |%n", mb(idle.rssBytes()),
                        mb(idle.heapBytes())))
                .append(String.format(Locale.ROOT, "| highest under 500 clients | %s | %s |%n", mb(peak.rssBytes()),
                        mb(peak.heapBytes())));
    }

    /** Seconds of check-ins before the stall, how long the database refuses writes, and the whole measured run. */
    private static final int STALL_AT = 20;
    private static final int STALL_SECONDS = Integer.getInteger("bench.stall-seconds", 3);
    private static final int STALL_RUN = 60;

    /**
     * A database that stops taking writes for a few seconds while 200 people check in (a failover, a backup taking
     * its lock, a disk that stalls): the check-ins wait, every answer among them misses the acknowledgement, and the
     * question is whether Baton is back to its speed once the writes go through again, or whether the late answers'
     * own sends keep it slow. Not part of the default run (it measures recovery, not speed); {@code --only stall}.
     */
    private void stall(World world) throws Exception {
        int clients = 200;
        log("stall: seeding " + clients + " people with a key result each");
        long firstKr = keyResultEach(world, "US", clients);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            lines.add(checkInLine("US", i, firstKr + i));
        }
        Path script = work.resolve("stall-commands.txt");
        Files.write(script, lines);
        String batonUrl = "http://127.0.0.1:" + batonPort + "/slack/events";
        // first contact registers people, and the JIT compiles (as in a replica that has been up for a while)
        int jit = quick ? 10 : JIT_WARMUP_SECONDS;
        log("stall: " + jit + " s of load to let the JIT compile");
        load("commands", batonUrl, SECRET, String.valueOf(clients), "0", String.valueOf(jit), script.toString());
        drainOutbox(world, Duration.ofMinutes(5));
        double lateBefore = batonMetric("baton_slack_answers_late_total");
        double excusedBefore = batonMetric("baton_inbound_turns_excused_total");
        long outboxBefore = world.scalar("SELECT COALESCE(MAX(id), 0) FROM outbox_message");
        Map<String, Long> innodbBefore = innodbStalls(world);
        List<String> lockProblems = new ArrayList<>();
        Thread locker = new Thread(() -> {
            try (World lock = new World(dbBase + "baton_bench", dbUser, dbPassword)) {
                Thread.sleep(TimeUnit.SECONDS.toMillis(STALL_AT) + 500);
                lock.execute("FLUSH TABLES WITH READ LOCK");
                Thread.sleep(TimeUnit.SECONDS.toMillis(STALL_SECONDS));
                lock.execute("UNLOCK TABLES");
            } catch (Exception e) {
                lockProblems.add(e.toString());
            }
        }, "stall");
        log("stall: " + clients + " clients for " + STALL_RUN + " s, writes refused from second " + STALL_AT + " for "
                + STALL_SECONDS + " s");
        locker.start();
        Map<String, Double> run = load("commands", batonUrl, SECRET, String.valueOf(clients), "0",
                String.valueOf(STALL_RUN), script.toString());
        locker.join();
        if (!lockProblems.isEmpty()) {
            failures.add("stall: the database's lock failed: " + lockProblems);
        }
        String timeline = lastPerSecond;
        int[] perSecond = Arrays.stream(timeline.split(" ")).mapToInt(Integer::parseInt).toArray();
        double late = batonMetric("baton_slack_answers_late_total") - lateBefore;
        double excused = batonMetric("baton_inbound_turns_excused_total") - excusedBefore;
        drainOutbox(world, Duration.ofMinutes(10));
        // before: the seconds from 5 to the stall; back: the first second after it from which no second falls below
        // 80 % of that again until the end of the run
        double pace = Arrays.stream(perSecond, 5, STALL_AT).average().orElse(0);
        int back = -1;
        for (int i = perSecond.length - 1; i >= STALL_AT; i--) {
            if (perSecond[i] < 0.8 * pace) {
                break;
            }
            back = i;
        }
        double after = back < 0 ? 0 : Arrays.stream(perSecond, back, perSecond.length).average().orElse(0);
        long unsent = world.scalar("SELECT COUNT(*) FROM outbox_message WHERE id > " + outboxBefore
                + " AND status <> 'SENT'");
        long answers = world.scalar("SELECT COUNT(*) FROM outbox_message WHERE id > " + outboxBefore);
        if (unsent > 0) {
            failures.add("stall: " + unsent + " answers not sent");
        }
        raw.put("stall.baton", run);
        raw.put("stall.perSecond", timeline);
        raw.put("stall.lateAnswers", late);
        raw.put("stall.turnsExcused", excused);
        report.append("\n## 6. A database stall under load\n\n")
                .append(clients).append(" clients check in as in section 1 for ").append(STALL_RUN)
                .append(" s (after ").append(jit).append(" s of the same load for the JIT); from second ")
                .append(STALL_AT).append(" the database refuses every write for ").append(STALL_SECONDS)
                .append(" s (`FLUSH TABLES WITH READ LOCK`, as a backup or a stalled disk would), then takes them ")
                .append("again. The check-ins of those seconds wait, and their answers miss the acknowledgement ")
                .append("and go through `response_url`. *Back* is the first second after the stall from which ")
                .append("no second falls below 80 % of the pace before it (seconds 5 to ").append(STALL_AT)
                .append(").\n\n| pace before, req/s | back at second | pace after, req/s | p99 ms | max ms | ")
                .append("late answers | turns excused | answers sent / written | errors |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| %.0f | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %d / %d | %.0f |%n",
                        pace, back < 0 ? "not within the run" : String.valueOf(back), after, run.get("p99"),
                        run.get("max"), late, excused, answers - unsent, answers, run.get("errors")))
                .append("\nCheck-ins answered in each second:\n\n").append(timeline).append("\n");
        raw.put("stall.innodbStalls", innodbStallsSince(world, innodbBefore));
    }

    /** Measured with the commands, or now (5 s at 50 clients) when that scenario was left out. */
    private double baselineRate() throws Exception {
        if (baselineRate == null) {
            Path script = work.resolve("baseline-only.txt");
            Files.write(script, List.of("UC00000\t/okr checkin KR-1 {v}"));
            baselineRate = load("commands", "http://127.0.0.1:" + baselinePort + "/slack/events", SECRET, "50", "2",
                    "5", script.toString()).get("throughput");
            raw.put("baselineRate", baselineRate);
        }
        return baselineRate;
    }

    private void votes(World world) throws Exception {
        report.append("\n## 2. Vote storms\n\nVoters click a poll's buttons (signed `block_actions`), spread evenly ")
                .append("over 10 s. Baton records each vote, confirms it to the voter through `response_url` and ")
                .append("updates the poll's channel message in place a few seconds later (votes within the refresh ")
                .append("delay share one `chat.update`). The baseline gets the same clicks at the same pace. A storm of as many ")
                .append("votes on other polls comes first, so the numbers are for JIT-compiled code, as in a replica ")
                .append("that has been up for a while; like every storm, it is checked for lost or duplicated votes.\n\n")
                .append("*CPU per vote* is the CPU time of Baton's JVM and of the database server's process from the ")
                .append("first click until every poll's message showed all its voters, divided by the votes: ")
                .append("recording the vote, confirming it and updating the poll's message.\n\n")
                .append("| storm | votes | p50 ms | p90 ms | p99 ms | max ms | baseline p99 ms | p99 ÷ baseline | errors | ")
                .append("ballots | `chat.update` calls | last update after storm start | CPU per vote: Baton JVM / ")
                .append("database |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        // the vote's code is warm after three storms: through each of them the JIT compiler's time still grew by
        // most of a second every second (jstat -compiler), through the measured storms after them by a tenth
        for (int i = 0; i < 3; i++) {
            storm(world, "warm-up " + (i + 1), "VW" + i + "P", 20, quick ? 600 : 3000, Storm.WARM_UP);
        }
        storm(world, "one poll", "V1P", 1, 300, Storm.REPORTED);
        storm(world, "20 polls", "V20P", 20, quick ? 600 : 3000, Storm.REPORTED);
        Logged logged = storm(world, "20 polls, general log on", "VLP", 20, 600, Storm.LOGGED);
        raw.put("votes.statementsPerVote", logged.statements());
        raw.put("votes.statements", logged.kinds());
        report.append(String.format(Locale.ROOT, "%nOne vote costs the database %.1f statements in %.1f round trips "
                + "and %.1f transactions (all of Baton's statements during a storm of 600 voters on 20 polls with "
                + "the general log on, from the first click until every message showed all its voters, divided by "
                + "the votes): the vote, its confirmation through the outbox and its share of the polls' updates.%n%n"
                + "| statement (per vote) | count |%n|---|---|%n", logged.statements(), logged.roundTrips(),
                logged.commits()));
        report.append(logged.table());
    }

    /** What a storm is for: warming the vote's code up, the table, or counting statements with the general log on. */
    private enum Storm { WARM_UP, REPORTED, LOGGED }

    /**
     * One storm; a {@link Storm#LOGGED LOGGED} one runs with the general log on from the first click until the
     * messages show every voter, and returns what Baton sent the database. Every kind is checked for lost or
     * duplicated votes.
     */
    private Logged storm(World world, String name, String prefix, int polls, int voters, Storm kind)
            throws Exception {
        log("votes, " + name + ": " + voters + " voters on " + polls + " poll(s)");
        world.members(prefix, voters, i -> null, "MEMBER");
        long[] ids = new long[polls];
        String[] channels = new String[polls];
        for (int p = 0; p < polls; p++) {
            channels[p] = String.format("CSTORM%s%02d", prefix, p);
            int status = command("UC00000", channels[p], "/poll new \"Storm " + p + "\" A B C");
            if (status != 200) {
                throw new IllegalStateException("poll creation answered " + status);
            }
        }
        for (int tries = 0; tries < 100; tries++) {
            if (world.scalar("SELECT COUNT(*) FROM poll WHERE channel_id LIKE 'CSTORM" + prefix + "%'") == polls) {
                break;
            }
            Thread.sleep(100);
        }
        for (int p = 0; p < polls; p++) {
            ids[p] = world.scalar("SELECT id FROM poll WHERE channel_id = '" + channels[p] + "'");
        }
        drainOutbox(world, Duration.ofMinutes(1));
        slack.reset();
        List<String> script = new ArrayList<>();
        for (int i = 0; i < voters; i++) {
            int p = i % polls;
            script.add(World.platformId(prefix, i) + "\t" + channels[p] + "\tpoll.vote\t" + ids[p] + ":" + (1 + i % 3));
        }
        Path file = work.resolve("votes-" + polls + ".txt");
        Files.write(file, script);
        AtomicLong started = new AtomicLong();
        AtomicReference<Map<String, Double>> result = new AtomicReference<>();
        Counted clicks = () -> {
            started.set(System.currentTimeMillis());
            result.set(load("votes", "http://127.0.0.1:" + batonPort + "/slack/events", SECRET, "10",
                    file.toString()));
            // wait for every poll's message to show all its voters
            long deadline = System.currentTimeMillis() + 120_000;
            int perPoll = voters / polls;
            while (System.currentTimeMillis() < deadline) {
                boolean done = true;
                for (String ch : channels) {
                    done &= slack.lastUpdateText.getOrDefault(ch, "").contains(perPoll + " voters");
                }
                if (done) {
                    break;
                }
                Thread.sleep(200);
            }
            return voters;
        };
        Cpu cpu = new Cpu(baton);
        Logged logged = null;
        if (kind == Storm.LOGGED) {
            logged = logged(world, clicks);
        } else {
            clicks.run();
        }
        double[] cpuMs = cpu.perRequest(voters);
        long start = started.get();
        Map<String, Double> r = result.get();
        long lastUpdate = slack.lastUpdateAt.values().stream().mapToLong(Long::longValue).max().orElse(0);
        if (kind != Storm.REPORTED) {
            checkStorm(world, name, ids, channels, voters);
            return logged;
        }
        Map<String, Double> base = load("votes", "http://127.0.0.1:" + baselinePort + "/slack/events", SECRET, "10",
                file.toString());
        long ballots = world.scalar("SELECT COUNT(*) FROM poll_ballot WHERE poll_id IN (" + join(ids) + ")");
        long updates = slack.updatesPerChannel.values().stream().mapToLong(LongAdder::sum).sum();
        raw.put("votes." + polls, Map.of("load", r, "baseline", base, "ballots", ballots, "updates", updates,
                "lastUpdateMillis", lastUpdate - start, "confirmations", slack.responseUrlPosts.sum(),
                "cpuMsPerVote", Map.of("baton", cpuMs[0], "batonDatabase", cpuMs[1])));
        report.append(String.format(Locale.ROOT, "| %d voters, %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f | %.0f "
                + "| %d | %d | %.1f s | %.2f / %s ms |%n", voters, name, r.get("requests").intValue(), r.get("p50"),
                r.get("p90"), r.get("p99"), r.get("max"), base.get("p99"), r.get("p99") / Math.max(1, base.get("p99")),
                r.get("errors"), ballots, updates, (lastUpdate - start) / 1000.0, cpuMs[0], ms(cpuMs[1])));
        checkStorm(world, name, ids, channels, voters);
        return null;
    }

    /** Every vote is counted once, on its option, and every poll's message shows all its voters. */
    private void checkStorm(World world, String name, long[] ids, String[] channels, int voters) throws Exception {
        int polls = ids.length;
        int perPoll = voters / polls;
        long ballots = world.scalar("SELECT COUNT(*) FROM poll_ballot WHERE poll_id IN (" + join(ids) + ")");
        if (ballots != voters) {
            failures.add(name + ": " + voters + " votes but " + ballots + " ballots");
        }
        for (String ch : channels) {
            if (!slack.lastUpdateText.getOrDefault(ch, "").contains(perPoll + " voters")) {
                failures.add(name + ": the message in " + ch + " never showed " + perPoll + " voters");
            }
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
                    failures.add(name + ": poll " + id + " option " + row[0] + " has " + row[1] + " votes, not "
                            + expected);
                }
            }
        }
    }

    private void reminders(World world) throws Exception {
        int n = quick ? 5_000 : 100_000;
        log("reminders: seeding " + n + " people, each with a key result and a weekly prompt due now");
        world.execute("DELETE FROM scheduled_job");
        long first = world.members("RM", n, i -> null, "MEMBER");
        world.okrs(first, n, World.quarter(LocalDate.now(ZoneOffset.UTC)), i -> null);
        drainOutbox(world, Duration.ofMinutes(2));
        slack.reset();
        slack.limitPerSecond(600);
        Instant start = Instant.now();
        Cpu cpu = new Cpu(baton);
        world.dueJobs("okr.prompt", "okr.weekly:", first, n);
        log("reminders: " + n + " jobs due");
        long deadline = System.currentTimeMillis() + Duration.ofMinutes(quick ? 5 : 40).toMillis();
        long lastCount = -1;
        long lastChange = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            long count = reached("RM", n);
            if (count == n) {
                break;
            }
            if (count != lastCount) {
                lastCount = count;
                lastChange = System.currentTimeMillis();
                log("reminders: " + count + " of " + n + " handed to Slack");
            } else if (System.currentTimeMillis() - lastChange > 120_000) {
                break;
            }
            Thread.sleep(2000);
        }
        long last = slack.lastPostAt.get();
        double seconds = (last - start.toEpochMilli()) / 1000.0;
        long delivered = 0;
        long duplicated = 0;
        for (int i = 0; i < n; i++) {
            long c = slack.directMessages(World.platformId("RM", i));
            delivered += c > 0 ? 1 : 0;
            duplicated += Math.max(0, c - 1);
        }
        long rateLimited = slack.rateLimited.sum();
        double[] cpuMs = cpu.perRequest(delivered);
        raw.put("reminders", Map.of("reminders", n, "delivered", delivered, "duplicated", duplicated,
                "seconds", seconds, "rateLimited", rateLimited, "cpuMsPerReminder", cpuMs[0],
                "databaseCpuMsPerReminder", cpuMs[1]));
        report.append("\n## 3. Reminder fan-out\n\n").append(n).append(" people each have a weekly check-in prompt ")
                .append("due at the same moment (scheduled jobs inserted due now). Baton runs the jobs, each puts a ")
                .append("DM in the outbox, and the outbox hands them to Slack (`conversations.open`, then ")
                .append("`chat.postMessage`). The Slack fake enforces one message per channel per 0.9 s and 600 per ")
                .append("second overall, answering 429 with Retry-After beyond that; Baton ran with ")
                .append("`baton.slack.pace-per-workspace=2ms` (500/s).\n\n")
                .append("*Rate ÷ baseline* divides the rate by the baseline's requests a second at 50 clients in ")
                .append("this run.\n\n")
                .append("*CPU per reminder* is the CPU time of Baton's JVM and of the database server's process ")
                .append("from the jobs falling due until the harness saw the last message, divided by the ")
                .append("reminders.\n\n")
                .append("| reminders | handed to Slack | lost | duplicated | time to the last | rate | rate ÷ baseline ")
                .append("| 429 answers | CPU per reminder: Baton JVM / database |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n")
                .append(String.format(Locale.ROOT,
                        "| %d | %d | %d | %d | %.0f s | %.0f/s | %.3f | %d | %.2f / %.2f ms |%n", n, delivered,
                        n - delivered, duplicated, seconds, delivered / seconds, delivered / seconds / baselineRate(),
                        rateLimited, cpuMs[0], cpuMs[1]))
                .append("\nAt Slack's default pace (`pace-per-workspace=50ms`, 20 messages a second for a workspace) ")
                .append("the same ").append(n).append(" reminders take at least ")
                .append(String.format(Locale.ROOT, "%.0f", n / 20.0)).append(" s by design: the pace, not Baton, ")
                .append("is then the limit.\n");
        Logged logged = reminderStatements(world, quick ? 500 : 2_000);
        raw.put("reminders.statementsPerReminder", logged.statements());
        raw.put("reminders.roundTripsPerReminder", logged.roundTrips());
        raw.put("reminders.statements", logged.kinds());
        report.append(String.format(Locale.ROOT, "%nOne reminder costs the database %.1f statements in %.1f round trips "
                + "and %.1f transactions, from the job falling due to the message recorded as sent (all of Baton's "
                + "statements while another %d reminders fell due and went out, divided by them).%n%n"
                + "| statement (per reminder) | count |%n|---|---|%n", logged.statements(), logged.roundTrips(),
                logged.commits(), logged.units())).append(logged.table());
        if (delivered != n) {
            failures.add("reminders: " + (n - delivered) + " of " + n + " never reached Slack");
        }
        if (duplicated > 0) {
            failures.add("reminders: " + duplicated + " duplicates");
        }
    }

    private void digests(World world) throws Exception {
        int departments = quick ? 50 : 500;
        int people = quick ? 1_000 : 10_000;
        int perDepartment = people / departments;
        log("digests: seeding " + departments + " departments, " + people + " people and a year of their work");
        long t0 = System.currentTimeMillis();
        world.execute("DELETE FROM scheduled_job");
        long first = world.organisation(departments, perDepartment, quick ? 5_000 : 50_000, quick ? 2_000 : 20_000,
                quick ? 500 : 5_000, quick ? 100 : 1_000);
        long seeded = System.currentTimeMillis() - t0;
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String table : List.of("member", "department", "objective", "key_result", "check_in", "lead",
                "content_item", "poll", "poll_ballot", "survey")) {
            sizes.put(table, world.scalar("SELECT COUNT(*) FROM " + table));
        }
        world.execute("ANALYZE TABLE member, department, objective, key_result, check_in, lead, content_item, poll, "
                + "poll_ballot, survey");
        drainOutbox(world, Duration.ofMinutes(2));
        slack.reset();
        world.execute("SET GLOBAL log_output = 'TABLE'");
        world.execute("TRUNCATE TABLE mysql.general_log");
        world.execute("SET GLOBAL general_log = 'ON'");
        Instant start = Instant.now();
        // every manager's weekly digest is due now
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
        world.execute("SET GLOBAL general_log = 'OFF'");
        long delivered = 0;
        for (long m : managers) {
            String platformId = world.rows("SELECT platform_user_id FROM member WHERE id = " + m).get(0)[0];
            delivered += Math.min(1, slack.directMessages(platformId));
        }
        long last = slack.lastPostAt.get();
        double generation = generatedAt == 0 ? -1 : (generatedAt - start.toEpochMilli()) / 1000.0;
        double toLast = (last - start.toEpochMilli()) / 1000.0;
        raw.put("digests", Map.of("sizes", sizes, "seedMillis", seeded, "generationSeconds", generation,
                "lastDeliveredSeconds", toLast, "delivered", delivered));
        report.append("\n## 4. Digests at scale\n\n").append(departments).append(" departments of ")
                .append(perDepartment).append(" people (").append(people).append(" in all; the first of each is its ")
                .append("manager) and a year of their work, inserted straight into the database: four quarters of ")
                .append("OKRs with a check-in a week, leads, posts, polls with ballots and questionnaires. Then every ")
                .append("manager's weekly digest is due at once. The tables also hold the rows of the scenarios ")
                .append("before this one.\n\n| table | rows |\n|---|---|\n");
        sizes.forEach((t, c) -> report.append("| `").append(t).append("` | ").append(c).append(" |\n"));
        report.append(String.format(Locale.ROOT, "%n| digests | generated (all jobs run) | last one handed to Slack | "
                + "delivered | digests/s ÷ baseline req/s |%n|---|---|---|---|---|%n| %d | %.1f s | %.1f s | %d | %.4f |%n",
                managers.size(), generation, toLast, delivered, managers.size() / generation / baselineRate()));
        if (delivered != managers.size()) {
            failures.add("digests: " + (managers.size() - delivered) + " of " + managers.size() + " not delivered");
        }
        explain(world);
    }

    /** CPU milliseconds, or a dash where the database's process could not be read (-1). */
    private static String ms(double value) {
        return value < 0 ? "–" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "—" : value.replace("|", "\\|");
    }

    /** EXPLAIN of every distinct SELECT the database saw while the digests ran (MariaDB/MySQL general log). */
    private void explain(World world) throws SQLException {
        Map<String, String> shapes = new LinkedHashMap<>();
        long harness = world.scalar("SELECT CONNECTION_ID()");
        for (String[] row : world.rows("SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log "
                + "WHERE command_type IN ('Query', 'Execute') AND thread_id <> " + harness + " ORDER BY event_time")) {
            String sql = row[0].strip();
            if (!sql.regionMatches(true, 0, "SELECT", 0, 6) || !sql.matches("(?is).*\\bFROM\\s+`?[a-z_]+.*")
                    || sql.contains("information_schema") || sql.contains("mysql.") || sql.contains("@@")) {
                continue;
            }
            String shape = sql.replaceAll("'[^']*'", "?").replaceAll("\\b\\d+(\\.\\d+)?\\b", "?")
                    .replaceAll("\\(\\?(,\\s*\\?)*\\)", "(?…)").replaceAll("\\s+", " ");
            shapes.putIfAbsent(shape, sql);
        }
        report.append("\n### EXPLAIN of the digest queries\n\nEvery distinct SELECT that reached the database while ")
                .append("the digests ran (literals replaced by `?`), and how MariaDB/MySQL plans it on the data ")
                .append("above: the table, the access type, the index used, the rows it expects to read and what ")
                .append("else it says (`Extra`; a look-up by a unique key that finds no row has no table). ")
                .append("`ALL` would be a full scan.\n\n| query | table | type | key | rows | extra |\n")
                .append("|---|---|---|---|---|---|\n");
        List<Map<String, Object>> plans = new ArrayList<>();
        int scans = 0;
        for (Map.Entry<String, String> e : shapes.entrySet()) {
            List<String[]> plan;
            try {
                plan = world.rows("EXPLAIN " + e.getValue());
            } catch (SQLException ex) {
                continue;
            }
            String shown = e.getKey().length() > 160 ? e.getKey().substring(0, 157) + "…" : e.getKey();
            for (String[] p : plan) {
                // EXPLAIN columns: id, select_type, table, (partitions), type, possible_keys, key, key_len, ref, rows,
                // (filtered), Extra
                int offset = p.length >= 12 ? 1 : 0;
                String table = p[2];
                String type = p[3 + offset];
                String key = p[5 + offset];
                String rows = p[8 + offset];
                String extra = p[p.length - 1];
                report.append("| `").append(shown.replace("|", "\\|")).append("` | ").append(dash(table))
                        .append(" | ").append(dash(type)).append(" | ").append(dash(key)).append(" | ")
                        .append(dash(rows)).append(" | ").append(dash(extra)).append(" |\n");
                plans.add(Map.of("sql", e.getKey(), "table", String.valueOf(table), "type", String.valueOf(type),
                        "key", String.valueOf(key), "rows", String.valueOf(rows), "extra", String.valueOf(extra)));
                if ("ALL".equals(type)) {
                    scans++;
                }
                shown = "″";
            }
        }
        raw.put("explain", plans);
        report.append("\n").append(shapes.size()).append(" distinct queries; ").append(scans)
                .append(" plan rows with a full scan (`ALL`).\n");
    }

    /**
     * "SELECT … FROM member", "UPDATE key_result", "COMMIT": what a statement does and to which table; tables it
     * also reads, joined or in subqueries, follow after "with" ("SELECT … FROM key_result with objective").
     */
    static String statementKind(String sql) {
        String s = sql.strip().replace("`", "").replaceAll("\\s+", " ");
        String verb = s.split(" ", 2)[0].toUpperCase(Locale.ROOT);
        if (verb.equals("SET")) {
            return s.length() > 40 ? s.substring(0, 40) : s;
        }
        String outer = s;
        for (String inner = outer.replaceAll("\\([^()]*\\)", ""); !inner.equals(outer);
                inner = outer.replaceAll("\\([^()]*\\)", "")) {
            outer = inner;
        }
        Matcher table = Pattern.compile("(?i)\\b(?:FROM|INTO|UPDATE)\\s+([a-z_]+)").matcher(outer);
        if (!table.find()) {
            // a statement of no table, such as a round trip's SELECT LAST_INSERT_ID(), is shown as it is
            return s.length() > 40 ? verb : s;
        }
        String main = table.group(1);
        Set<String> others = new TreeSet<>();
        Matcher read = Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+([a-z_]+)").matcher(s);
        while (read.find()) {
            if (!read.group(1).equalsIgnoreCase(main)) {
                others.add(read.group(1));
            }
        }
        return verb + " " + (verb.equals("SELECT") ? "… FROM " : "") + main
                + (others.isEmpty() ? "" : " with " + String.join(", ", others));
    }

    /** How many of the {@code n} people named with {@code prefix} have had at least one DM. */
    private long reached(String prefix, int n) {
        long count = 0;
        for (int i = 0; i < n; i++) {
            count += Math.min(1, slack.directMessages(World.platformId(prefix, i)));
        }
        return count;
    }

    /** A smaller fan-out of {@code n} reminders, with the general log on. */
    private Logged reminderStatements(World world, int n) throws Exception {
        long first = world.members("RS", n, i -> null, "MEMBER");
        world.okrs(first, n, World.quarter(LocalDate.now(ZoneOffset.UTC)), i -> null);
        drainOutbox(world, Duration.ofMinutes(2));
        return logged(world, () -> {
            world.dueJobs("okr.prompt", "okr.weekly:", first, n);
            long deadline = System.currentTimeMillis() + Duration.ofMinutes(5).toMillis();
            long sent = 0;
            while (sent < n && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
                sent = reached("RS", n);
            }
            // the last ones are recorded as sent just after Slack has them
            drainOutbox(world, Duration.ofMinutes(1));
            if (sent != n) {
                failures.add("reminder sample: " + (n - sent) + " of " + n + " never reached Slack");
            }
            return n;
        });
    }

    /** What Baton sent the database while {@code work} ran, per unit of work (the number {@code work} returns). */
    private record Logged(long units, double statements, double roundTrips, double commits, Map<String, Long> kinds) {

        String table() {
            StringBuilder rows = new StringBuilder();
            kinds.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                    .forEach(e -> rows.append(String.format(Locale.ROOT, "| `%s` | %.1f |%n", e.getKey(),
                            e.getValue() / (double) Math.max(1, units))));
            return rows.toString();
        }
    }

    private interface Counted {
        long run() throws Exception;
    }

    /**
     * Runs {@code work} with the server's general log on and sorts what Baton sent: a logged query is one round trip,
     * and Baton's RoundTrip sends several statements in one, joined by ";\n".
     */
    private Logged logged(World world, Counted work) throws Exception {
        long harness = world.scalar("SELECT CONNECTION_ID()");
        world.execute("SET GLOBAL log_output = 'TABLE'");
        world.execute("TRUNCATE TABLE mysql.general_log");
        world.execute("SET GLOBAL general_log = 'ON'");
        long units;
        try {
            units = work.run();
        } finally {
            world.execute("SET GLOBAL general_log = 'OFF'");
        }
        long roundTrips = 0;
        long statements = 0;
        long commits = 0;
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (String[] row : world.rows("SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log WHERE "
                + "command_type IN ('Query', 'Execute') AND thread_id <> " + harness)) {
            roundTrips++;
            for (String statement : row[0].split(";\\s*\\n")) {
                statements++;
                commits += statement.strip().equalsIgnoreCase("commit") ? 1 : 0;
                kinds.merge(statementKind(statement), 1L, Long::sum);
            }
        }
        world.execute("TRUNCATE TABLE mysql.general_log");
        double per = Math.max(1, units);
        return new Logged(units, statements / per, roundTrips / per, commits / per, kinds);
    }

    private void drainOutbox(World world, Duration max) throws Exception {
        long deadline = System.currentTimeMillis() + max.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (world.scalar("SELECT COUNT(*) FROM outbox_message WHERE status IN ('PENDING', 'SENDING')") == 0) {
                return;
            }
            Thread.sleep(500);
        }
    }

    // ---- report ---------------------------------------------------------------------------------------------

    private void write() throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("# Benchmarks\n\n")
                .append("Written by `bench/run").append(quick ? " --quick" : "")
                .append(only.equals(DEFAULT_SCENARIOS) ? "" : " --only " + String.join(",", only)).append("` on ")
                .append(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append(". Rerun it to ")
                .append("replace this file; `bench/run --quick` tries the harness in a few minutes.\n\n")
                .append("The harness (`bench/`) starts Baton's jar, a baseline endpoint and a Slack fake (WireMock) ")
                .append("and drives Baton with signed Slack requests from a separate load-generating JVM over ")
                .append("loopback. The baseline is a bare Spring Boot endpoint on the same machine, database server and ")
                .append("Tomcat defaults that checks the same Slack signature and does one insert; ratios compare ")
                .append("Baton with it in the same run, so a noisy machine still compares. The harness exits with 1 ")
                .append("when a vote, reminder or digest was lost or duplicated.\n\n")
                .append("## Machine\n\n")
                .append("- CPU: ").append(cpu()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores available\n")
                .append("- Memory: ").append(memTotal()).append("\n")
                .append("- Java: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append("\n")
                .append("- Database: ").append(raw.get("database")).append(" on the same machine\n")
                .append("- Baton: one replica, `-Xmx1g`, default pool of 10 connections, up to 600 Tomcat threads (`server.tomcat.threads.max`) of which 32 handle requests at once (`baton.inbound.concurrency`)\n\n")
                .append("## Commands\n\n```bash\nbench/run                  # everything, as below\n")
                .append("bench/run --quick          # smaller\nbench/run --only votes     # one scenario: ")
                .append("commands, votes, reminders, digests\nbench/run --only stall     # a 3 s database stall under ")
                .append("200 clients: does Baton get back to its pace (not in the default run)\n```\n")
                .append("BENCH_DB_URL / BENCH_DB_USER / BENCH_DB_PASSWORD choose the database server (default ")
                .append("`jdbc:mysql://127.0.0.1:3306/`, root); it uses the databases `baton_bench` and ")
                .append("`baton_bench_baseline`, dropped first.\n");
        out.append(report);
        if (!failures.isEmpty()) {
            out.append("\n## Failures\n\n");
            failures.forEach(f -> out.append("- ").append(f).append('\n'));
        }
        out.append("\n## Raw numbers\n\n```\n");
        raw.forEach((k, v) -> out.append(k).append(" = ").append(v).append('\n'));
        out.append("```\n");
        Path target = Path.of(System.getProperty("bench.output", "BENCHMARKS.md"));
        // the hand-written reading of the numbers stays when the numbers are rewritten
        if (Files.exists(target)) {
            String before = Files.readString(target);
            int notes = before.indexOf("\n## Reading the numbers");
            if (notes >= 0) {
                out.append(before.substring(notes));
            }
        }
        Files.writeString(target, out.toString());
        log("wrote " + target.toAbsolutePath());
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

    private static String mb(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", bytes / 1048576.0);
    }

    private static String join(long[] ids) {
        StringBuilder s = new StringBuilder();
        for (long id : ids) {
            s.append(s.length() == 0 ? "" : ",").append(id);
        }
        return s.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void log(String message) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }
}
