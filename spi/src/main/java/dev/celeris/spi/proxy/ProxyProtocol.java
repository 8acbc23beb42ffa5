package dev.celeris.spi.proxy;

import dev.celeris.spi.ConnectionHandler;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The PROXY protocol (v1 and v2) as a layer in front of any {@link ConnectionHandler.Factory}:
 * each connection first reads and strips the header, then the handler above sees the client's
 * address as {@link dev.celeris.spi.Connection#remoteAddress()}. Works on every transport; put it
 * outermost, so that PROXY comes before TLS and before HTTP detection:
 *
 * <pre>{@code
 * ProxyProtocol proxy = ProxyProtocol.wrap(ProxyProtocolConfig.defaults(), engine);
 * transport = provider.bind(config, proxy);
 * }</pre>
 *
 * Only use it on listeners that nothing but your proxies can reach: the header is trusted.
 * Counters tell how many connections were accepted, rejected (malformed or oversized header) and
 * timed out.
 */
public final class ProxyProtocol implements ConnectionHandler.Factory {

    /** One daemon thread for every listener's header timeouts (they are cancelled on success). */
    private static final ScheduledExecutorService TIMER = timer();

    private final ProxyProtocolConfig config;
    private final ConnectionHandler.Factory next;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();

    private ProxyProtocol(ProxyProtocolConfig config, ConnectionHandler.Factory next) {
        this.config = Objects.requireNonNull(config, "config");
        this.next = Objects.requireNonNull(next, "next");
    }

    /** {@code next} behind a PROXY protocol layer configured by {@code config}. */
    public static ProxyProtocol wrap(ProxyProtocolConfig config, ConnectionHandler.Factory next) {
        return new ProxyProtocol(config, next);
    }

    @Override
    public ConnectionHandler newHandler() {
        return new ProxyProtocolHandler(this);
    }

    public ProxyProtocolConfig config() {
        return config;
    }

    /** Connections whose header was valid. */
    public long acceptedHeaders() {
        return accepted.get();
    }

    /** Connections closed for a malformed, oversized or unexpected-version header. */
    public long rejectedHeaders() {
        return rejected.get();
    }

    /** Connections closed because the header did not arrive within the timeout. */
    public long timedOutHeaders() {
        return timedOut.get();
    }

    ConnectionHandler.Factory next() {
        return next;
    }

    void accepted() {
        accepted.incrementAndGet();
    }

    void rejected() {
        rejected.incrementAndGet();
    }

    void timedOut() {
        timedOut.incrementAndGet();
    }

    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return TIMER.schedule(task, delay, unit);
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "celeris-proxy-protocol-timer");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true); // cancelled deadlines (the normal case) do not pile up
        return t;
    }
}
