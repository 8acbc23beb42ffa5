package dev.celeris.spi;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link TransportConfig#maxConnections()} bound, shared by the transports: each accepted
 * socket takes a permit before it becomes a connection and gives it back when it closes; a socket
 * that finds none left is closed at once and counted. Thread-safe.
 */
public final class ConnectionLimiter {

    private static final System.Logger LOG = System.getLogger(ConnectionLimiter.class.getName());

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong rejected = new AtomicLong();

    /** {@code max} open connections; 0 is unlimited. */
    public ConnectionLimiter(int max) {
        if (max < 0) throw new IllegalArgumentException("max must be >= 0: " + max);
        this.max = max;
    }

    /**
     * Takes a permit for a new connection from {@code remote}; {@code false} (counted, logged at
     * DEBUG) when the limit is reached: the caller closes the socket.
     */
    public boolean tryAcquire(Object remote) {
        while (true) {
            int n = open.get();
            if (max > 0 && n >= max) {
                rejected.incrementAndGet();
                LOG.log(System.Logger.Level.DEBUG, () -> "connection from " + remote + " closed: " + max
                        + " connections open (maxConnections)");
                return false;
            }
            if (open.compareAndSet(n, n + 1)) return true;
        }
    }

    /** Gives back the permit of a connection that closed. */
    public void release() {
        open.decrementAndGet();
    }

    /** Connections holding a permit now. */
    public int open() {
        return open.get();
    }

    /** Connections closed because the limit was reached, since the start. */
    public long rejected() {
        return rejected.get();
    }
}
