package dev.celeris.engine.internal;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Picks the protocol of a cleartext connection from its first bytes ({@link
 * dev.celeris.engine.Protocols#BOTH}): the 24-byte HTTP/2 connection preface (RFC 9113 §3.4)
 * selects HTTP/2, anything that can start an HTTP/1.1 request line (a method token, or the empty
 * lines RFC 9112 §2.2 allows before it) selects HTTP/1.1, anything else is closed without an
 * answer (it is neither protocol, so neither an HTTP/1.1 400 nor a GOAWAY would be understood;
 * HTTP/1.1 does the same when the first request line carries no HTTP version). It decides at the first byte that differs from the preface, so a request such as
 * {@code GET} is handed over at once, and it works when bytes arrive one at a time. Every byte
 * it has seen is replayed to the chosen handler, which then receives every later callback.
 *
 * <p>A connection that sends nothing is closed after {@code timeout}.
 *
 * <p>As the engine's per-connection start ({@link Protocol}, {@code protocols = BOTH}) it is
 * {@link TlsStart} too: over TLS, ALPN picks the handler when it can, so a connection carries one
 * start object instead of two. The bytes matched so far are a prefix of the preface, so only
 * their count is kept.
 */
public final class ProtocolDetector implements ConnectionHandler {

    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Supplier<ConnectionHandler> http2;
    /** HTTP/1.1 once detected; over TLS without ALPN, {@link #tlsHttp1} (no h2c upgrade). */
    private Supplier<ConnectionHandler> http1;
    /** Non-null when this detector starts the connection and picks by ALPN over TLS: HTTP/1.1 over TLS. */
    private final Supplier<ConnectionHandler> tlsHttp1;
    private final Duration timeout;
    /** How many bytes of the preface matched so far (they are {@code PREFACE[0, count)}). */
    private int count;
    private Connection connection;
    private ConnectionHandler delegate;
    private Future<?> timer;
    private boolean closed;

    public ProtocolDetector(Supplier<ConnectionHandler> http2, Supplier<ConnectionHandler> http1, Duration timeout) {
        this(http2, http1, null, timeout);
    }

    /** A connection's start: picks by ALPN over TLS ({@code tlsHttp1} for {@code http/1.1}), else detects. */
    ProtocolDetector(Supplier<ConnectionHandler> http2, Supplier<ConnectionHandler> http1,
                     Supplier<ConnectionHandler> tlsHttp1, Duration timeout) {
        this.http2 = http2;
        this.http1 = http1;
        this.tlsHttp1 = tlsHttp1;
        this.timeout = timeout;
    }

    @Override
    public void onOpen(Connection connection) {
        this.connection = connection;
        if (tlsHttp1 != null && connection.tlsSession() != null) {
            ConnectionHandler chosen = TlsStart.byAlpn(connection, http2, tlsHttp1);
            if (chosen != null) {
                delegate = chosen;
                connection.replaceHandler(this, chosen); // this start leaves the call path if the transport lets it
                chosen.onOpen(connection);
                return;
            }
            http1 = tlsHttp1; // TLS without ALPN: detected, without upgrade
        }
        timer = Timers.schedule(connection, timeout, () -> {
            if (delegate == null && !closed) connection.close();
        });
    }

    @Override
    public void onData(ByteBuffer chunk) {
        if (delegate != null) {
            delegate.onData(chunk);
            return;
        }
        if (closed) return;
        while (chunk.hasRemaining()) {
            byte b = chunk.get(chunk.position());
            if (b != PREFACE[count]) {
                byte first = count > 0 ? PREFACE[0] : b;
                if (isRequestLineStart(first)) {
                    handOver(http1.get(), chunk);
                } else {
                    reject();
                }
                return;
            }
            count++;
            chunk.position(chunk.position() + 1);
            if (count == PREFACE.length) {
                handOver(http2.get(), chunk);
                return;
            }
        }
    }

    @Override
    public void onWritable() {
        if (delegate != null) delegate.onWritable();
    }

    /** A client that half-closed before the protocol was known is done: close. */
    @Override
    public boolean onInputClosed() {
        return delegate != null && delegate.onInputClosed();
    }

    @Override
    public void onShutdown() {
        if (delegate != null) {
            delegate.onShutdown();
        } else {
            connection.close();
        }
    }

    @Override
    public void onClose(Throwable cause) {
        closed = true;
        if (timer != null) timer.cancel(false);
        if (delegate != null) delegate.onClose(cause);
    }

    /** The chosen handler, or null while undecided (for tests). */
    ConnectionHandler delegate() {
        return delegate;
    }

    private void handOver(ConnectionHandler handler, ByteBuffer rest) {
        timer.cancel(false);
        timer = null; // a cancelled task still weighs 72 bytes: the connection lives on without it
        delegate = handler;
        // The transport calls the chosen handler directly from now on, if it can: this detector
        // becomes garbage instead of forwarding every callback (it still forwards what it gets).
        connection.replaceHandler(this, handler);
        handler.onOpen(connection);
        if (count > 0) handler.onData(ByteBuffer.wrap(java.util.Arrays.copyOf(PREFACE, count)));
        if (rest.hasRemaining() && !closed) handler.onData(rest);
    }

    private void reject() {
        closed = true;
        timer.cancel(false);
        connection.close();
    }

    /** RFC 9112 §3 a method is a token (RFC 9110 §5.6.2); §2.2 empty lines may precede it. */
    private static boolean isRequestLineStart(byte b) {
        if (b == '\r' || b == '\n') return true;
        if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) return true;
        return b > 0x20 && b < 0x7f && "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
    }
}
