package dev.baton.support;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A platform's WebSocket server for tests ({@link SocketModeStandIn}, {@link FeishuLongConnectionStandIn}): listens
 * on a free local port, keeps Baton's newest connection, counts connections and can cut one as a network failure
 * does.
 */
abstract class StandInServer extends WebSocketServer {

    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicInteger connections = new AtomicInteger();
    protected volatile WebSocket current;

    StandInServer() {
        super(new InetSocketAddress("127.0.0.1", 0));
        setReuseAddr(true);
        setDaemon(true);
    }

    /** Starts the server and waits until it listens. */
    void startListening() {
        start();
        try {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(getClass().getSimpleName() + " did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int connections() {
        return connections.get();
    }

    /** Is Baton connected? Waits up to {@code timeout} for it to be. */
    public boolean connected(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (current == null || !current.isOpen()) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Cuts the connection as a network failure does: no close frame, Baton finds out by its own checks. */
    public void drop() {
        WebSocket c = current;
        current = null;
        if (c != null) {
            c.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by the test");
        }
    }

    /** A new connection from Baton, now the current one. */
    protected void opened(WebSocket conn) {
    }

    @Override
    public final void onOpen(WebSocket conn, ClientHandshake handshake) {
        connections.incrementAndGet();
        current = conn;
        opened(conn);
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        if (conn == current) {
            current = null;
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        // a dropped connection reports here too; Baton reconnects by itself
    }

    @Override
    public void onStart() {
        started.countDown();
    }
}
