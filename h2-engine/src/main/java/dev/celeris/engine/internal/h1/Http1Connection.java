package dev.celeris.engine.internal.h1;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.EngineObserver;
import dev.celeris.engine.EngineObserver.ClientFailure;
import dev.celeris.engine.Headers;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.Protocols;
import dev.celeris.engine.internal.ClientFailures;
import dev.celeris.engine.internal.ObservedConnection;
import dev.celeris.engine.internal.Timers;
import dev.celeris.engine.internal.UpgradeRequest;
import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * An HTTP/1.x server connection (RFC 9112): parses pipelined requests, streams their bodies to
 * handlers, writes responses in request order, keeps the connection alive, and upgrades to h2c.
 * This class holds the connection's life cycle and the exchanges in flight; the input side
 * (heads, bodies, rejects, read pauses) is {@link Http1Input}, the output side {@link Http1Writer}.
 *
 * <h2>Threading</h2>
 * Everything here runs on the connection's I/O thread except {@link #submit}, {@link
 * #bodyConsumed} and {@link #isShuttingDown}, which handler threads call. Handler output reaches
 * the I/O thread through a lock-free queue with one coalesced {@link Connection#execute} wake-up
 * per burst; the I/O thread writes everything it drained and flushes once.
 *
 * <h2>Back-pressure</h2>
 * Reading stops ({@link Connection#setAutoRead}) while a handler has more than
 * {@value Http1Input#BODY_HIGH_WATER} unread body bytes buffered, while {@code
 * maxPipelinedRequests} responses are outstanding, or while one is and the transport is above its
 * write high-water mark; bytes already received wait in the input. Pipelined reading resumes once
 * half the pipeline is answered and the transport is writable again.
 */
public final class Http1Connection implements ConnectionHandler {

    /** Creates the HTTP/2 connection that takes over after a {@code 101 Switching Protocols}. */
    @FunctionalInterface
    public interface UpgradeFactory {
        ConnectionHandler create(UpgradeRequest request);
    }

    private static final System.Logger LOG = System.getLogger(Http1Connection.class.getName());
    private final EngineConfig config;
    private final UpgradeFactory upgradeFactory;
    private final Http1Writer writer;
    private final Http1Input input;
    /** Exchanges in request order; the oldest one writes (see {@link Http1Writer}). */
    final ArrayDeque<Http1Response> exchanges = new ArrayDeque<>();
    final Http1Timeouts timeouts;
    final Http1WriteWatch writeWatch;
    private volatile boolean shuttingDown;

    private Connection connection;
    private boolean autoRead = true;
    /** The peer half-closed (no more input); close once the last response is out. */
    private boolean inputClosed;
    /** Bytes were written in this pass: flush once at its end. */
    boolean needsFlush;
    private boolean closed;
    /** We closed (or aborted) the connection: its end is not the peer's doing. */
    private boolean closeRequested;
    private ConnectionHandler upgraded;

    /**
     * @param upgradeFactory creates the HTTP/2 side of an h2c upgrade; null disables upgrades
     */
    public Http1Connection(EngineConfig config, HttpHandler handler, UpgradeFactory upgradeFactory) {
        this.config = config;
        this.upgradeFactory = config.protocols() == Protocols.BOTH ? upgradeFactory : null;
        this.timeouts = new Http1Timeouts(config.http1(), config.idleTimeout(), this);
        this.input = new Http1Input(this, config, handler, this.upgradeFactory != null);
        this.writeWatch = new Http1WriteWatch(this, config);
        this.writer = new Http1Writer(this);
    }

    @Override
    public void onOpen(Connection connection) {
        this.connection = connection;
        ObservedConnection.protocol(connection, "HTTP/1.1");
        writer.attach(connection, this::afterIo);
        writeWatch.attach(connection);
        timeouts.start(connection);
    }

    EngineObserver observer() {
        return config.observer();
    }

    Connection transport() {
        return connection;
    }

    boolean isClosed() {
        return closed;
    }

    boolean isUpgraded() {
        return upgraded != null;
    }

    /** Bytes after an upgrade request, for the protocol the connection switched to. */
    void upgradedData(ByteBuffer data) {
        upgraded.onData(data);
    }

    @Override
    public void onData(ByteBuffer chunk) {
        if (upgraded != null) {
            upgraded.onData(chunk);
            return;
        }
        if (closed) return;
        input.onData(chunk);
        afterIo();
    }

    @Override
    public void onWritable() {
        if (upgraded != null) {
            upgraded.onWritable();
            return;
        }
        writer.writePending();
        if (!closed && upgraded == null) input.resumePipeline();
        afterIo();
    }

    @Override
    public void onShutdown() {
        if (upgraded != null) {
            upgraded.onShutdown();
            return;
        }
        shuttingDown = true;
        input.stopParsing = true; // finish what is in flight, take no new request
        if (exchanges.isEmpty() && input.reading == null) close();
    }

    /**
     * SPEC: RFC 9112 §9.6 a client may half-close once it sent its last request; the responses
     * to what it sent still go out, then the connection closes. A request body cut short by the
     * half-close can never complete: that closes at once (its handler sees a ClientException).
     */
    @Override
    public boolean onInputClosed() {
        if (upgraded != null) return upgraded.onInputClosed();
        // A request body cut short can never complete, and nothing to answer means nothing to wait for.
        if (closed || input.reading != null || exchanges.isEmpty()) return false; // the transport closes now
        input.stopParsing = true;
        inputClosed = true;
        afterIo();
        return true;
    }

    @Override
    public void onClose(Throwable cause) {
        if (upgraded != null) {
            upgraded.onClose(cause);
            return;
        }
        // Not closed by us: the exchanges still in flight were cut off by the peer.
        closeExchanges("connection closed" + (cause == null ? "" : ": " + cause),
                closeRequested ? null : ClientFailure.DISCONNECTED);
    }

    /** The connection is gone: every exchange in flight fails (its handler's I/O throws) and is released. */
    private void closeExchanges(String reason, ClientFailure clientFailure) {
        if (closed) return;
        closed = true;
        timeouts.cancel();
        writeWatch.cancel();
        for (Http1Response ex : exchanges) {
            ex.fail(reason);
            ex.release(clientFailure);
        }
        exchanges.clear();
    }

    /** Writes a bare error response (no body) and closes; used when no handler can answer. */
    void sendErrorAndClose(int status) {
        if (closed) return;
        ByteBuffer head = ResponseEncoder.encodeHead(status, Headers.empty(), ResponseEncoder.BodyFraming.LENGTH, 0,
                "close", 0).flip();
        connection.write(head);
        connection.flush();
        close();
    }

    // ---- switching protocols ----

    /** Switches to HTTP/2 once the upgrade request's body is in and earlier responses are out. */
    void tryUpgrade() {
        Http1Response ex = exchanges.peek();
        if (ex == null || !ex.upgrade || input.reading != null) return;
        UpgradeRequest upgrade = H2cUpgrade.toUpgradeRequest(ex.request, input.bodyReader.takeUpgradeBody());
        ConnectionHandler h2;
        try {
            h2 = upgradeFactory.create(upgrade);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "h2c upgrade failed", e);
            sendErrorAndClose(500);
            return;
        }
        // SPEC: RFC 7540 §3.2 101, then the server's connection preface (SETTINGS) as the first HTTP/2 frame.
        connection.write(H2cUpgrade.switchingProtocols());
        timeouts.cancel();
        releaseAll(); // stream 1 of the HTTP/2 connection answers the request
        upgraded = h2;
        h2.onOpen(connection);
        needsFlush = true;
    }

    /** The 101 is out: every later callback goes to the tunnel, with the input read after the request. */
    private void switchToTunnel(Http1Response ex) {
        timeouts.cancel();
        releaseAll();
        input.awaitingUpgrade = null;
        upgraded = ex.tunnel;
        upgraded.onOpen(connection);
        if (!autoRead) setAutoRead(true);
    }

    /** Releases every exchange in flight (the connection switched protocols). */
    private void releaseAll() {
        for (Http1Response ex : exchanges) ex.release(null);
        exchanges.clear();
    }

    // ---- output ----

    /** Any thread: queues output of {@code ex}; {@code buffer} may be null for a pure end/abort. */
    void submit(Http1Response ex, ByteBuffer buffer, boolean last, boolean abort) {
        writer.submit(ex, buffer, last, abort);
    }

    /** Whether output can no longer go out through this HTTP/1.1 connection (closed, or switched protocols). */
    boolean outputStopped() {
        return closed || upgraded != null;
    }

    /** After output was applied on the I/O thread outside a read pass: flush and update timers. */
    void afterOutput() {
        if (!input.inProcess) afterIo();
    }

    /** The oldest exchange's response is fully written: release it, then the next one, or close. */
    void completeExchange(Http1Response ex) {
        exchanges.poll();
        ex.responseSent();
        ex.release(null); // drops request body bytes the handler did not read (reading them goes on, discarding)
        if (ex.tunnel != null && !ex.closeAfter) {
            switchToTunnel(ex);
            return;
        }
        input.exchangeCompleted(ex);
        if (ex.closeAfter || (shuttingDown || inputClosed) && exchanges.isEmpty()) {
            close();
            return;
        }
        input.afterExchange(ex);
    }

    /** Handler thread: body bytes were consumed; resumes reading when the pipe has drained. */
    void bodyConsumed(Http1Response ex) {
        input.bodyConsumed(ex);
    }

    /** End of an I/O pass: re-run input that was deferred, flush once, update timeouts. */
    void afterIo() {
        if (input.reprocess && !closed && upgraded == null) {
            input.reprocess = false;
            input.processInbound();
        }
        if (upgraded != null && input.inbound != null) {
            // Bytes after the upgrade request belong to HTTP/2 (the client preface).
            ByteBuffer rest = input.takeInbound();
            if (rest.hasRemaining()) upgraded.onData(rest);
        }
        if (needsFlush && !closed) {
            needsFlush = false;
            connection.flush();
        }
        if (inputClosed && !closed && upgraded == null && exchanges.isEmpty() && input.reading == null) {
            close();   // every request the half-closed client sent is answered
            return;
        }
        if (!closed && upgraded == null && input.inputDone()) {
            input.inbound = null; // never parsed: drop it and stop reading
            setAutoRead(false);
        }
        if (!closed && upgraded == null) writeWatch.check();
        if (!closed && upgraded == null) timeouts.update(exchanges.isEmpty() && input.reading == null,
                input.headInProgress(), input.readingBody());
    }

    void setAutoRead(boolean on) {
        if (on && input.inputDone()) return;
        if (autoRead != on) {
            autoRead = on;
            connection.setAutoRead(on);
        }
    }

    /** Orderly close (queued bytes are flushed first). */
    void close() {
        if (closed) return;
        if (needsFlush) connection.flush();
        closeRequested = true;
        connection.close();
        // A peer that does not read never lets an orderly close complete.
        Timers.abortIfCloseStalls(connection, config.writeTimeout());
        closeExchanges("connection closed", null);
    }

    /** The peer read nothing for the write timeout while a response waited: abort. */
    void onWriteTimeout() {
        LOG.log(Level.DEBUG, "peer not reading for {0}; aborting", config.writeTimeout());
        ClientFailures.report(connection, ClientFailure.STALLED);
        closeRequested = true;
        connection.abort();
        closeExchanges("peer not reading for " + config.writeTimeout(), null);
    }

    /** Whether response bytes wait for the transport (the oldest exchange has output queued). */
    boolean outputWaiting() {
        Http1Response ex = exchanges.peek();
        return ex != null && ex.pending != null && !ex.pending.isEmpty();
    }

    boolean inEventLoop() {
        return connection.inEventLoop();
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    // ---- timeouts (called by Http1Timeouts on the I/O thread) ----

    void onHeaderTimeout() {
        LOG.log(Level.DEBUG, "request head not received in time; 408");
        ClientFailures.report(connection, ClientFailure.STALLED);
        if (exchanges.isEmpty()) sendErrorAndClose(408);
        else close();
    }

    void onBodyTimeout() {
        input.onBodyTimeout();
        afterIo();
    }

    void onIdleTimeout() {
        close();
    }
}
