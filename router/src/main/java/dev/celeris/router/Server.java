package dev.celeris.router;

import dev.celeris.spi.Transport;
import dev.celeris.spi.Transports;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A running server. {@link #close()} shuts it down gracefully; {@link #await()} waits for that. */
public final class Server implements AutoCloseable {

    private final Transport transport;
    private final Duration grace;
    private final CountDownLatch closed = new CountDownLatch(1);

    Server(Transport transport, Duration grace) {
        this.transport = transport;
        this.grace = grace;
    }

    /** The bound port (the real one when started with port 0). */
    public int port() {
        return transport.localAddress().getPort();
    }

    public InetSocketAddress address() {
        return transport.localAddress();
    }

    /** Whether this server speaks TLS. */
    public boolean isTls() {
        return Transports.tlsLayer(transport).isPresent();
    }

    /**
     * Reads the TLS certificate, key and CA files again: new connections get the new
     * certificates, open ones keep theirs; on failure the old ones stay in use.
     *
     * @throws IllegalStateException when this server does not use the JDK TLS layer
     */
    public void reloadTls() throws java.io.IOException, java.security.GeneralSecurityException {
        Transports.tlsLayer(transport).orElseThrow(() -> new IllegalStateException("no TLS on " + this)).reload();
    }

    /** The transport's name, e.g. {@code nio}. */
    public String transportName() {
        return transport.name();
    }

    /**
     * Stops accepting, lets in-flight requests finish for up to the shutdown grace (HTTP/2
     * connections get GOAWAY), then closes what is left. Idempotent; returns when done.
     */
    @Override
    public void close() {
        try {
            transport.shutdown(grace).toCompletableFuture().join();
        } finally {
            closed.countDown();
        }
    }

    /** Blocks until {@link #close()} has completed (e.g. from a shutdown hook). */
    public void await() throws InterruptedException {
        closed.await();
    }

    /** Waits at most {@code timeout}; returns whether the server closed. */
    public boolean await(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public String toString() {
        return "Server[" + transport.name() + " " + transport.localAddress() + "]";
    }
}
