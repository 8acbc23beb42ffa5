package dev.celeris.engine;

import java.net.SocketAddress;

/**
 * One connection as an {@link EngineObserver} sees it. The engine keeps one per connection
 * while an observer is registered; the counters are updated on the connection's I/O thread and
 * readable from any thread (they may lag a little when read elsewhere).
 */
public interface ConnectionInfo {

    /** A number unique within this JVM, in opening order. */
    long id();

    /** {@code "HTTP/1.1"} or {@code "HTTP/2.0"} once known, else {@code null}. */
    String protocol();

    SocketAddress remoteAddress();

    SocketAddress localAddress();

    /** Bytes received from the transport so far. */
    long bytesIn();

    /** Bytes handed to the transport for writing so far. */
    long bytesOut();

    /** {@link System#nanoTime()} when the connection opened. */
    long openedNanos();
}
