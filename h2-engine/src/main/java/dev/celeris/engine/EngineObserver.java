package dev.celeris.engine;

/**
 * Receives what the engine does, for metrics, tracing or logging. Every method has an empty
 * default, so an observer overrides only what it needs; {@link #NONE} (the default of
 * {@link EngineConfig#observer()}) costs nothing: the engine skips clock reads and never builds
 * event objects for it. Events pass objects the engine already holds ({@link ConnectionInfo},
 * {@link HttpRequest}) and primitives, so even a registered observer adds no allocation.
 *
 * <p><b>Threads.</b> Connection, stream, GOAWAY, limit and flow-control events arrive on the
 * connection's I/O thread (client failures too); exchange events on the thread that runs the handler (a virtual
 * thread by default). An observer is shared by every connection, so it must be thread-safe,
 * and it must be quick and never block: it runs inside the engine. An exception thrown by an
 * observer is the observer's bug; the engine does not catch it on the hot path.
 *
 * <p>Error codes are raw HTTP/2 wire values (RFC 9113 §7), unknown codes included.
 */
public interface EngineObserver {

    /** The observer that listens to nothing (the engine skips all event work for it). */
    EngineObserver NONE = new EngineObserver() { };

    /** Who sent a RST_STREAM or GOAWAY. */
    enum Origin { PEER, SERVER }

    /** A transport accepted a connection; its protocol may still be unknown ({@code null}). */
    default void connectionOpened(ConnectionInfo connection) { }

    /**
     * The connection's protocol became known or changed (detection from the first bytes, or an
     * HTTP/1.1 connection upgraded to h2c). {@code previous} is {@code null} the first time.
     */
    default void protocolSelected(ConnectionInfo connection, String previous) { }

    /** The connection closed; {@link ConnectionInfo} holds its final byte counts and open time. */
    default void connectionClosed(ConnectionInfo connection, long durationNanos) { }

    /** A handler is about to run for {@code request}. */
    default void exchangeStarted(HttpRequest request) { }

    /**
     * The handler returned (or threw) and the response ended: {@code status} is the final
     * status sent (500 when the handler failed before committing), {@code responseBodyBytes} the
     * body bytes the handler wrote (none for HEAD), {@code durationNanos} the time from
     * {@link #exchangeStarted} to now, {@code failure} what the handler threw, or {@code null}.
     * {@link HttpRequest#routeTemplate()} holds the matched route when a router set it.
     */
    default void exchangeCompleted(HttpRequest request, int status, long responseBodyBytes, long durationNanos,
                                   Throwable failure) { }

    /**
     * What a client did that ended an exchange (or the connection) early. Such failures are an
     * expected outcome, not a server error: the engine logs them at DEBUG and never answers 500.
     */
    enum ClientFailure {
        /** The client reset the stream (HTTP/2 RST_STREAM) before its exchange ended. */
        RESET,
        /** The connection closed (or the client half-closed) in the middle of an exchange. */
        DISCONNECTED,
        /** The request body broke its framing: shorter or longer than its content-length, bad chunking, over the size limit. */
        BAD_BODY,
        /** The client broke the protocol: a malformed request head, an HTTP/2 stream or connection error. */
        PROTOCOL_ERROR,
        /** The client stopped moving: it neither read the response nor sent the body for the configured deadline. */
        STALLED
    }

    /**
     * A client-caused failure ended an exchange or the connection early (reported once per
     * exchange, or once per connection for a connection-level error), on the I/O thread.
     * Counted next to {@link #exchangeCompleted}: a handler interrupted this way still completes.
     */
    default void clientFailure(ConnectionInfo connection, ClientFailure kind) { }

    /** The peer opened HTTP/2 stream {@code streamId} (a request). */
    default void streamOpened(ConnectionInfo connection, int streamId) { }

    /** A RST_STREAM with {@code errorCode} was sent ({@link Origin#SERVER}) or received ({@link Origin#PEER}). */
    default void streamReset(ConnectionInfo connection, int streamId, Origin by, long errorCode) { }

    /** A GOAWAY was sent ({@link Origin#SERVER}) or received ({@link Origin#PEER}). */
    default void goAway(ConnectionInfo connection, Origin by, int lastStreamId, long errorCode) { }

    /**
     * A flood or abuse limit tripped; {@code limit} is the name of the configuration option that
     * set it (e.g. {@code maxResetsPerWindow}, {@code maxPingsPerSecond}), see docs/observability.md.
     */
    default void limitTripped(ConnectionInfo connection, String limit) { }

    /**
     * Response data for {@code streamId} waits for window credit: the peer's stream window
     * ({@code streamId > 0}) or connection window ({@code streamId == 0}) is exhausted.
     */
    default void flowControlStalled(ConnectionInfo connection, int streamId) { }

    /**
     * The connection runs over TLS and its handshake has finished (reported once, right after
     * {@link #connectionOpened}): {@code protocol} such as {@code TLSv1.3}, {@code cipherSuite},
     * {@code alpn} the application protocol ALPN agreed on, or {@code null}. Handshakes that fail
     * never reach the engine, so they are not reported here.
     */
    default void tlsHandshake(ConnectionInfo connection, String protocol, String cipherSuite, String alpn) { }

    /** An observer that forwards every event to {@code first}, then {@code second}. */
    static EngineObserver both(EngineObserver first, EngineObserver second) {
        if (first == NONE) return second;
        if (second == NONE) return first;
        return new ObserverPair(first, second);
    }
}
