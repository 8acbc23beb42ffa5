package dev.celeris.engine.internal.h2;

import dev.celeris.engine.EngineObserver.ClientFailure;
import dev.celeris.engine.internal.ClientFailures;
import dev.celeris.engine.internal.HandOff;
import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Http2Config;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.internal.ObservedConnection;
import dev.celeris.engine.internal.TimerWheel;
import dev.celeris.engine.internal.Timers;
import dev.celeris.engine.internal.UpgradeRequest;
import dev.celeris.engine.internal.h2.frame.FrameParser;
import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Future;

/**
 * One HTTP/2 server connection (RFC 9113): the transport's {@link ConnectionHandler}. This
 * class owns the life cycle (open, read passes, writability, shutdown, close), the timers and
 * the single place where protocol errors become frames ({@link #onError}); frames are
 * interpreted by {@link InboundFrames}, streams by {@link Streams}, windows by
 * {@link FlowController}, HPACK by {@link HeaderCodec}, output by {@link FrameOutput}.
 *
 * <p><b>Threading.</b> Every field is confined to the connection's I/O thread, except what
 * handler threads reach through {@link HandOff} (a lock-free queue) and the per-stream atomics
 * in {@link H2Stream}. Handler threads never write frames.
 *
 * <p><b>Idle timer.</b> The handler is its own entry in the process's {@link TimerWheel}: the
 * idle check costs a deadline and two links, not a scheduled task per connection.
 */
public final class Http2ConnectionHandler extends TimerWheel.Entry implements ConnectionHandler {

    static final System.Logger LOG = System.getLogger("dev.celeris.engine.h2");
    private static final byte[] NO_DEBUG = new byte[0];
    /** The PING payload of the first phase of a graceful shutdown. */
    static final long SHUTDOWN_PING = 0x63656c6572697321L; // "celeris!"

    final EngineConfig config;
    final Http2Config h2;
    final HttpHandler handler;
    private final UpgradeRequest upgrade;

    Connection connection;
    H2Events events = H2Events.DISABLED;
    FrameOutput out;
    FlowController flow;
    final StreamRegistry registry = new StreamRegistry();
    final PeerSettings peer = new PeerSettings();
    /** HPACK glue, created by the first header block either way: an idle connection has none. */
    private HeaderCodec codec;
    /** The peer's SETTINGS_HEADER_TABLE_SIZE before the codec exists: smallest (high half) and last (low half). */
    private long peerTableSizes;
    private boolean peerTableSizeSeen;
    /** Created with the first stream (before any handler thread can reach it); null on an idle connection. */
    HandOff<StreamOp> outbox;
    Streams streams;
    /** Created by the first stream or the first unwritable flush. */
    private ProgressWatch progress;
    private InboundFrames frames;
    private FrameParser parser;

    /** A connection error was handled (or the transport closed): input is ignored from now on. */
    boolean failed;
    boolean settingsAcknowledged;
    /** The peer half-closed its side of the transport: no frame will come any more. */
    private boolean inputClosed;
    /** Inside {@link #onData}: the outbox drains before the flush. */
    private boolean reading;
    /** Phase 1 of a graceful shutdown was sent (GOAWAY 2^31-1 + PING). */
    boolean shuttingDown;
    /** The final GOAWAY was sent: streams above {@link #lastAcceptedStreamId} are refused. */
    boolean finalGoAwaySent;
    /** The highest stream id handed to a handler (the GOAWAY last-stream-id, §6.8). */
    int lastAcceptedStreamId;
    private long lastActivityNanos;
    /** Control frames written while the transport was not writable (flood guard). */
    private int queuedControlFrames;

    /** Flood counters, created by the first event of their kind (most connections never see one). */
    private RateCounter rapidResets;
    private RateCounter serverResets;
    private RateCounter pings;
    private RateCounter settingsFrames;
    /** When the peer's first SETTINGS arrived (the SETTINGS counter is created by the second). */
    private long firstSettingsNanos;
    private boolean settingsSeen;
    int consecutiveEmptyData;

    private Future<?> settingsTimer;
    private Future<?> shutdownTimer;

    public Http2ConnectionHandler(EngineConfig config, HttpHandler handler) {
        this(config, handler, null);
    }

    private Http2ConnectionHandler(EngineConfig config, HttpHandler handler, UpgradeRequest upgrade) {
        this.config = config;
        this.h2 = config.http2();
        this.handler = handler;
        this.upgrade = upgrade;
    }

    RateCounter rapidResets() {
        if (rapidResets == null) rapidResets = new RateCounter(h2.maxResetsPerWindow(), h2.resetWindow());
        return rapidResets;
    }

    RateCounter serverResets() {
        if (serverResets == null) serverResets = new RateCounter(h2.maxServerResetsPerWindow(), h2.resetWindow());
        return serverResets;
    }

    RateCounter pings() {
        if (pings == null) pings = new RateCounter(h2.maxPingsPerSecond(), Duration.ofSeconds(1));
        return pings;
    }

    /**
     * Counts one SETTINGS frame of the peer; false above {@code maxSettingsPerSecond}. The first
     * one is only timed (every connection gets one, and one never exceeds a limit of 1 or more):
     * the counter is created by the second, with the first recorded at its time, so the verdicts
     * are the same as with a counter from the start.
     */
    boolean recordSettings() {
        long now = System.nanoTime();
        if (settingsFrames == null) {
            int limit = h2.maxSettingsPerSecond();
            if (!settingsSeen && limit >= 1) {
                settingsSeen = true;
                firstSettingsNanos = now;
                return true;
            }
            settingsFrames = new RateCounter(limit, Duration.ofSeconds(1), settingsSeen ? firstSettingsNanos : now);
            if (settingsSeen) settingsFrames.record(firstSettingsNanos);
        }
        return settingsFrames.record(now);
    }

    /**
     * A handler for a connection upgraded from HTTP/1.1 with {@code Upgrade: h2c} (RFC 7540
     * §3.2). The HTTP/1.1 side has written the 101 response; {@link #onOpen} then applies the
     * request's {@code HTTP2-Settings}, serves the request as stream 1 (half-closed remote) and
     * expects the client preface as the next bytes given to {@link #onData}.
     */
    public static Http2ConnectionHandler forUpgrade(EngineConfig config, HttpHandler handler, UpgradeRequest request) {
        return new Http2ConnectionHandler(config, handler, java.util.Objects.requireNonNull(request, "request"));
    }

    @Override
    public void onOpen(Connection connection) {
        this.connection = connection;
        ObservedConnection.protocol(connection, "HTTP/2.0");
        this.events = H2Events.of(connection);
        this.out = new FrameOutput(connection, events);
        this.streams = new Streams(this);
        this.flow = new FlowController(connection, out, streams, h2.connectionWindowSize(), h2.initialStreamWindowSize());
        this.frames = new InboundFrames(this);
        // A header block far beyond the list limit is a flood, not a request: connection error.
        int maxBlock = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16_384L, 2L * h2.maxHeaderListSize()));
        this.parser = new FrameParser(frames, h2.maxFrameSize(), maxBlock, h2.maxContinuationFrames()).expectPreface(true);
        this.lastActivityNanos = System.nanoTime();

        // SPEC: RFC 9113 §3.4 the server preface is a SETTINGS frame, sent first
        out.settings(PeerSettings.local(h2));
        flow.openConnectionWindow();
        settingsTimer = Timers.schedule(connection, h2.settingsAckTimeout(), this::settingsAckTimedOut);
        scheduleIdleCheck(config.idleTimeout());
        if (upgrade != null) {
            try {
                streams.openUpgraded(upgrade);
            } catch (H2Exception e) {
                onError(e);
            }
        }
        flushAndCheck();
    }

    @Override
    public void onData(ByteBuffer chunk) {
        if (failed) {
            chunk.position(chunk.limit());
            return;
        }
        lastActivityNanos = System.nanoTime();
        reading = true;
        if (outbox != null) outbox.setDraining(true);
        try {
            while (!failed) {
                try {
                    parser.parse(chunk);
                    break;
                } catch (H2Exception e) {
                    onError(e); // a stream error leaves the parser ready: go on with the rest of the chunk
                }
            }
            if (outbox != null) outbox.drain(); // work of inline handlers that ran during this pass
        } finally {
            reading = false;
            if (outbox != null) outbox.setDraining(false);
        }
        flushAndCheck();
    }

    @Override
    public void onWritable() {
        if (failed) return;
        if (progress != null) progress.drained();
        queuedControlFrames = 0;
        flow.resume();
        flushAndCheck();
    }

    /**
     * The peer half-closed: streams still waiting for request bytes can never complete and are
     * reset; the others are answered, then the connection closes (see {@link #flushAndCheck}).
     */
    @Override
    public boolean onInputClosed() {
        if (failed) return false;
        inputClosed = true;
        for (H2Stream s : registry.active()) {
            if (s.state.canReceive()) streams.cancelIncomplete(s);
        }
        flushAndCheck();
        return !failed && registry.activeCount() > 0;
    }

    /** Writes everything produced so far in one flush; closes once a final GOAWAY or a half-close left no stream open. */
    void flushAndCheck() {
        out.flush();
        if (!failed && !connection.isWritable()) armProgress();
        if (!failed && (finalGoAwaySent || inputClosed) && registry.activeCount() == 0) {
            failed = true;
            closeConnection();
        }
    }

    /**
     * The one place protocol errors become frames: a stream error resets its stream
     * (RST_STREAM), a connection error sends GOAWAY with the last processed stream id, stops
     * reading and closes once the GOAWAY is flushed (§5.4).
     */
    void onError(H2Exception e) {
        if (failed) return;
        if (!e.isConnectionError()) {
            LOG.log(System.Logger.Level.DEBUG, "{0}", e);
            streams.resetFromError(e.streamId(), e.error(),
                    e.isBadBody() ? ClientFailure.BAD_BODY : ClientFailure.PROTOCOL_ERROR);
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "{0}", e);
        clientFailure(ClientFailure.PROTOCOL_ERROR); // flood limits included: the peer's doing
        if (e.limit() != null) events.limitTripped(e.limit());
        String message = e.getMessage() == null ? "" : e.getMessage();
        byte[] debug = message.getBytes(StandardCharsets.UTF_8);
        if (debug.length > 256) debug = java.util.Arrays.copyOf(debug, 256);
        goAwayAndClose(e.error(), debug);
    }

    /** Sends GOAWAY {@code error}, fails every stream and closes after the flush. */
    void goAwayAndClose(H2Error error, byte[] debug) {
        if (failed) return;
        failed = true;
        // SPEC: RFC 9113 §6.8 the last stream id is the highest one we processed
        out.goAway(lastAcceptedStreamId, error.code(), debug);
        flow.connectionClosed();
        streams.failAll("connection closed: " + error, null);
        out.flush();
        cancelTimers();
        closeConnection();
    }

    /** Orderly close; a peer that does not read never lets it complete, so it is aborted after writeTimeout. */
    private void closeConnection() {
        connection.close();
        Timers.abortIfCloseStalls(connection, config.writeTimeout());
    }

    /** The transport stayed unwritable for {@code writeTimeout}: the peer stopped reading. */
    void writeTimedOut() {
        if (failed) return;
        LOG.log(System.Logger.Level.DEBUG, "{0}: peer not reading for {1}, aborting", connection.remoteAddress(),
                config.writeTimeout());
        failed = true;
        flow.connectionClosed();
        clientFailure(ClientFailure.STALLED);
        streams.failAll("peer not reading for " + config.writeTimeout(), null);
        cancelTimers();
        connection.abort();
    }

    /**
     * A control frame (ACK, RST_STREAM) was queued; if the peer does not read (the transport is
     * not writable) too many of them are a flood (CVE-2019-9512/9515): ENHANCE_YOUR_CALM.
     */
    void controlFrameQueued() {
        if (connection.isWritable()) {
            queuedControlFrames = 0;
            return;
        }
        if (++queuedControlFrames > h2.maxQueuedControlFrames()) {
            onError(H2Exception.limitExceeded("maxQueuedControlFrames", "more than %d control frames queued",
                    h2.maxQueuedControlFrames()));
        }
    }

    /** Our SETTINGS were acknowledged (§6.5.3). */
    void settingsAcknowledged() {
        if (settingsAcknowledged) return;
        settingsAcknowledged = true;
        if (settingsTimer != null) {
            settingsTimer.cancel(false);
            settingsTimer = null;
        }
        if (codec != null) codec.localTableSize(h2.headerTableSize()); // else applied when it is created
        streams.localWindowAcknowledged();
    }

    private void settingsAckTimedOut() {
        if (!failed && !settingsAcknowledged) {
            // SPEC: RFC 9113 §6.5.3 no ACK in reasonable time → SETTINGS_TIMEOUT
            goAwayAndClose(H2Error.SETTINGS_TIMEOUT, "SETTINGS not acknowledged".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void scheduleIdleCheck(Duration delay) {
        if (config.idleTimeout().isZero() || config.idleTimeout().isNegative()) return;
        Timers.schedule(this, delay);
    }

    @Override
    protected Connection timerConnection() {
        return connection;
    }

    /** The idle timer fired (on the I/O thread). */
    @Override
    public void run() {
        checkIdle();
    }

    private void checkIdle() {
        if (failed) return;
        long idle = config.idleTimeout().toNanos();
        long quiet = System.nanoTime() - lastActivityNanos;
        if (registry.activeCount() == 0 && quiet >= idle) {
            LOG.log(System.Logger.Level.DEBUG, "closing idle connection {0}", connection.remoteAddress());
            goAwayAndClose(H2Error.NO_ERROR, "idle".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        scheduleIdleCheck(Duration.ofNanos(registry.activeCount() > 0 ? idle : idle - quiet));
    }

    /** A stream opens: handler threads will hand their work over through the outbox. */
    void openOutbox() {
        if (outbox != null) return;
        outbox = new HandOff<>(connection, streams::process, this::flushAndCheck);
        outbox.setDraining(reading);
    }

    /**
     * The HPACK glue, created on first use with what was settled before: our table size once
     * acknowledged, the peer's sizes replayed smallest first (as {@link HeaderCodec} keeps them).
     */
    HeaderCodec codec() {
        HeaderCodec c = codec;
        if (c == null) {
            c = codec = new HeaderCodec(h2.maxHeaderListSize());
            if (settingsAcknowledged) c.localTableSize(h2.headerTableSize());
            if (peerTableSizeSeen) {
                c.peerTableSize(peerTableSizes >>> 32);
                c.peerTableSize(peerTableSizes & 0xFFFFFFFFL);
            }
        }
        return c;
    }

    /** The peer's SETTINGS_HEADER_TABLE_SIZE (an unsigned 32-bit value). */
    void peerTableSize(long size) {
        if (codec != null || size < 0 || size > 0xFFFFFFFFL) {
            codec().peerTableSize(size); // an impossible size fails there as before
            return;
        }
        long min = peerTableSizeSeen ? Math.min(peerTableSizes >>> 32, size) : size;
        peerTableSizes = (min << 32) | size;
        peerTableSizeSeen = true;
    }

    /** Something may need the progress watch (a stream opened, the transport became unwritable). */
    void armProgress() {
        if (progress == null) progress = new ProgressWatch(this, config);
        progress.arm();
    }

    /** Touches the idle clock (a stream ended: the idle period starts now). */
    void activity() {
        lastActivityNanos = System.nanoTime();
    }

    /**
     * Graceful shutdown, two phases (§6.8): GOAWAY with 2^31-1 and a PING; when the PING comes
     * back (or after {@code gracefulShutdownPingTimeout}) the final GOAWAY with the real last
     * stream id. Streams in flight finish; the connection closes when none is left.
     */
    @Override
    public void onShutdown() {
        if (failed || shuttingDown) return;
        shuttingDown = true;
        out.goAway(Integer.MAX_VALUE, H2Error.NO_ERROR.code(), NO_DEBUG);
        out.ping(false, SHUTDOWN_PING);
        shutdownTimer = Timers.schedule(connection, h2.gracefulShutdownPingTimeout(), this::finalGoAway);
        flushAndCheck();
    }

    /** Phase 2 of the graceful shutdown. */
    void finalGoAway() {
        if (failed || finalGoAwaySent) return;
        finalGoAwaySent = true;
        if (shutdownTimer != null) shutdownTimer.cancel(false);
        out.goAway(lastAcceptedStreamId, H2Error.NO_ERROR.code(), NO_DEBUG);
        flushAndCheck();
    }

    @Override
    public void onClose(Throwable cause) {
        if (cause != null) LOG.log(System.Logger.Level.DEBUG, "connection closed: {0}", cause.toString());
        boolean byPeer = !failed; // not closed by us: the exchanges still live were cut off by the peer
        failed = true;
        cancelTimers();
        if (streams != null) {
            flow.connectionClosed();
            streams.failAll("connection closed", byPeer ? ClientFailure.DISCONNECTED : null);
        }
    }

    /** A client-caused failure not tied to one exchange (a connection error, a stalled peer). */
    void clientFailure(ClientFailure kind) {
        if (kind != null) ClientFailures.report(connection, kind);
    }

    private void cancelTimers() {
        if (progress != null) progress.cancel();
        if (settingsTimer != null) settingsTimer.cancel(false);
        Timers.cancel(this);
        if (shutdownTimer != null) shutdownTimer.cancel(false);
    }

    @Override
    public String toString() {
        return "h2 " + (connection == null ? "(not open)" : connection.remoteAddress()) + " " + registry;
    }
}
