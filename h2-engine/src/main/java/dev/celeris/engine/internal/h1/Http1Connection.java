package dev.celeris.engine.internal.h1;

import dev.celeris.engine.ClientException;
import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.EngineObserver;
import dev.celeris.engine.EngineObserver.ClientFailure;
import dev.celeris.engine.Headers;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.Protocols;
import dev.celeris.engine.internal.BodyPipe;
import dev.celeris.engine.internal.ClientFailures;
import dev.celeris.engine.internal.ObservedConnection;
import dev.celeris.engine.internal.Timers;
import dev.celeris.engine.internal.UpgradeRequest;
import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An HTTP/1.x server connection (RFC 9112): parses pipelined requests, streams their bodies to
 * handlers, writes responses in request order, keeps the connection alive, and upgrades to h2c.
 *
 * <h2>Threading</h2>
 * Everything here runs on the connection's I/O thread except {@link #submit}, {@link
 * #bodyConsumed} and {@link #isShuttingDown}, which handler threads call. Handler output reaches
 * the I/O thread through a lock-free queue with one coalesced {@link Connection#execute} wake-up
 * per burst; the I/O thread writes everything it drained and flushes once.
 *
 * <h2>Back-pressure</h2>
 * Reading stops ({@link Connection#setAutoRead}) while a handler has more than
 * {@value #BODY_HIGH_WATER} unread body bytes buffered, or while {@code maxPipelinedRequests}
 * responses are outstanding; bytes already received wait in {@link #inbound}.
 */
public final class Http1Connection implements ConnectionHandler {

    /** Creates the HTTP/2 connection that takes over after a {@code 101 Switching Protocols}. */
    @FunctionalInterface
    public interface UpgradeFactory {
        ConnectionHandler create(UpgradeRequest request);
    }

    private static final System.Logger LOG = System.getLogger(Http1Connection.class.getName());
    static final int BODY_HIGH_WATER = 64 * 1024;
    static final int BODY_LOW_WATER = 16 * 1024;
    private final EngineConfig config;
    private final HttpHandler handler;
    private final UpgradeFactory upgradeFactory;
    private final RequestParser parser;
    private final Executor executor;
    private final Http1Writer writer;
    private final BodyReader bodyReader;
    private final AtomicBoolean resumePending = new AtomicBoolean();
    /** Exchanges in request order; the oldest one writes (see {@link Http1Writer}). */
    final ArrayDeque<Http1Response> exchanges = new ArrayDeque<>();
    private final Http1Timeouts timeouts;
    final Http1WriteWatch writeWatch;
    private volatile boolean shuttingDown;
    /** Set when reading stopped because a handler lags behind its request body. */
    private volatile Http1Response pausedOnBody;

    private Connection connection;
    private ByteBuffer inbound;
    /** The exchange whose request body is being read; null while reading heads. */
    private Http1Response reading;
    private boolean pausedOnPipeline;
    private boolean autoRead = true;
    private boolean stopParsing;
    /** An h2c upgrade request is in flight: the bytes after it belong to HTTP/2. */
    private boolean upgradePending;
    /** The peer half-closed (no more input); close once the last response is out. */
    private boolean inputClosed;
    /** A request head was parsed on this connection (it speaks HTTP/1.x). */
    private boolean sawRequest;
    private boolean inProcess;
    private boolean reprocess;
    /** Bytes were written in this pass: flush once at its end. */
    boolean needsFlush;
    private boolean closed;
    /** We closed (or aborted) the connection: its end is not the peer's doing. */
    private boolean closeRequested;
    private ConnectionHandler upgraded;
    /** An exchange that asked to switch protocols: nothing after it is parsed until it is answered. */
    private Http1Response awaitingUpgrade;

    /**
     * @param upgradeFactory creates the HTTP/2 side of an h2c upgrade; null disables upgrades
     */
    public Http1Connection(EngineConfig config, HttpHandler handler, UpgradeFactory upgradeFactory) {
        this.config = config;
        this.handler = handler;
        this.upgradeFactory = config.protocols() == Protocols.BOTH ? upgradeFactory : null;
        this.parser = new RequestParser(config.http1(), config.maxRequestBodySize());
        this.executor = config.handlerExecutor();
        this.timeouts = new Http1Timeouts(config.http1(), config.idleTimeout(), this);
        this.bodyReader = new BodyReader(config);
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

    /** Reports a refusal caused by a configured limit to the observer, if one watches. */
    private void limitTripped(Http1Exception e) {
        ObservedConnection observed = ObservedConnection.of(connection);
        if (e.limit() != null && observed != null) observed.observer().limitTripped(observed, e.limit());
    }

    @Override
    public void onData(ByteBuffer chunk) {
        if (upgraded != null) {
            upgraded.onData(chunk);
            return;
        }
        if (closed) return;
        if (inputDone()) {
            chunk.position(chunk.limit()); // SPEC: RFC 9112 §9.6 nothing after a closing request is read
            return;
        }
        timeouts.input();
        if (inbound != null && inbound.hasRemaining()) {
            stash(chunk);
            processInbound();
        } else {
            process(chunk);
            if (chunk.hasRemaining() && !closed && upgraded == null && !inputDone()) stash(chunk);
            if (upgraded != null && chunk.hasRemaining()) upgraded.onData(chunk);
        }
        afterIo();
    }

    @Override
    public void onWritable() {
        if (upgraded != null) {
            upgraded.onWritable();
            return;
        }
        writer.writePending();
        afterIo();
    }

    @Override
    public void onShutdown() {
        if (upgraded != null) {
            upgraded.onShutdown();
            return;
        }
        shuttingDown = true;
        stopParsing = true; // finish what is in flight, take no new request
        if (exchanges.isEmpty() && reading == null) close();
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
        if (closed || reading != null || exchanges.isEmpty()) return false; // the transport closes now
        stopParsing = true;
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

    // ---- input ----

    /** Appends {@code chunk} to the unprocessed input (which is kept in read mode). */
    private void stash(ByteBuffer chunk) {
        if (inbound == null) {
            inbound = ByteBuffer.allocate(Math.max(chunk.remaining(), 4096));
        } else {
            inbound.compact();
            if (inbound.remaining() < chunk.remaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(inbound.capacity() * 2, inbound.position() + chunk.remaining()));
                inbound.flip();
                bigger.put(inbound);
                inbound = bigger;
            }
        }
        inbound.put(chunk).flip();
    }

    private void processInbound() {
        if (inbound == null) return;
        process(inbound);
        if (inbound != null && !inbound.hasRemaining()) inbound = null;
    }

    /** Parses heads and bodies from {@code in} until it is empty or input must wait. */
    private void process(ByteBuffer in) {
        if (inProcess) {
            reprocess = true;
            return;
        }
        inProcess = true;
        try {
            while (in.hasRemaining() && !closed && upgraded == null) {
                if (reading != null) {
                    if (!readBody(in)) break;
                    continue;
                }
                if (stopParsing || pausedOnBody != null || pausedOnPipeline || awaitingUpgrade != null) break;
                if (exchanges.size() >= config.http1().maxPipelinedRequests()) {
                    pausedOnPipeline = true;
                    setAutoRead(false);
                    break;
                }
                timeouts.headBytes();
                if (parser.parse(in)) onHead(parser.take(), in);
            }
        } catch (Http1Exception e) {
            limitTripped(e);
            reject(e);
        } finally {
            inProcess = false;
        }
    }

    private void onHead(Http1Request req, ByteBuffer in) {
        req.remoteAddress = connection.remoteAddress();
        req.localAddress = connection.localAddress();
        req.tlsSession = connection.tlsSession();
        Http1Response ex = new Http1Response(this, req, handler);
        exchanges.add(ex);
        timeouts.headDone();
        // SPEC: RFC 9112 §9.6 nothing after a request that closes the connection is read.
        sawRequest = true;
        if (!req.keepAlive) stopParsing = true;
        if (req.http2Settings != null && upgradeFactory != null && req.contentLength <= upgradeBodyLimit()) {
            ex.upgrade = true;
            upgradePending = true;
            stopParsing = true; // what follows the request is HTTP/2
            if (req.hasBody()) {
                startBody(ex);
            } else {
                tryUpgrade();
            }
            return;
        }
        // SPEC: RFC 9110 §7.8 after a request asking to switch protocols, bytes may be the new protocol's.
        if (TunnelUpgrade.asksForUpgrade(req)) awaitingUpgrade = ex;
        if (req.hasBody()) {
            req.body = new BodyPipe(ex);
            ex.requestBody(req.body);
            startBody(ex);
        }
        ex.startHandler();
        if (!handler.isBlocking(req) && (!req.hasBody()
                || (req.framing == Http1Request.Framing.LENGTH && in.remaining() >= req.contentLength))) {
            if (req.hasBody()) readBody(in);
            ex.run(); // non-blocking handler, complete request: inline on the I/O thread
        } else if (executor != null) {
            executor.execute(ex);
        } else {
            Thread.startVirtualThread(ex);
        }
    }

    private long upgradeBodyLimit() {
        long limit = config.http2().connectionWindowSize();
        return config.maxRequestBodySize() >= 0 ? Math.min(limit, config.maxRequestBodySize()) : limit;
    }

    private void startBody(Http1Response ex) {
        reading = ex;
        bodyReader.start(ex);
    }

    /** Reads body bytes of {@link #reading}; false when more input is needed or reading paused. */
    private boolean readBody(ByteBuffer in) {
        Http1Response ex = reading;
        boolean complete;
        try {
            complete = bodyReader.read(in, ex);
        } catch (Http1Exception e) {
            limitTripped(e);
            return bodyFailed(ex, e.status(), e.getMessage(), ClientFailure.BAD_BODY);
        }
        if (closed) return false;
        if (!complete) {
            if (!ex.discarding && !ex.upgrade && ex.request.body.buffered() > BODY_HIGH_WATER) {
                pausedOnBody = ex;
                setAutoRead(false);
                // The handler may have drained the pipe meanwhile: re-check so no wake-up is lost.
                if (ex.request.body.buffered() <= BODY_LOW_WATER) bodyConsumed(ex);
                return false;
            }
            return in.hasRemaining();
        }
        reading = null;
        if (ex.upgrade) {
            tryUpgrade();
            return false;
        }
        if (!ex.discarding) ex.request.body.finish(bodyReader.trailers());
        return true;
    }

    /** The body of {@code ex} is broken: its handler sees the error; the connection ends after it. */
    private boolean bodyFailed(Http1Response ex, int status, String message, ClientFailure kind) {
        LOG.log(Level.DEBUG, "request body rejected ({0}): {1}", status, message);
        ClientFailures.report(connection, kind);
        stopParsing = true;
        reading = null;
        ex.closeAfter = true;
        if (ex.request.body != null) ex.request.body.fail(new ClientException(status, message));
        if (ex.upgrade || ex.discarding) close();
        return false;
    }

    /** A malformed request head: answer with its status once earlier responses are out, then close. */
    private void reject(Http1Exception e) {
        LOG.log(Level.DEBUG, "rejecting request: {0}", e);
        ClientFailures.report(connection, ClientFailure.PROTOCOL_ERROR);
        stopParsing = true;
        if (e.notHttp() && !sawRequest) {
            close(); // not an HTTP/1.x client at all (nor HTTP/2): no HTTP/1.1 answer, just close
            return;
        }
        // Earlier pipelined responses may still be in the making: queue the error behind them.
        Http1Request failed = new Http1Request(Headers.empty());
        failed.method = "GET";
        failed.http11 = true;
        Http1Response ex = new Http1Response(this, failed, handler);
        ex.closeAfter = true;
        exchanges.add(ex);
        ex.status(e.status());
        ex.send(ByteBuffer.allocate(0));
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

    // ---- h2c upgrade ----

    /** Switches to HTTP/2 once the upgrade request's body is in and earlier responses are out. */
    void tryUpgrade() {
        Http1Response ex = exchanges.peek();
        if (ex == null || !ex.upgrade || reading != null) return;
        UpgradeRequest upgrade = H2cUpgrade.toUpgradeRequest(ex.request, bodyReader.takeUpgradeBody());
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
        awaitingUpgrade = null;
        upgraded = ex.tunnel;
        upgraded.onOpen(connection);
        if (!autoRead) setAutoRead(true);
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
        if (!inProcess) afterIo();
    }

    /** The oldest exchange's response is fully written: next one, or close. */
    void completeExchange(Http1Response ex) {
        exchanges.poll();
        ex.responseSent();
        ex.release(null); // drops request body bytes the handler did not read (reading them goes on, discarding)
        if (ex.tunnel != null && !ex.closeAfter) {
            switchToTunnel(ex);
            return;
        }
        if (awaitingUpgrade == ex) {
            awaitingUpgrade = null; // answered without switching: go on as HTTP/1.1
            if (!ex.closeAfter) reprocess = true;
        }
        if (ex.closeAfter || (shuttingDown || inputClosed) && exchanges.isEmpty()) {
            close();
            return;
        }
        if (reading == ex) {
            // The handler did not read its whole body: drop the rest, up to a limit.
            ex.discarding = true;
            if (pausedOnBody == ex) resumeReading();
        }
        if (pausedOnPipeline) {
            pausedOnPipeline = false;
            if (pausedOnBody == null) setAutoRead(true);
            processInbound();
        }
    }

    /** Handler thread: body bytes were consumed; resumes reading when the pipe has drained. */
    void bodyConsumed(Http1Response ex) {
        if (pausedOnBody != ex || ex.request.body.buffered() > BODY_LOW_WATER) return;
        if (resumePending.compareAndSet(false, true)) {
            connection.execute(() -> {
                resumePending.set(false);
                if (pausedOnBody == ex && !closed) {
                    resumeReading();
                    afterIo();
                }
            });
        }
    }

    private void resumeReading() {
        pausedOnBody = null;
        if (!pausedOnPipeline) setAutoRead(true);
        processInbound();
    }

    /** End of an I/O pass: re-run input that was deferred, flush once, update timeouts. */
    private void afterIo() {
        if (reprocess && !closed && upgraded == null) {
            reprocess = false;
            processInbound();
        }
        if (upgraded != null && inbound != null) {
            // Bytes after the upgrade request belong to HTTP/2 (the client preface).
            ByteBuffer rest = inbound;
            inbound = null;
            if (rest.hasRemaining()) upgraded.onData(rest);
        }
        if (needsFlush && !closed) {
            needsFlush = false;
            connection.flush();
        }
        if (inputClosed && !closed && upgraded == null && exchanges.isEmpty() && reading == null) {
            close();   // every request the half-closed client sent is answered
            return;
        }
        if (!closed && upgraded == null && inputDone()) {
            inbound = null; // never parsed: drop it and stop reading
            setAutoRead(false);
        }
        if (!closed && upgraded == null) writeWatch.check();
        if (!closed && upgraded == null) timeouts.update(exchanges.isEmpty() && reading == null, parser.inProgress(),
                reading != null && pausedOnBody == null);
    }

    /** No further input is parsed: parsing stopped and no body or upgrade still needs bytes. */
    private boolean inputDone() {
        return stopParsing && reading == null && !upgradePending && awaitingUpgrade == null && upgraded == null;
    }

    private void setAutoRead(boolean on) {
        if (on && inputDone()) return;
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

    /** Releases every exchange in flight (the connection switched protocols). */
    private void releaseAll() {
        for (Http1Response ex : exchanges) ex.release(null);
        exchanges.clear();
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
        Http1Response ex = reading;
        if (ex == null || closed) return;
        LOG.log(Level.DEBUG, "request body stalled; failing it with 408");
        bodyFailed(ex, 408, "no request body bytes for " + config.idleTimeout(), ClientFailure.STALLED);
        afterIo();
    }

    void onIdleTimeout() {
        close();
    }
}
