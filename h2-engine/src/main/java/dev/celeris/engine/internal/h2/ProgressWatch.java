package dev.celeris.engine.internal.h2;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.internal.TimerWheel;
import dev.celeris.engine.internal.Timers;
import dev.celeris.spi.Connection;
import java.time.Duration;

/**
 * The progress deadlines of one HTTP/2 connection (I/O thread only), checked by one periodic
 * sweep that runs only while a stream is active or the transport is unwritable (no timer per
 * stream, nothing on the hot path but a counter increment):
 * <ul>
 *   <li>per exchange ({@link EngineConfig#progressTimeout()}): a stream whose response waits for
 *       a window or the transport, or whose handler waits for request body bytes (not on a
 *       tunnel: extended CONNECT), and that moved no byte for the timeout, is reset with CANCEL;
 *       its handler's blocked I/O fails;</li>
 *   <li>per connection ({@link EngineConfig#writeTimeout()}): a transport that stays unwritable
 *       for the timeout without draining once (the peer stopped reading) is aborted, failing
 *       every stream. A drain ({@code onWritable}) is progress even if the engine fills the
 *       transport again at once, so a slow but reading peer is never cut off by it.</li>
 * </ul>
 * The sweep runs four times per timeout, so a deadline fires between 1 and 1.25 timeouts after
 * the last progress. Created by the first {@code arm} (an idle connection has none); it is its
 * own entry in the {@link TimerWheel}.
 */
final class ProgressWatch extends TimerWheel.Entry {

    private static final int SWEEPS_PER_TIMEOUT = 4;

    private final Http2ConnectionHandler conn;
    private final long period;
    private final int progressSweeps;
    private final int writeSweeps;
    private boolean armed;
    private int unwritableSweeps;

    ProgressWatch(Http2ConnectionHandler conn, EngineConfig config) {
        this.conn = conn;
        long progress = config.progressTimeout().toNanos();
        long write = config.writeTimeout().toNanos();
        long step = Math.max(1_000_000L, Math.min(progress, write) / SWEEPS_PER_TIMEOUT);
        this.period = step;
        this.progressSweeps = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (progress + step - 1) / step));
        this.writeSweeps = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (write + step - 1) / step));
    }

    /** Something may need watching (a stream opened, the transport became unwritable). */
    void arm() {
        if (!armed && !conn.failed) {
            armed = true;
            Timers.schedule(this, Duration.ofNanos(period));
        }
    }

    /** The transport drained below its low-water mark: the peer reads. */
    void drained() {
        unwritableSweeps = 0;
    }

    void cancel() {
        if (armed) {
            armed = false;
            Timers.cancel(this);
        }
    }

    @Override
    protected Connection timerConnection() {
        return conn.connection;
    }

    /** The sweep (on the I/O thread). */
    @Override
    public void run() {
        if (!armed) return; // cancelled after it was handed to the I/O thread
        armed = false;
        if (conn.failed) return;
        if (conn.connection.isWritable()) {
            unwritableSweeps = 0;
        } else if (++unwritableSweeps >= writeSweeps) {
            conn.writeTimedOut();
            return;
        }
        for (H2Stream s : conn.registry.active()) {
            // A tunnel (extended CONNECT: WebSocket) may be quiet for long; its protocol has its own
            // idle and ping timers, so only its unread output is watched.
            boolean tunnel = s.request != null && s.request.connectProtocol() != null;
            boolean waitingOnPeer = s.hasQueuedOutput() || (!tunnel && s.body() != null && s.body().isAwaited());
            if (s.response.stalled(waitingOnPeer, progressSweeps)) conn.streams.cancelStalled(s);
        }
        conn.flushAndCheck();
        if (conn.registry.activeCount() > 0 || unwritableSweeps > 0) arm();
    }
}
