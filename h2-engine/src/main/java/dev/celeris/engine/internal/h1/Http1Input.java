package dev.celeris.engine.internal.h1;

import dev.celeris.engine.ClientException;
import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.EngineObserver.ClientFailure;
import dev.celeris.engine.Headers;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.internal.BodyPipe;
import dev.celeris.engine.internal.ClientFailures;
import dev.celeris.engine.internal.ObservedConnection;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The input side of an {@link Http1Connection} (I/O thread, except {@link #bodyConsumed}):
 * keeps the bytes not parsed yet, parses pipelined request heads and bodies, creates each
 * request's exchange and starts its handler, rejects malformed requests, and stops reading
 * ({@code setAutoRead(false)}) while a handler lags behind its body, while too many responses are
 * outstanding or the peer does not take them, and for good once no further request can follow.
 */
final class Http1Input {

    private static final System.Logger LOG = System.getLogger(Http1Input.class.getName());
    static final int BODY_HIGH_WATER = 64 * 1024;
    static final int BODY_LOW_WATER = 16 * 1024;

    private final Http1Connection conn;
    private final EngineConfig config;
    private final HttpHandler handler;
    private final Executor executor;
    private final boolean upgrades;
    private final RequestParser parser;
    final BodyReader bodyReader;
    private final AtomicBoolean resumePending = new AtomicBoolean();
    /** Set when reading stopped because a handler lags behind its request body. */
    private volatile Http1Response pausedOnBody;

    /** Received bytes not parsed yet (read mode), or null. */
    ByteBuffer inbound;
    /** The exchange whose request body is being read; null while reading heads. */
    Http1Response reading;
    private boolean pausedOnPipeline;
    /** No further request head is parsed (closing request, parse error, shutdown, half-close, upgrade). */
    boolean stopParsing;
    /** An h2c upgrade request is in flight: the bytes after it belong to HTTP/2. */
    private boolean upgradePending;
    /** An exchange that asked to switch protocols: nothing after it is parsed until it is answered. */
    Http1Response awaitingUpgrade;
    /** A request head was parsed on this connection (it speaks HTTP/1.x). */
    private boolean sawRequest;
    boolean inProcess;
    /** Input was deferred while a pass ran: process it again at the end of the I/O pass. */
    boolean reprocess;

    Http1Input(Http1Connection conn, EngineConfig config, HttpHandler handler, boolean upgrades) {
        this.conn = conn;
        this.config = config;
        this.handler = handler;
        this.executor = config.handlerExecutor();
        this.upgrades = upgrades;
        this.parser = new RequestParser(config.http1(), config.maxRequestBodySize());
        this.bodyReader = new BodyReader(config);
    }

    /** New bytes from the transport: parses what it can, keeps the rest. */
    void onData(ByteBuffer chunk) {
        if (inputDone()) {
            chunk.position(chunk.limit()); // SPEC: RFC 9112 §9.6 nothing after a closing request is read
            return;
        }
        conn.timeouts.input();
        if (inbound != null && inbound.hasRemaining()) {
            stash(chunk);
            processInbound();
        } else {
            process(chunk);
            if (chunk.hasRemaining() && !conn.isClosed() && !conn.isUpgraded() && !inputDone()) stash(chunk);
            if (conn.isUpgraded() && chunk.hasRemaining()) conn.upgradedData(chunk);
        }
    }

    /** Whether a head is partly parsed (the header timeout runs). */
    boolean headInProgress() {
        return parser.inProgress();
    }

    /** Whether a request body is being read and not paused on its handler (the body timeout runs). */
    boolean readingBody() {
        return reading != null && pausedOnBody == null;
    }

    /** Takes the unparsed bytes (they belong to the protocol the connection switched to). */
    ByteBuffer takeInbound() {
        ByteBuffer rest = inbound;
        inbound = null;
        return rest;
    }

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

    void processInbound() {
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
            while (in.hasRemaining() && !conn.isClosed() && !conn.isUpgraded()) {
                if (reading != null) {
                    if (!readBody(in)) break;
                    continue;
                }
                if (stopParsing || pausedOnBody != null || pausedOnPipeline || awaitingUpgrade != null) break;
                if (pipelineFull()) {
                    pausedOnPipeline = true;
                    conn.setAutoRead(false);
                    break;
                }
                conn.timeouts.headBytes();
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
        req.remoteAddress = conn.transport().remoteAddress();
        req.localAddress = conn.transport().localAddress();
        req.tlsSession = conn.transport().tlsSession();
        Http1Response ex = new Http1Response(conn, req, handler);
        conn.exchanges.add(ex);
        conn.timeouts.headDone();
        // SPEC: RFC 9112 §9.6 nothing after a request that closes the connection is read.
        sawRequest = true;
        if (!req.keepAlive) stopParsing = true;
        if (req.http2Settings != null && upgrades && req.contentLength <= upgradeBodyLimit()) {
            ex.upgrade = true;
            upgradePending = true;
            stopParsing = true; // what follows the request is HTTP/2
            if (req.hasBody()) {
                startBody(ex);
            } else {
                conn.tryUpgrade();
            }
            return;
        }
        // SPEC: RFC 9110 §7.8 after a request asking to switch protocols, bytes may be the new protocol's.
        if (TunnelUpgrade.asksForUpgrade(req)) awaitingUpgrade = ex;
        if (req.hasBody()) {
            req.body = new BodyPipe(ex);
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
        if (conn.isClosed()) return false;
        if (!complete) {
            if (!ex.discarding && !ex.upgrade && ex.request.body.buffered() > BODY_HIGH_WATER) {
                pausedOnBody = ex;
                conn.setAutoRead(false);
                // The handler may have drained the pipe meanwhile: re-check so no wake-up is lost.
                if (ex.request.body.buffered() <= BODY_LOW_WATER) bodyConsumed(ex);
                return false;
            }
            return in.hasRemaining();
        }
        reading = null;
        if (ex.upgrade) {
            conn.tryUpgrade();
            return false;
        }
        if (!ex.discarding) ex.request.body.finish(bodyReader.trailers());
        return true;
    }

    /** The body of {@code ex} is broken: its handler sees the error; the connection ends after it. */
    boolean bodyFailed(Http1Response ex, int status, String message, ClientFailure kind) {
        LOG.log(Level.DEBUG, "request body rejected ({0}): {1}", status, message);
        ClientFailures.report(conn.transport(), kind);
        stopParsing = true;
        reading = null;
        ex.closeAfter = true;
        if (ex.request.body != null) ex.request.body.fail(new ClientException(status, message));
        if (ex.upgrade || ex.discarding) conn.close();
        return false;
    }

    /** A malformed request head: answer with its status once earlier responses are out, then close. */
    private void reject(Http1Exception e) {
        LOG.log(Level.DEBUG, "rejecting request: {0}", e);
        ClientFailures.report(conn.transport(), ClientFailure.PROTOCOL_ERROR);
        stopParsing = true;
        if (e.notHttp() && !sawRequest) {
            conn.close(); // not an HTTP/1.x client at all (nor HTTP/2): no HTTP/1.1 answer, just close
            return;
        }
        // Earlier pipelined responses may still be in the making: queue the error behind them.
        Http1Request failed = new Http1Request(Headers.empty());
        failed.method = "GET";
        failed.http11 = true;
        Http1Response ex = new Http1Response(conn, failed, handler);
        ex.closeAfter = true;
        conn.exchanges.add(ex);
        ex.status(e.status());
        ex.send(ByteBuffer.allocate(0));
    }

    /** Reports a refusal caused by a configured limit to the observer, if one watches. */
    private void limitTripped(Http1Exception e) {
        ObservedConnection observed = ObservedConnection.of(conn.transport());
        if (e.limit() != null && observed != null) observed.observer().limitTripped(observed, e.limit());
    }

    /**
     * The oldest exchange's response is out and the connection stays: input that waited for it
     * (a request that asked to switch protocols and was not switched, the pipeline limit, an
     * unread body now dropped) goes on.
     */
    void exchangeCompleted(Http1Response ex) {
        if (awaitingUpgrade == ex) {
            awaitingUpgrade = null; // answered without switching: go on as HTTP/1.1
            if (!ex.closeAfter) reprocess = true;
        }
    }

    /** After {@link #exchangeCompleted}, unless the connection closed: resume what the exchange held up. */
    void afterExchange(Http1Response ex) {
        if (reading == ex) {
            // The handler did not read its whole body: drop the rest, up to a limit.
            ex.discarding = true;
            if (pausedOnBody == ex) resumeReading();
        }
        resumePipeline();
    }

    /**
     * Whether no further request is taken now: {@code maxPipelinedRequests} responses are
     * outstanding, or one is and the transport is above its high-water mark (a peer that does not
     * read its responses gets no more of them made).
     */
    private boolean pipelineFull() {
        int outstanding = conn.exchanges.size();
        return outstanding >= config.http1().maxPipelinedRequests()
                || outstanding > 0 && !conn.transport().isWritable();
    }

    /**
     * Resumes what {@link #pipelineFull} held back once half the pipeline is answered and the
     * transport takes bytes again; not at every response: the requests waiting in the input then
     * start together (one wake-up of the handler threads, one flush for their responses), and
     * reading is switched off and on once per batch, not per request.
     */
    void resumePipeline() {
        if (!pausedOnPipeline || conn.exchanges.size() > config.http1().maxPipelinedRequests() / 2
                || !conn.transport().isWritable()) {
            return;
        }
        pausedOnPipeline = false;
        if (pausedOnBody == null) conn.setAutoRead(true);
        processInbound();
    }

    /** Handler thread: body bytes were consumed; resumes reading when the pipe has drained. */
    void bodyConsumed(Http1Response ex) {
        if (pausedOnBody != ex || ex.request.body.buffered() > BODY_LOW_WATER) return;
        if (resumePending.compareAndSet(false, true)) {
            conn.transport().execute(() -> {
                resumePending.set(false);
                if (pausedOnBody == ex && !conn.isClosed()) {
                    resumeReading();
                    conn.afterIo();
                }
            });
        }
    }

    private void resumeReading() {
        pausedOnBody = null;
        if (!pausedOnPipeline) conn.setAutoRead(true);
        processInbound();
    }

    /** No further input is parsed: parsing stopped and no body or upgrade still needs bytes. */
    boolean inputDone() {
        return stopParsing && reading == null && !upgradePending && awaitingUpgrade == null && !conn.isUpgraded();
    }

    /** The request body stalled for the idle timeout: fail it with 408. */
    void onBodyTimeout() {
        Http1Response ex = reading;
        if (ex == null || conn.isClosed()) return;
        LOG.log(Level.DEBUG, "request body stalled; failing it with 408");
        bodyFailed(ex, 408, "no request body bytes for " + config.idleTimeout(), ClientFailure.STALLED);
    }
}
