package dev.baton.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The load generator, run by the harness as a process of its own so that it does not share a JVM (heap, GC pauses,
 * threads) with what it measures. It sends signed Slack requests over loopback and prints one line of JSON:
 * requests (measured), errors, seconds, throughput, latency percentiles in milliseconds, sent (every request,
 * warm-up included) and, for commands, perSecond: the requests answered in each second of the measured time, so that
 * a slow stretch shows when it began and whether it ended.
 *
 * <pre>
 * commands URL SECRET CLIENTS WARMUP_S SECONDS SCRIPT   closed loop: each client sends its next line's command at once
 * votes    URL SECRET SPREAD_S SCRIPT                   open loop: the script's clicks spread evenly over SPREAD_S
 * </pre>
 * A commands script has one line per client: {@code user_id<TAB>/command text with {v} for a random value}. A votes
 * script has one line per click: {@code user_id<TAB>channel_id<TAB>action_id<TAB>value}.
 */
public final class Load {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI url = URI.create(args[1]);
        Signer signer = new Signer(args[2]);
        String responseBase = System.getProperty("bench.response-url", "http://127.0.0.1:1/response/");
        if (mode.equals("commands")) {
            commands(url, signer, Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Files.readAllLines(Path.of(args[6])), responseBase);
        } else {
            votes(url, signer, Integer.parseInt(args[3]), Files.readAllLines(Path.of(args[4])), responseBase);
        }
        System.exit(0);
    }

    private static HttpClient client(ExecutorService pool) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static int send(HttpClient http, URI url, Signer signer, String body) {
        long ts = System.currentTimeMillis() / 1000;
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Slack-Request-Timestamp", String.valueOf(ts))
                    .header("X-Slack-Signature", signer.sign(ts, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String command(String user, String text, String responseBase) {
        String[] parts = text.substring(1).split(" ", 2);
        long n = SEQUENCE.incrementAndGet();
        return "team_id=T0BENCH&channel_id=CBENCH&channel_name=bench&user_id=" + user + "&user_name=" + user
                + "&command=" + enc("/" + parts[0]) + "&text=" + enc(parts.length > 1 ? parts[1] : "")
                + "&response_url=" + enc(responseBase + n) + "&trigger_id=t" + n + "&api_app_id=A0BENCH";
    }

    private static void commands(URI url, Signer signer, int clients, int warmup, int seconds, List<String> script,
            String responseBase) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients + 4);
        HttpClient http = client(Executors.newFixedThreadPool(4));
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        List<long[]> perClient = new ArrayList<>();
        AtomicInteger errors = new AtomicInteger();
        java.util.concurrent.atomic.AtomicIntegerArray perSecond = new java.util.concurrent.atomic.AtomicIntegerArray(
                seconds);
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String[] line = script.get(c % script.size()).split("\t", 2);
            long[][] mine = {new long[1024]};
            int[] count = {0};
            running.add(pool.submit(() -> {
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    String text = line[1].replace("{v}", String.valueOf(ThreadLocalRandom.current().nextInt(100)));
                    int status = send(http, url, signer, command(line[0], text, responseBase));
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom && t1 <= end) {
                        if (status != 200) {
                            errors.incrementAndGet();
                        }
                        if (count[0] == mine[0].length) {
                            mine[0] = Arrays.copyOf(mine[0], count[0] * 2);
                        }
                        mine[0][count[0]++] = t1 - t0;
                        perSecond.incrementAndGet((int) Math.min(seconds - 1,
                                TimeUnit.NANOSECONDS.toSeconds(t1 - measureFrom)));
                    }
                }
                synchronized (perClient) {
                    perClient.add(Arrays.copyOf(mine[0], count[0]));
                }
            }));
        }
        for (var f : running) {
            f.get();
        }
        int[] counts = new int[seconds];
        for (int i = 0; i < seconds; i++) {
            counts[i] = perSecond.get(i);
        }
        report(perClient, errors.get(), seconds, counts);
    }

    private static void votes(URI url, Signer signer, int spread, List<String> script, String responseBase)
            throws Exception {
        int threads = Math.min(script.size(), 400);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        HttpClient http = client(Executors.newFixedThreadPool(4));
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long step = TimeUnit.SECONDS.toNanos(spread) / script.size();
        long[] latencies = new long[script.size()];
        AtomicInteger errors = new AtomicInteger();
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        for (int i = 0; i < script.size(); i++) {
            int index = i;
            String[] f = script.get(i).split("\t");
            running.add(pool.submit(() -> {
                long at = start + index * step;
                while (System.nanoTime() < at) {
                    LockSupport.parkNanos(at - System.nanoTime());
                }
                long t0 = System.nanoTime();
                int status = send(http, url, signer, click(f[0], f[1], f[2], f[3], responseBase));
                latencies[index] = System.nanoTime() - t0;
                if (status != 200) {
                    errors.incrementAndGet();
                }
            }));
        }
        for (var f : running) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report(List.of(latencies), errors.get(), seconds, null);
    }

    private static String click(String user, String channel, String actionId, String value, String responseBase) {
        long n = SEQUENCE.incrementAndGet();
        String payload = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T0BENCH\",\"domain\":\"bench\"},"
                + "\"user\":{\"id\":\"" + user + "\",\"username\":\"" + user + "\",\"team_id\":\"T0BENCH\"},"
                + "\"api_app_id\":\"A0BENCH\",\"trigger_id\":\"trigger-" + n + "\","
                + "\"response_url\":\"" + responseBase + n + "\","
                + "\"container\":{\"type\":\"message\",\"message_ts\":\"1700000001.1\",\"channel_id\":\"" + channel
                + "\"},\"channel\":{\"id\":\"" + channel + "\",\"name\":\"bench\"},"
                + "\"actions\":[{\"action_id\":\"" + actionId + "\",\"block_id\":\"b1\",\"value\":\"" + value
                + "\",\"type\":\"button\",\"action_ts\":\"1700000000." + n + "\"}]}";
        return "payload=" + enc(payload);
    }

    private static void report(List<long[]> perClient, int errors, double seconds, int[] perSecond) {
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf(java.util.Locale.ROOT,
                "{\"requests\":%d,\"errors\":%d,\"seconds\":%.2f,\"throughput\":%.1f,\"p50\":%.1f,\"p90\":%.1f,"
                        + "\"p99\":%.1f,\"max\":%.1f,\"sent\":%d%s}%n",
                all.length, errors, seconds, all.length / seconds, pct(all, 50), pct(all, 90), pct(all, 99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6, SEQUENCE.get(),
                perSecond == null ? "" : ",\"perSecond\":" + Arrays.toString(perSecond).replace(" ", ""));
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
