package dev.celeris.engine.internal;

import dev.celeris.engine.ConnectionInfo;
import dev.celeris.engine.EngineObserver;
import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection watched by an {@link EngineObserver}: wraps the transport's {@link Connection}
 * (counting bytes written) and the protocol's {@link ConnectionHandler} (counting bytes read,
 * reporting open and close). The engine builds one only when an observer is registered, so an
 * unobserved connection runs exactly as before. The protocol handlers find it through
 * {@link #of(Connection)} and report their protocol and HTTP/2 events against it.
 */
public final class ObservedConnection implements Connection, ConnectionInfo, ConnectionHandler {

    private static final AtomicLong IDS = new AtomicLong();

    /** The protocol handler; a start (detector, ALPN) replaces itself with the handler it chose. */
    private ConnectionHandler handler;
    private final EngineObserver observer;
    private final long id = IDS.incrementAndGet();
    private Connection connection;
    private volatile String protocol;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private long openedNanos;
    private boolean closed;

    public ObservedConnection(ConnectionHandler handler, EngineObserver observer) {
        this.handler = handler;
        this.observer = observer;
    }

    /** The observed view of {@code connection}, or {@code null} when nobody observes it. */
    public static ObservedConnection of(Connection connection) {
        return connection instanceof ObservedConnection o ? o : null;
    }

    /** The protocol handler on {@code connection} speaks {@code name} ({@code HTTP/1.1}, {@code HTTP/2.0}). */
    public static void protocol(Connection connection, String name) {
        if (connection instanceof ObservedConnection o && !name.equals(o.protocol)) {
            String previous = o.protocol;
            o.protocol = name;
            o.observer.protocolSelected(o, previous);
        }
    }

    public EngineObserver observer() {
        return observer;
    }

    // ---- ConnectionHandler (transport → engine)

    @Override
    public void onOpen(Connection transport) {
        this.connection = transport;
        this.openedNanos = System.nanoTime();
        observer.connectionOpened(this);
        javax.net.ssl.SSLSession tls = transport.tlsSession(); // TLS runs below: its handshake is done
        if (tls != null) observer.tlsHandshake(this, tls.getProtocol(), tls.getCipherSuite(), transport.applicationProtocol());
        handler.onOpen(this);
    }

    @Override
    public void onData(ByteBuffer chunk) {
        bytesIn += chunk.remaining(); // single writer: the I/O thread
        handler.onData(chunk);
    }

    @Override public void onWritable() { handler.onWritable(); }
    @Override public boolean onInputClosed() { return handler.onInputClosed(); }
    @Override public void onShutdown() { handler.onShutdown(); }

    @Override
    public void onClose(Throwable cause) {
        try {
            handler.onClose(cause);
        } finally {
            if (!closed) {
                closed = true;
                observer.connectionClosed(this, System.nanoTime() - openedNanos);
            }
        }
    }

    // ---- Connection (engine → transport)

    @Override
    public void write(ByteBuffer... buffers) {
        long n = 0;
        for (ByteBuffer b : buffers) n += b.remaining();
        bytesOut += n; // single writer: the I/O thread
        connection.write(buffers);
    }

    @Override public void flush() { connection.flush(); }
    @Override public boolean isWritable() { return connection.isWritable(); }
    @Override public long queuedBytes() { return connection.queuedBytes(); }
    @Override public void execute(Runnable task) { connection.execute(task); }
    @Override public boolean inEventLoop() { return connection.inEventLoop(); }
    @Override public boolean isOpen() { return connection.isOpen(); }
    @Override public void close() { connection.close(); }
    @Override public void abort() { connection.abort(); }
    @Override public void setAutoRead(boolean autoRead) { connection.setAutoRead(autoRead); }
    @Override public javax.net.ssl.SSLSession tlsSession() { return connection.tlsSession(); }
    @Override public String applicationProtocol() { return connection.applicationProtocol(); }

    /** The wrapped handler is the one the transport calls through this wrapper: it is replaced here. */
    @Override
    public boolean replaceHandler(ConnectionHandler current, ConnectionHandler next) {
        if (handler != current || next == null) return false;
        handler = next;
        return true;
    }

    // ---- ConnectionInfo

    @Override public long id() { return id; }
    @Override public String protocol() { return protocol; }
    @Override public SocketAddress remoteAddress() { return connection.remoteAddress(); }
    @Override public SocketAddress localAddress() { return connection.localAddress(); }
    @Override public long bytesIn() { return bytesIn; }
    @Override public long bytesOut() { return bytesOut; }
    @Override public long openedNanos() { return openedNanos; }

    @Override
    public String toString() {
        return "observed " + connection;
    }
}
