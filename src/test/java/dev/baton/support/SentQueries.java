package dev.baton.support;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Counts round trips: Connector/J calls this once for every query a connection sends, a multi-statement query once.
 * The tests' application pool has it (BatonTestSupport), and so may a test's own pool; it records only while a test
 * asks it to, and only queries sent from the threads it names.
 */
public final class SentQueries implements QueryInterceptor {

    private static final List<String> SENT = new CopyOnWriteArrayList<>();
    private static volatile Predicate<Thread> recording;

    /** A body of a test that may throw. */
    public interface Work {
        void run() throws Exception;
    }

    /** The queries {@code work} caused threads matching {@code from} to send, in order. */
    public static List<String> during(Predicate<Thread> from, Work work) throws Exception {
        SENT.clear();
        recording = from;
        try {
            work.run();
        } finally {
            recording = null;
        }
        return List.copyOf(SENT);
    }

    /** Threads that handle the platform's requests: the embedded Tomcat's, and the writers of their transactions. */
    public static Predicate<Thread> requestThreads() {
        return t -> t.getName().startsWith("http-nio-") || t.getName().startsWith("group-commit-");
    }

    @Override
    public QueryInterceptor init(MysqlConnection conn, Properties props, Log log) {
        return this;
    }

    @Override
    public <T extends Resultset> T preProcess(Supplier<String> sql, Query interceptedQuery) {
        Predicate<Thread> from = recording;
        if (from != null && from.test(Thread.currentThread())) {
            SENT.add(sql.get());
        }
        return null;
    }

    @Override
    public boolean executeTopLevelOnly() {
        return true;
    }

    @Override
    public void destroy() {
    }

    @Override
    public <T extends Resultset> T postProcess(Supplier<String> sql, Query interceptedQuery, T originalResultSet,
            ServerSession serverSession) {
        return originalResultSet;
    }
}
