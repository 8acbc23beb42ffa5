package dev.celeris.spi.tls;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * The transport-facing side of one TLS connection: decrypts what the transport delivers and
 * hands the plaintext to the protocol's handler, which it creates once the handshake is done.
 * Encryption of what the protocol writes lives here too ({@link #flushPending}), behind the
 * plaintext {@link TlsConnection} view. Everything runs on the connection's I/O thread.
 */
final class TlsConnectionHandler implements ConnectionHandler {

    private static final System.Logger LOG = System.getLogger(TlsConnectionHandler.class.getName());
    /** Largest TLS record on the wire: 5-byte header + 2^14 + 2048 (RFC 5246 §6.2.3). */
    static final int MAX_RECORD = 5 + 16384 + 2048;
    private static final ByteBuffer[] NOTHING = new ByteBuffer[0];
    private static final String PLAIN_HTTP_BODY = "This port speaks HTTPS: use an https:// URL.\n";
    static final byte[] PLAIN_HTTP = ("HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\n"
            + "connection: close\r\ncontent-length: " + PLAIN_HTTP_BODY.length() + "\r\n\r\n" + PLAIN_HTTP_BODY)
            .getBytes(StandardCharsets.US_ASCII);

    private final TlsContext context;
    private final ConnectionHandler.Factory factory;
    private final TlsConnection view = new TlsConnection(this);
    Connection transport;
    private SSLEngine engine;
    /** The protocol's handler; null until the handshake has finished. */
    private ConnectionHandler inner;
    SSLSession session;
    String applicationProtocol;
    /** A record received in part (write mode); null whenever none is pending. */
    private ByteBuffer partial;
    private ByteBuffer[] pending;
    private int pendingCount;
    long pendingBytes;
    private Future<?> timer;
    private boolean handshakeDone;
    private boolean sawData;
    /** Orderly close or failure started: no more input is processed, no more output accepted. */
    boolean closing;
    private boolean inputClosed;
    private boolean keepOpen;

    TlsConnectionHandler(TlsContext context, ConnectionHandler.Factory factory) {
        this.context = context;
        this.factory = factory;
    }

    @Override
    public void onOpen(Connection connection) {
        this.transport = connection;
        SocketAddress remote = connection.remoteAddress();
        engine = remote instanceof InetSocketAddress inet
                ? context.newEngine(inet.getHostString(), inet.getPort()) : context.newEngine(null, -1);
        long timeout = context.config().handshakeTimeout().toNanos();
        timer = TlsContext.SCHEDULER.schedule(() -> {
            if (connection.isOpen()) connection.execute(this::handshakeTimedOut);
        }, timeout, TimeUnit.NANOSECONDS);
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
        }
    }

    @Override
    public void onData(ByteBuffer chunk) {
        if (closing) return;
        if (!sawData) {
            sawData = true;
            if (looksLikePlainHttp(chunk)) {
                rejectPlainHttp();
                return;
            }
        }
        try {
            while (partial != null && chunk.hasRemaining() && !closing) {
                int n = Math.min(partial.remaining(), chunk.remaining());
                partial.put(partial.position(), chunk, chunk.position(), n).position(partial.position() + n);
                chunk.position(chunk.position() + n);
                partial.flip();
                process(partial);
                if (!partial.hasRemaining()) {
                    partial = null;
                } else if (partial.remaining() == partial.capacity()) {
                    throw new SSLException("TLS record larger than " + MAX_RECORD + " bytes");
                } else {
                    partial.compact();
                }
            }
            if (partial == null && chunk.hasRemaining() && !closing) {
                process(chunk);
                if (chunk.hasRemaining() && !closing) {
                    partial = ByteBuffer.allocate(Math.max(MAX_RECORD, chunk.remaining()));
                    partial.put(chunk);
                }
            }
        } catch (SSLException e) {
            fail(e);
        }
    }

    /** Unwraps every complete record in {@code src}, running the handshake as it asks. */
    private void process(ByteBuffer src) throws SSLException {
        TlsScratch scratch = TlsScratch.get();
        ByteBuffer app = scratch.app;
        app.clear();
        while (!closing) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
                continue;
            }
            if (hs == HandshakeStatus.NEED_WRAP) {
                deliver(app);
                if (wrapAndSend(NOTHING, 0)) handshakeFinished();
                continue;
            }
            if (!src.hasRemaining() && hs != HandshakeStatus.NEED_UNWRAP_AGAIN) break;
            SSLEngineResult r = engine.unwrap(src, app);
            switch (r.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    deliver(app);
                    return;
                }
                case BUFFER_OVERFLOW -> {
                    if (app.position() > 0) {
                        deliver(app);
                    } else {
                        app = scratch.growApp(engine.getSession().getApplicationBufferSize());
                    }
                    continue;
                }
                case CLOSED -> {
                    deliver(app);
                    peerClosed();
                    return;
                }
                case OK -> { }
            }
            HandshakeStatus after = r.getHandshakeStatus();
            if (r.bytesConsumed() == 0 && r.bytesProduced() == 0 && after == hs && after != HandshakeStatus.FINISHED) {
                break; // nothing moved: wait for more bytes
            }
            if (after == HandshakeStatus.FINISHED) {
                deliver(app);
                handshakeFinished();
            } else if (handshakeDone && after != HandshakeStatus.NOT_HANDSHAKING
                    && !"TLSv1.3".equals(session.getProtocol())) {
                // SPEC: no renegotiation; TLS 1.3 post-handshake messages (KeyUpdate) are fine
                throw new SSLException("TLS renegotiation refused");
            }
            if (app.remaining() < 16 * 1024 + 1024) deliver(app);
        }
        deliver(app);
    }

    private void deliver(ByteBuffer app) {
        if (app.position() == 0) return;
        app.flip();
        if (inner != null && !closing) inner.onData(app);
        app.clear();
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) task.run();
    }

    private void handshakeFinished() {
        if (handshakeDone) return;
        handshakeDone = true;
        timer.cancel(false);
        session = engine.getSession();
        String alpn = engine.getApplicationProtocol();
        applicationProtocol = alpn == null || alpn.isEmpty() ? null : alpn;
        inner = factory.newHandler();
        inner.onOpen(view);
    }

    /**
     * Encrypts {@code srcs[0..count)} (nothing: only what the handshake or a close needs) and
     * queues the records on the transport, then flushes. Returns whether the handshake finished
     * on the way (the caller opens the protocol after the bytes are queued).
     */
    private boolean wrapAndSend(ByteBuffer[] srcs, int count) throws SSLException {
        TlsScratch scratch = TlsScratch.get();
        ByteBuffer net = scratch.net;
        net.clear();
        boolean finished = false;
        while (true) {
            if (net.remaining() < MAX_RECORD + 512 && net.position() > 0) emit(net);
            SSLEngineResult r = engine.wrap(srcs, 0, count, net);
            if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) finished = true;
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                if (net.position() > 0) {
                    emit(net);
                } else {
                    net = scratch.growNet(engine.getSession().getPacketBufferSize());
                }
                continue;
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) runTasks();
            boolean progress = r.bytesConsumed() > 0 || r.bytesProduced() > 0;
            if (!progress) break;
            if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) continue;
            if (r.getStatus() == SSLEngineResult.Status.CLOSED || remaining(srcs, count) == 0) break;
        }
        if (net.position() > 0) emit(net);
        transport.flush();
        return finished;
    }

    /** Copies the records in {@code net} to a buffer of their exact size and queues it on the transport. */
    private void emit(ByteBuffer net) {
        net.flip();
        ByteBuffer out = ByteBuffer.allocate(net.remaining());
        out.put(net).flip();
        net.clear();
        transport.write(out);
    }

    private static long remaining(ByteBuffer[] srcs, int count) {
        long n = 0;
        for (int i = 0; i < count; i++) n += srcs[i].remaining();
        return n;
    }

    /** {@link TlsConnection#write}: queues plaintext until the next flush. */
    void queue(ByteBuffer[] buffers) {
        if (closing) return;
        if (pending == null) pending = new ByteBuffer[Math.max(8, buffers.length)];
        if (pendingCount + buffers.length > pending.length) {
            pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, pendingCount + buffers.length));
        }
        for (ByteBuffer b : buffers) {
            pending[pendingCount++] = b;
            pendingBytes += b.remaining();
        }
    }

    /** {@link TlsConnection#flush}: encrypts everything queued and sends it. */
    void flushPending() {
        if (pendingCount == 0) {
            if (transport != null) transport.flush();
            return;
        }
        try {
            wrapAndSend(pending, pendingCount);
        } catch (SSLException e) {
            fail(e);
        } finally {
            if (pending != null) {
                java.util.Arrays.fill(pending, 0, pendingCount, null);
                if (pending.length > 64) pending = null;
            }
            pendingCount = 0;
            pendingBytes = 0;
        }
    }

    /** Orderly close: flush, send close_notify, close the socket once it is all written. */
    void closeOrderly() {
        if (closing) return;
        if (handshakeDone) flushPending();
        closing = true;
        sendCloseNotify();
        transport.close();
    }

    private void sendCloseNotify() {
        try {
            engine.closeOutbound();
            wrapAndSend(NOTHING, 0);
        } catch (SSLException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "close_notify not sent: {0}", e.getMessage());
        }
    }

    private void peerClosed() {
        if (inputClosed) return;
        inputClosed = true;
        keepOpen = inner != null && inner.onInputClosed();
        if (!keepOpen) closeOrderly();
    }

    /** Bytes of buffer this connection keeps between events: 0 unless a record arrived in part. */
    int retainedBufferBytes() {
        return partial == null ? 0 : partial.capacity();
    }

    @Override
    public boolean onInputClosed() {
        if (!inputClosed) {
            inputClosed = true;
            keepOpen = inner != null && !closing && inner.onInputClosed();
            if (!keepOpen && !closing) {
                if (handshakeDone) flushPending();
                closing = true;
                sendCloseNotify();
            }
        }
        return keepOpen && !closing;
    }

    @Override
    public void onWritable() {
        if (inner != null) inner.onWritable();
    }

    @Override
    public void onShutdown() {
        if (inner != null) {
            inner.onShutdown();
        } else {
            closing = true;
            transport.abort();
        }
    }

    @Override
    public void onClose(Throwable cause) {
        closing = true;
        if (timer != null) timer.cancel(false);
        partial = null;
        pending = null;
        pendingCount = 0;
        if (inner != null) inner.onClose(cause);
    }

    private void handshakeTimedOut() {
        if (handshakeDone || closing) return;
        LOG.log(System.Logger.Level.DEBUG, "TLS handshake with {0} not finished after {1}: closing",
                transport.remoteAddress(), context.config().handshakeTimeout());
        closing = true;
        transport.abort();
    }

    /** A failed handshake or a broken record: send the alert the engine has ready, then close. */
    private void fail(SSLException e) {
        LOG.log(System.Logger.Level.DEBUG, "TLS failure with {0}: {1}", transport.remoteAddress(), e.getMessage());
        if (closing) return;
        closing = true;
        try {
            engine.closeOutbound();
            wrapAndSend(NOTHING, 0);
        } catch (SSLException | RuntimeException ignored) {
            // the alert is a courtesy
        }
        if (inner != null) {
            transport.abort();
        } else {
            transport.close();
        }
    }

    /** A request line where a TLS record (content type 20-23) should be: someone typed http://. */
    static boolean looksLikePlainHttp(ByteBuffer chunk) {
        if (!chunk.hasRemaining()) return false;
        byte b = chunk.get(chunk.position());
        return b >= 'A' && b <= 'Z';
    }

    private void rejectPlainHttp() {
        LOG.log(System.Logger.Level.DEBUG, "plain HTTP on the TLS port from {0}", transport.remoteAddress());
        closing = true;
        transport.write(ByteBuffer.wrap(PLAIN_HTTP));
        transport.flush();
        transport.close();
    }
}
