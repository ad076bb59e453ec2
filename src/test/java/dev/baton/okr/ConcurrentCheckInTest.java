package dev.baton.okr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.conversation.Conversation;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Origin;
import dev.baton.support.BatonTestSupport;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Check-ins write their key result with an optimistic lock: when a manager and the owner check in on the same key
 * result at the same moment, neither is lost — the one that finds the row changed runs again on fresh data.
 */
class ConcurrentCheckInTest extends BatonTestSupport {

    @Autowired
    private Conversation conversation;

    @BeforeEach
    void clean() {
        resetWorld();
    }

    private static Origin origin(String user) {
        return new Origin("slack", "slack:" + TEAM, "C1", user, false, null, null);
    }

    @Test
    void simultaneousCheckInsOnOneKeyResultAreAllRecorded() throws Exception {
        conversation.handle(new Inbound.Command(origin("UROOT"), "okr", "objective \"Raise lead quality\""));
        conversation.handle(new Inbound.Command(origin("UROOT"), "okr", "kr O-1 \"Lead score\" from 0 to 100"));
        int before = jdbc.sql("SELECT version FROM key_result").query(Integer.class).single();
        int rounds = 20;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 1; i <= rounds; i++) {
                int value = i;
                done.add(pool.submit(() -> {
                    start.await();
                    conversation.handle(new Inbound.Command(origin("UROOT"), "okr",
                            "checkin KR-1 " + value + " confidence 6"));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM check_in").query(Long.class).single()).isEqualTo(rounds);
        assertThat(jdbc.sql("SELECT version FROM key_result").query(Integer.class).single())
                .isEqualTo(before + rounds);
        // each check-in starts where the one before it ended: none read a value another had already replaced
        List<BigDecimal[]> chain = jdbc.sql("SELECT previous_value, value FROM check_in ORDER BY id")
                .query((rs, i) -> new BigDecimal[] {rs.getBigDecimal(1), rs.getBigDecimal(2)}).list();
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i)[0]).isEqualByComparingTo(chain.get(i - 1)[1]);
        }
        BigDecimal last = chain.get(chain.size() - 1)[1];
        assertThat(jdbc.sql("SELECT current_value FROM key_result").query(BigDecimal.class).single())
                .isEqualByComparingTo(last);
    }
}
