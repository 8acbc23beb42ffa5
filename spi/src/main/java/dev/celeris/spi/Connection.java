package dev.celeris.spi;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The transport side of one connection, handed to {@link ConnectionHandler#onOpen}.
 *
 * <h2>Threading</h2>
 * Every connection is pinned to one I/O thread. {@link #write} and {@link #flush} must be
 * called on that thread (inside a handler callback or a task passed to
 * {@link #execute}). {@link #execute}, {@link #close}, {@link #abort}, {@link #isOpen}, {@link #inEventLoop},
 * the address getters and {@link #isWritable} may be called from any thread.
 *
 * <h2>Writes</h2>
 * {@link #write} queues buffers in call order and never flushes; {@link #flush} starts sending
 * everything queued so far. The transport takes ownership of written buffers (their content
 * between position and limit): the caller must not change them afterwards. Writes to a closed
 * connection are silently dropped.
 *
 * <h2>Back-pressure</h2>
 * When the queued-but-unsent bytes exceed the high-water mark {@link #isWritable()} turns
 * {@code false}; once they fall below the low-water mark it turns {@code true} again and the
 * handler's {@link ConnectionHandler#onWritable()} is called. Writing while not writable is
 * allowed (nothing is dropped); a well-behaved protocol stops producing.
 *
 * <h2>Close</h2>
 * {@link #close()} is orderly: bytes already queued are flushed first, then the socket is
 * closed. {@link #abort()} closes at once, discarding queued bytes (a TCP reset where the
 * platform allows). Either way {@link ConnectionHandler#onClose} is called exactly once, on the
 * I/O thread. Writes after {@code close()} are dropped.
 */
public interface Connection {

    /** Queues buffers for sending, in order, without flushing. I/O thread only. */
    void write(ByteBuffer... buffers);

    /** Sends everything queued so far. I/O thread only. */
    void flush();

    /** {@code false} while queued bytes are above the high-water mark. Any thread. */
    boolean isWritable();

    /**
     * Bytes written but not yet handed to the socket (the figure the water marks apply to).
     * Exact on the I/O thread; a recent value from other threads.
     */
    long queuedBytes();

    /** Runs {@code task} on this connection's I/O thread, in submission order. Any thread. */
    void execute(Runnable task);

    /** Whether the calling thread is this connection's I/O thread. */
    boolean inEventLoop();

    /** Whether the connection is still open. */
    boolean isOpen();

    SocketAddress remoteAddress();

    SocketAddress localAddress();

    /** Orderly close: flush what is queued, then close. Idempotent; any thread. */
    void close();

    /** Abortive close: discard queued bytes and close now. Idempotent; any thread. */
    void abort();

    /**
     * Stops ({@code false}) or resumes ({@code true}) reading from the socket: inbound
     * back-pressure. While reading is off the transport stops calling
     * {@link ConnectionHandler#onData} soon (a chunk already read may still be delivered) and
     * lets the kernel's receive window fill, so TCP slows the peer down. Protocols without
     * their own flow control (HTTP/1.1 request bodies, pipelined requests) use it when the
     * application lags. Reading is on when a connection opens. Idempotent; I/O thread only.
     *
     * <p>The default does nothing: a transport that does not implement it keeps delivering
     * data, and the protocol has to buffer it.
     */
    default void setAutoRead(boolean autoRead) {
    }

    /**
     * The TLS session when the bytes of this connection travel over TLS (the handshake has
     * finished before the protocol's {@link ConnectionHandler#onOpen} is called), else
     * {@code null}. Protocol version, cipher suite, SNI name and client certificates come from it.
     */
    default javax.net.ssl.SSLSession tlsSession() {
        return null;
    }

    /**
     * The protocol agreed by ALPN (RFC 7301), e.g. {@code "h2"} or {@code "http/1.1"}; {@code null}
     * for cleartext connections and for TLS clients that sent no ALPN.
     */
    default String applicationProtocol() {
        return null;
    }

    /**
     * Hands this connection's later callbacks to {@code next} if {@code current} is the handler
     * the transport calls (it is not when something wraps it): a handler that only chose the
     * protocol (detection, ALPN) steps out of the call path instead of forwarding every callback
     * for the connection's life. {@code next} is already open: the transport does not call its
     * {@link ConnectionHandler#onOpen}. Returns whether the handler was replaced. I/O thread only.
     *
     * <p>The default replaces nothing: the caller keeps forwarding.
     */
    default boolean replaceHandler(ConnectionHandler current, ConnectionHandler next) {
        return false;
    }
}
