package dev.baton.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.BatonTestSupport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Several runners (as on several replicas) claim the same due jobs at once: every job runs exactly once, a failing
 * job rolls back its own writes and is retried later, and a recurring job is moved, not duplicated.
 */
@Import(JobRunnerConcurrencyTest.Counting.class)
@TestPropertySource(properties = "baton.schedule.workers=2")
class JobRunnerConcurrencyTest extends BatonTestSupport {

    @Autowired
    private Schedule schedule;
    @Autowired
    private JobRunner runner;
    @Autowired
    private Counting counting;

    @TestConfiguration
    static class Counting {
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        final Map<String, String> threads = new ConcurrentHashMap<>();
        volatile CountDownLatch release = new CountDownLatch(0);
        final CountDownLatch blocking = new CountDownLatch(1);

        @Bean
        JobHandler countingJob(JdbcClient jdbc) {
            return new JobHandler() {
                @Override
                public String kind() {
                    return "test.count";
                }

                @Override
                public Optional<Instant> run(Job job) {
                    runs.computeIfAbsent(job.key(), k -> new AtomicInteger()).incrementAndGet();
                    threads.put(job.key(), Thread.currentThread().getName());
                    if (job.payload().equals("block")) {
                        blocking.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    // a write in the job's transaction, rolled back with it on failure
                    jdbc.sql("INSERT INTO inbound_event (event_key, received_at) VALUES (?, NOW())")
                            .param("ran:" + job.key()).update();
                    if (job.payload().equals("fail")) {
                        throw new IllegalStateException("boom");
                    }
                    if (job.payload().equals("weekly")) {
                        return Optional.of(job.dueAt().plusSeconds(7 * 24 * 3600));
                    }
                    return Optional.empty();
                }
            };
        }
    }

    @BeforeEach
    void clean() {
        resetWorld();
        counting.runs.clear();
        counting.threads.clear();
        clock.set(Instant.parse("2026-03-02T01:00:00Z"));
    }

    @Test
    void fourRunnersRunEachOfFiveHundredJobsExactlyOnce() throws Exception {
        Instant due = clock.instant().minusSeconds(1);
        for (int i = 0; i < 500; i++) {
            schedule.at("job:" + i, "test.count", "once", due);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> ran = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            ran.add(pool.submit(() -> {
                start.await();
                return runner.runDue();
            }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> f : ran) {
            total += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(total).isEqualTo(500);
        assertThat(counting.runs).hasSize(500);
        assertThat(counting.runs.values()).allMatch(c -> c.get() == 1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM scheduled_job").query(Long.class).single()).isZero();
    }

    @Test
    void aFailingJobRollsBackItsWritesAndIsRetriedLater() {
        schedule.at("job:fail", "test.count", "fail", clock.instant());
        runner.runDue();
        assertThat(counting.runs.get("job:fail").get()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM inbound_event").query(Long.class).single()).isZero();
        assertThat(schedule.dueAt("job:fail")).hasValueSatisfying(at -> assertThat(at).isAfter(clock.instant()));
        runner.runDue();
        assertThat(counting.runs.get("job:fail").get()).as("not retried before its backoff").isEqualTo(1);
        clock.set(clock.instant().plusSeconds(60));
        runner.runDue();
        assertThat(counting.runs.get("job:fail").get()).isEqualTo(2);
    }

    @Test
    void aRecurringJobIsMovedToItsNextTimeNotDuplicated() {
        Instant due = clock.instant();
        schedule.at("job:weekly", "test.count", "weekly", due);
        runner.runDue();
        assertThat(schedule.dueAt("job:weekly")).contains(due.plusSeconds(7 * 24 * 3600));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM scheduled_job").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void thePollHandsDueJobsToItsWorkersAndALongJobHoldsUpNeitherThePollNorTheOtherJobs() throws Exception {
        counting.release = new CountDownLatch(1);
        Instant due = clock.instant().minusSeconds(1);
        schedule.at("job:long", "test.count", "block", due);
        for (int i = 0; i < 20; i++) {
            schedule.at("job:" + i, "test.count", "once", due.plusMillis(1));
        }
        try {
            runner.poll(); // returns at once: the jobs run on the runner's own threads
            assertThat(counting.blocking.await(30, TimeUnit.SECONDS)).isTrue();
            long deadline = System.currentTimeMillis() + 30_000;
            while (counting.runs.size() < 21 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            // the long job still runs, and the other worker has done all the rest meanwhile
            assertThat(counting.runs).hasSize(21);
            assertThat(counting.threads.get("job:long")).startsWith("jobs-");
            assertThat(counting.threads.get("job:0")).startsWith("jobs-").isNotEqualTo(counting.threads.get("job:long"));
            runner.poll(); // a worker still busy is not started twice; the idle one finds nothing due
        } finally {
            counting.release.countDown();
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (jdbc.sql("SELECT COUNT(*) FROM scheduled_job").query(Long.class).single() > 0
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM scheduled_job").query(Long.class).single()).isZero();
        assertThat(counting.runs.values()).allMatch(c -> c.get() == 1);
    }
}
