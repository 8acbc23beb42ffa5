package dev.celeris.engine.internal.ws;

import dev.celeris.engine.internal.tunnel.Tunnel;
import dev.celeris.engine.ws.WebSocket;
import dev.celeris.engine.ws.WebSocketConfig;
import dev.celeris.engine.ws.WebSocketMessage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A server-side WebSocket session over a {@link Tunnel}: the receiving side reads and parses on
 * the thread that calls {@link #receive()}; sending goes through {@link WsOutbound}; timers
 * (idle, pings, close timeout) run on {@link WsTimers}.
 *
 * <p>States: OPEN; CLOSING once we sent a close frame (waiting for the peer's, bounded by the
 * close timeout); CLOSED once the peer's close frame arrived, a protocol error failed the
 * session, or the connection dropped. Resources are released on the receiving thread when it
 * sees CLOSED.
 */
public final class WsSession implements WebSocket, WsMessageReader.Handler {

    private static final System.Logger LOG = System.getLogger(WsSession.class.getName());
    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;
    private static final int MAX_QUEUED_PONGS = 8;

    private final Tunnel tunnel;
    private final InputStream in;
    private final WebSocketConfig config;
    private final PerMessageDeflate deflate;
    private final WsFrameParser parser;
    private final WsOutbound outbound;
    private final String subprotocol;
    private final String extensions;
    private final String httpProtocol;
    private final SocketAddress remote;
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final ArrayDeque<WebSocketMessage> ready = new ArrayDeque<>();
    private final byte[] readBuffer = new byte[16 * 1024];
    private final AtomicInteger queuedPongs = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicReference<byte[]> pendingPong = new java.util.concurrent.atomic.AtomicReference<>();
    private final Object pongLock = new Object();
    private final Object stateLock = new Object();
    private final ScheduledFuture<?> ticker;
    private volatile ScheduledFuture<?> closeTimer;
    private volatile int state = OPEN;
    private volatile int closeCode;
    private volatile String closeReason = "";
    private volatile long lastInbound = System.nanoTime();
    private volatile long lastPing;
    // Receiving thread.
    private boolean released;
    private long pingWindowStart = System.nanoTime();
    private int pingsInWindow;

    public WsSession(Tunnel tunnel, WebSocketConfig config, DeflateParams deflateParams, String subprotocol,
            String httpProtocol, SocketAddress remote) {
        this.tunnel = tunnel;
        this.in = tunnel.input();
        this.config = config;
        this.deflate = deflateParams == null ? null : new PerMessageDeflate(deflateParams, config.compressionLevel());
        this.parser = new WsFrameParser(new WsMessageReader(this, config.maxMessageSize(), deflate), true,
                config.maxFrameSize()).allowRsv1(deflate != null);
        this.outbound = new WsOutbound(tunnel.output(), config.maxOutboundBytes(), deflate);
        this.subprotocol = subprotocol;
        this.extensions = deflateParams == null ? null : deflateParams.responseHeader();
        this.httpProtocol = httpProtocol;
        this.remote = remote;
        long idle = config.idleTimeout().toNanos();
        long ping = config.pingInterval().toNanos();
        long tick = Math.min(idle == 0 ? Long.MAX_VALUE : idle, ping == 0 ? Long.MAX_VALUE : ping) / 4;
        this.ticker = tick == Long.MAX_VALUE / 4 ? null : WsTimers.every(java.time.Duration.ofNanos(tick), this::tick);
    }

    // ---- receiving ----

    @Override
    public WebSocketMessage receive() throws IOException {
        receiveLock.lock();
        try {
            while (true) {
                WebSocketMessage m = ready.poll();
                if (m != null) return m;
                if (state == CLOSED) {
                    release();
                    return null;
                }
                int n;
                try {
                    n = in.read(readBuffer);
                } catch (IOException e) {
                    dropped(e.getMessage());
                    continue;
                }
                if (n < 0) {
                    dropped("connection closed without a close frame");
                    continue;
                }
                lastInbound = System.nanoTime();
                try {
                    parser.parse(ByteBuffer.wrap(readBuffer, 0, n));
                } catch (WsException e) {
                    fail(e.closeCode(), e.getMessage());
                }
            }
        } finally {
            receiveLock.unlock();
        }
    }

    @Override
    public void onMessage(boolean text, byte[] payload) {
        ready.add(new WebSocketMessage(text, payload));
    }

    @Override
    public void onPing(byte[] payload) throws WsException {
        long now = System.nanoTime();
        if (now - pingWindowStart > 1_000_000_000L) {
            pingWindowStart = now;
            pingsInWindow = 0;
        }
        if (++pingsInWindow > config.maxPingsPerSecond()) {
            throw new WsException(WsFrames.CLOSE_POLICY_VIOLATION, "more than " + config.maxPingsPerSecond() + " pings per second");
        }
        // SPEC: RFC 6455 §5.5.2 answer a ping with a pong carrying its payload; a bounded number may wait.
        if (state != OPEN) return;
        // One lock orders the decision and the hand-over to the outbound queue, so pongs go out in
        // the order of their pings: a pending pong exists only while the queue is full, and the
        // written pong that frees a slot hands it over before a newer ping can be answered.
        synchronized (pongLock) {
            if (queuedPongs.get() < MAX_QUEUED_PONGS) {
                pong(payload);
                return;
            }
            // SPEC: RFC 6455 §5.5.3 pongs still unsent: the most recent ping is answered once one is written.
            pendingPong.set(payload);
        }
    }

    private void pong(byte[] payload) {
        queuedPongs.incrementAndGet();
        outbound.control(WsFrames.OP_PONG, payload, false).whenComplete((v, e) -> {
            synchronized (pongLock) {
                queuedPongs.decrementAndGet();
                if (e == null) pongPending();
            }
        });
    }

    private void pongPending() {
        byte[] next = pendingPong.getAndSet(null);
        if (next != null && state == OPEN) pong(next);
    }

    @Override
    public void onPong(byte[] payload) {
        // Liveness only: lastInbound was updated by the read.
    }

    @Override
    public void onClose(int code, String reason) {
        boolean reply;
        synchronized (stateLock) {
            reply = state == OPEN;
            state = CLOSED;
            closeCode = code;
            closeReason = reason;
        }
        // SPEC: RFC 6455 §5.5.1 answer a close frame with one (echoing the code), then close the connection.
        if (reply) outbound.control(WsFrames.OP_CLOSE, WsFrames.closePayload(code, ""), true);
        else outbound.endOutput();
    }

    /** A protocol error: close frame with {@code code}, then our side ends without waiting (RFC 6455 §7.1.7). */
    private void fail(int code, String message) {
        LOG.log(Level.DEBUG, "WebSocket from {0} failed with {1}: {2}", remote, code, message);
        boolean send;
        synchronized (stateLock) {
            send = state == OPEN;
            state = CLOSED;
            closeCode = code;
            closeReason = message;
        }
        if (send) outbound.control(WsFrames.OP_CLOSE, WsFrames.closePayload(code, message), true);
        else outbound.endOutput();
    }

    private void dropped(String why) {
        synchronized (stateLock) {
            if (state != CLOSED) {
                // SPEC: RFC 6455 §7.1.5 no close frame received: the close code is 1006.
                closeCode = WsFrames.CLOSE_ABNORMAL;
                closeReason = why == null ? "" : why;
                state = CLOSED;
            }
        }
        outbound.endOutput();
    }

    private void release() {
        if (released) return;
        released = true;
        if (ticker != null) ticker.cancel(false);
        ScheduledFuture<?> t = closeTimer;
        if (t != null) t.cancel(false);
        if (deflate != null) deflate.closeInflater();
    }

    // ---- timers ----

    private void tick() {
        if (state == CLOSED) {
            if (ticker != null) ticker.cancel(false);
            return;
        }
        long now = System.nanoTime();
        long silent = now - lastInbound;
        long idle = config.idleTimeout().toNanos();
        if (idle > 0 && silent >= idle) {
            close(WsFrames.CLOSE_GOING_AWAY, "idle timeout");
            return;
        }
        long ping = config.pingInterval().toNanos();
        if (ping > 0 && silent >= ping && now - lastPing >= ping && state == OPEN) {
            lastPing = now;
            outbound.control(WsFrames.OP_PING, new byte[0], false);
        }
    }

    // ---- sending ----

    @Override
    public void send(String text) throws IOException {
        await(sendData(WsFrames.OP_TEXT, text.getBytes(StandardCharsets.UTF_8), true));
    }

    @Override
    public void send(byte[] data) throws IOException {
        await(sendData(WsFrames.OP_BINARY, data.clone(), true));
    }

    @Override
    public CompletableFuture<Void> sendAsync(String text) {
        return sendData(WsFrames.OP_TEXT, text.getBytes(StandardCharsets.UTF_8), false);
    }

    @Override
    public CompletableFuture<Void> sendAsync(byte[] data) {
        return sendData(WsFrames.OP_BINARY, data.clone(), false);
    }

    private CompletableFuture<Void> sendData(int opcode, byte[] payload, boolean block) {
        if (state != OPEN) return CompletableFuture.failedFuture(new IOException("WebSocket is closing (" + closeCode + ")"));
        return outbound.data(opcode, payload, block);
    }

    @Override
    public void ping(byte[] payload) throws IOException {
        if (payload.length > WsFrames.MAX_CONTROL_PAYLOAD) throw new IllegalArgumentException("ping payload over 125 bytes");
        if (state != OPEN) throw new IOException("WebSocket is closing");
        outbound.control(WsFrames.OP_PING, payload.clone(), false);
    }

    private static void await(CompletableFuture<Void> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while sending");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    @Override
    public void close(int code, String reason) {
        if (!WsFrames.isValidCloseCode(code)) throw new IllegalArgumentException("invalid close code " + code);
        synchronized (stateLock) {
            if (state != OPEN) return;
            state = CLOSING;
            closeCode = code;
            closeReason = reason == null ? "" : reason;
        }
        outbound.control(WsFrames.OP_CLOSE, WsFrames.closePayload(code, reason), false);
        // SPEC: RFC 6455 §7.1.1 the peer should answer and close; if it does not in time, drop the connection.
        closeTimer = WsTimers.once(config.closeTimeout(), () -> {
            if (state != CLOSED) {
                LOG.log(Level.DEBUG, "WebSocket from {0}: no close frame within {1}; dropping", remote, config.closeTimeout());
                tunnel.abort();
            }
        });
    }

    @Override
    public void closeAndWait(int code, String reason) {
        close(code, reason);
        try {
            while (receive() != null) {
                // drop: the application is gone
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "draining a closed WebSocket failed: {0}", e.toString());
        }
        // The exchange must not end (HTTP/2 would finish or reset the stream) before our last frame is out.
        try {
            outbound.ended().get(config.closeTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tunnel.abort();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.log(Level.DEBUG, "WebSocket output did not end within {0}; dropping", config.closeTimeout());
            tunnel.abort();
        }
    }

    // ---- state ----

    @Override
    public boolean isOpen() {
        return state == OPEN;
    }

    @Override
    public int closeCode() {
        return closeCode;
    }

    @Override
    public String closeReason() {
        return closeReason;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public String extensions() {
        return extensions;
    }

    @Override
    public String httpProtocol() {
        return httpProtocol;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public long outboundBytes() {
        return outbound.queuedBytes();
    }
}
