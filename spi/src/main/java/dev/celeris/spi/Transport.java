package dev.celeris.spi;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A bound, running listener created by {@link TransportProvider#bind}.
 *
 * <p>Shutdown is graceful and two-step: {@link #shutdown(Duration)} stops accepting at once,
 * calls {@link ConnectionHandler#onShutdown()} on every open connection (on its I/O thread) so
 * the protocol can finish in-flight work (HTTP/2 sends GOAWAY), waits up to {@code grace} for
 * the connections to close by themselves, then closes the rest abortively and releases the
 * event loops. The returned stage completes when everything is released.
 */
public interface Transport extends AutoCloseable {

    /** The provider's name, e.g. {@code "nio"}. */
    String name();

    /** The address actually bound (the real port when the config asked for port 0). */
    InetSocketAddress localAddress();

    /**
     * Connections closed right after accept because {@link TransportConfig#maxConnections()} were
     * already open. The default (for transports that do not enforce the limit) is 0.
     */
    default long rejectedConnections() {
        return 0;
    }

    /** Starts a graceful shutdown; idempotent (later calls return the same stage). */
    CompletionStage<Void> shutdown(Duration grace);

    /** Shuts down with no grace period and waits until the transport has released everything. */
    @Override
    default void close() {
        shutdown(Duration.ZERO).toCompletableFuture().join();
    }
}
