package dev.celeris.transport.jetty;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.TransportConfig;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeoutException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;

/**
 * One accepted Jetty endpoint driving one {@link ConnectionHandler}.
 *
 * <p>Threading: Jetty calls {@link #onOpen}, {@link #onFillable} and {@link #onClose} on its
 * selector or pool threads; each only posts a task to {@link #loop}, this connection's
 * {@link SerialExecutor}. Every handler callback, every read (fill), every write and every task
 * given to {@link Connection#execute} runs there, one at a time, so the fields marked "loop" need
 * no locks. Only the atomics and volatiles are touched from other threads.
 *
 * <p>Reading: on fillable, one pooled buffer of at most {@code readBufferSize} bytes is filled
 * and handed to {@link ConnectionHandler#onData} repeatedly ({@value #MAX_READS_PER_PASS} times at
 * most before yielding to other tasks), then released; when the socket has nothing more, fill
 * interest is registered again. {@link Connection#setAutoRead setAutoRead(false)} simply stops registering it.
 */
final class JettyConnection extends AbstractConnection.NonBlocking implements WriteQueue.Listener, Runnable {

    private static final VarHandle CLOSE_REQUESTED = handle("closeRequested", boolean.class);
    private static final VarHandle ABORT_REQUESTED = handle("abortRequested", boolean.class);
    /** The first failure: a field handle instead of an AtomicReference (one object less per connection). */
    private static final VarHandle FAILURE = handle("failure", Throwable.class);

    private static VarHandle handle(String field, Class<?> type) {
        try {
            return MethodHandles.lookup().findVarHandle(JettyConnection.class, field, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final System.Logger LOG = System.getLogger(JettyConnection.class.getName());
    static final int MAX_READS_PER_PASS = 16;

    private final JettyTransport transport;
    private final ConnectionHandler.Factory factory;
    private final ByteBufferPool pool;
    private final int readBufferSize;
    private final SerialExecutor loop;
    private final WriteQueue writes;
    private final Spi spi = new Spi();
    private volatile boolean closeRequested;
    private volatile boolean abortRequested;
    private volatile Throwable failure;
    private volatile boolean closed;          // loop writes: onClose delivered
    private ConnectionHandler handler;        // loop
    private boolean paused;                   // loop
    private boolean inputClosed;              // loop: the peer's end of stream was read
    private boolean readScheduled;            // loop: fill interest registered or a read task queued
    /** Native TLS below this connection (its endpoint is the decrypted one); null in cleartext. */
    private org.eclipse.jetty.io.ssl.SslConnection ssl;
    private volatile boolean handshakeDone;
    /** Links of the transport's {@link OpenConnections}, guarded by its lock. */
    JettyConnection prevOpen;
    JettyConnection nextOpen;

    JettyConnection(JettyTransport transport, ConnectionHandler.Factory factory, TransportConfig config,
            ByteBufferPool pool, EndPoint endPoint) {
        super(endPoint, transport.connectionThreads());
        this.transport = transport;
        this.factory = factory;
        this.pool = pool;
        this.readBufferSize = config.readBufferSize();
        this.loop = new SerialExecutor(transport.connectionThreads());
        this.writes = new WriteQueue(endPoint, loop, this, config.writeLowWaterMark(), config.writeHighWaterMark());
    }

    // ---- Jetty side (any Jetty thread): post to the loop ----

    @Override
    public void onOpen() {
        super.onOpen();
        transport.register(this);
        loop.execute(this::open);
    }

    @Override
    public void onFillable() {
        loop.execute(this);
    }

    @Override
    public void onFillInterestedFailed(Throwable cause) {
        if (getEndPoint().isOpen()) {
            FAILURE.compareAndSet(this, null, cause);
            getEndPoint().close();
        }
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        return false; // the protocol engine owns timeouts
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        if (cause != null && !abortRequested) {
            FAILURE.compareAndSet(this, null, cause); // Jetty closed on an error (e.g. a failed write)
        }
        loop.execute(this::deliverClose);
    }

    // ---- the loop ----

    /** The read task (the connection is its own: no lambda per connection). */
    @Override
    public void run() {
        read();
    }

    private void open() {
        if (ssl != null && handler == null && !handshakeDone) {
            registerInterest(); // reading drives the handshake; the handler opens once it is done
            return;
        }
        if (handler != null || closed) {
            return;
        }
        try {
            handler = factory.newHandler();
            handler.onOpen(spi);
            if (transport.isShuttingDown()) {
                handler.onShutdown();
            }
        } catch (Throwable t) {
            fail(t);
            return;
        }
        registerInterest();
    }

    private void registerInterest() {
        if (!readScheduled && !paused && !inputClosed && !closed && !abortRequested && getEndPoint().isOpen()) {
            readScheduled = true;
            if (!isFillInterested()) { // Jetty allows one registration at a time
                fillInterested();
            }
        }
    }

    /** Native TLS: the handler opens when {@code ssl}'s handshake succeeds; gone after {@code timeout} otherwise. */
    void awaitHandshake(org.eclipse.jetty.io.ssl.SslConnection ssl, java.time.Duration timeout,
                        org.eclipse.jetty.util.thread.Scheduler scheduler) {
        this.ssl = ssl;
        scheduler.schedule(() -> {
            if (!handshakeDone && !closed) {
                LOG.log(System.Logger.Level.DEBUG, "TLS handshake not finished after {0}: closing", timeout);
                abortNow();
            }
        }, timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Called from inside a fill (or a flush) of the TLS endpoint: open the handler on the loop. */
    void handshakeSucceeded() {
        handshakeDone = true;
        loop.execute(this::open);
    }

    private void read() {
        readScheduled = false;
        if (closed || paused || inputClosed || abortRequested || (handler == null && ssl == null)) {
            return;
        }
        RetainableByteBuffer pooled = pool.acquire(readBufferSize, true);
        try {
            // A view of exactly readBufferSize bytes: the pool may round capacities up.
            ByteBuffer chunk = pooled.getByteBuffer().duplicate().clear().limit(readBufferSize).slice();
            for (int pass = 0; pass < MAX_READS_PER_PASS; pass++) {
                BufferUtil.clear(chunk);
                int n = getEndPoint().fill(chunk);
                if (handler == null && handshakeDone) {
                    open(); // the handshake finished inside this fill
                }
                if (handler == null) { // still handshaking (or failed: the endpoint closes)
                    if (n < 0) {
                        getEndPoint().close();
                        return;
                    }
                    registerInterest();
                    return;
                }
                if (n == 0) {
                    registerInterest();
                    return;
                }
                if (n < 0) {
                    inputClosed = true; // no more fill interest
                    if (!handler.onInputClosed()) {
                        spi.close(); // send what is queued, then close (cause null)
                    }
                    return;
                }
                handler.onData(chunk);
                if (closed || paused || abortRequested) {
                    return;
                }
            }
            readScheduled = true; // more may be waiting: let other tasks run first
            loop.execute(this);
        } catch (IOException e) {
            if (handler == null) {
                // A failed TLS handshake: close without a reset so the alert already written arrives.
                LOG.log(System.Logger.Level.DEBUG, "TLS handshake failed: {0}", e.getMessage());
                getEndPoint().close();
                return;
            }
            FAILURE.compareAndSet(this, null, e);
            abortNow();
        } catch (Throwable t) {
            fail(t);
        } finally {
            pooled.release();
        }
    }

    private void deliverClose() {
        if (closed) {
            return;
        }
        closed = true;
        long unsent = writes.queued();
        if (failure == null && !abortRequested && unsent > 0) {
            // Jetty closed the endpoint under us with bytes still queued: an orderly close (ours or the
            // peer's) would have waited for them. Jetty reads a reset as end of stream (its fill turns
            // ECONNRESET into -1), and its SslConnection closes on a failed network write before the
            // write's callback fails, so the loss can look clean here: report it as what it is.
            FAILURE.compareAndSet(this, null, new IOException("connection lost with " + unsent + " bytes unsent"));
        }
        writes.discard();
        if (handler != null) {
            try {
                handler.onClose(failure);
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.DEBUG, () -> "onClose failed on " + this, t);
            }
        }
        transport.unregister(this); // after onClose: shutdown completes only once every handler saw it
    }

    /** A handler callback or task threw: log, remember the cause, close abortively. */
    private void fail(Throwable t) {
        LOG.log(System.Logger.Level.DEBUG, () -> "connection handler failed on " + this + "; aborting", t);
        FAILURE.compareAndSet(this, null, t);
        abortNow();
    }

    @Override
    public void onWritable() {
        if (handler != null && !closed) {
            try {
                handler.onWritable();
            } catch (Throwable t) {
                fail(t);
            }
        }
    }

    @Override
    public void onWriteFailed(Throwable cause) {
        // A failed write is an error even during an orderly close (the peer reset); after
        // abort() failures are expected.
        if (!abortRequested) {
            FAILURE.compareAndSet(this, null, cause);
        }
        abortNow();
    }

    @Override
    public void onDrainedForClose() {
        getEndPoint().close();
    }

    /** Graceful shutdown started: tell the handler on its loop. Any thread. */
    void shutdown() {
        loop.execute(() -> {
            if (handler != null && !closed) {
                try {
                    handler.onShutdown();
                } catch (Throwable t) {
                    fail(t);
                }
            } else if (ssl != null && handler == null) {
                abortNow(); // still in its TLS handshake: nothing to finish
            }
        });
    }

    /** End of a shutdown grace period: close abortively, reporting {@code cause}. Any thread. */
    void forceClose(Throwable cause) {
        FAILURE.compareAndSet(this, null, cause);
        abortNow();
    }

    boolean isClosed() {
        return closed;
    }

    /** Abortive close from any thread: SO_LINGER 0 so the peer sees a reset, then close. */
    private void abortNow() {
        if (ABORT_REQUESTED.compareAndSet(JettyConnection.this, false, true)) {
            EndPoint endPoint = getEndPoint();
            if (endPoint.getTransport() instanceof SocketChannel channel && channel.isOpen()) {
                try {
                    channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "could not set SO_LINGER 0: {0}", e.toString());
                }
            }
            endPoint.close();
        }
    }

    Connection spi() {
        return spi;
    }

    private javax.net.ssl.SSLSession session() {
        return ssl == null || handler == null ? null : ssl.getSSLEngine().getSession();
    }

    private String alpn() {
        String p = ssl == null ? null : ssl.getSSLEngine().getApplicationProtocol();
        return p == null || p.isEmpty() ? null : p;
    }

    /** The SPI view handed to the handler. */
    private final class Spi implements Connection {

        @Override
        public void write(ByteBuffer... buffers) {
            if (closed || closeRequested || abortRequested) {
                return; // SPI: writes to a closed connection are dropped
            }
            if (loop.inThread()) {
                writes.add(buffers);
            } else {
                loop.execute(() -> writes.add(buffers)); // misuse tolerated: keep order via the loop
            }
        }

        @Override
        public void flush() {
            if (loop.inThread()) {
                writes.flush();
            } else {
                loop.execute(writes::flush);
            }
        }

        @Override
        public boolean isWritable() {
            return writes.isWritable();
        }

        @Override
        public long queuedBytes() {
            return writes.queued();
        }

        @Override
        public void setAutoRead(boolean autoRead) {
            if (paused == !autoRead) {
                return;
            }
            paused = !autoRead;
            if (autoRead) {
                registerInterest();
            }
        }

        @Override
        public void execute(Runnable task) {
            loop.execute(() -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    fail(t);
                }
            });
        }

        @Override
        public boolean inEventLoop() {
            return loop.inThread();
        }

        @Override
        public boolean isOpen() {
            return !closed && !closeRequested && !abortRequested && getEndPoint().isOpen();
        }

        @Override
        public SocketAddress remoteAddress() {
            return getEndPoint().getRemoteSocketAddress();
        }

        @Override
        public SocketAddress localAddress() {
            return getEndPoint().getLocalSocketAddress();
        }

        @Override
        public void close() {
            if (CLOSE_REQUESTED.compareAndSet(JettyConnection.this, false, true)) {
                loop.execute(() -> {
                    if (!closed) {
                        writes.closeWhenDrained();
                    }
                });
            }
        }

        @Override
        public void abort() {
            abortNow();
        }

        @Override
        public javax.net.ssl.SSLSession tlsSession() {
            return session();
        }

        @Override
        public String applicationProtocol() {
            return alpn();
        }

        @Override
        public boolean replaceHandler(ConnectionHandler current, ConnectionHandler next) {
            if (!loop.inThread() || handler != current || next == null) return false;
            handler = next;
            return true;
        }

        @Override
        public String toString() {
            return "JettyConnection[" + getEndPoint().getRemoteSocketAddress() + "]";
        }
    }
}
