package dev.celeris.engine.internal.h1;

import dev.celeris.engine.Http1Config;
import dev.celeris.engine.internal.Timers;
import dev.celeris.spi.Connection;
import java.util.concurrent.Future;

/**
 * The two HTTP/1.1 connection timeouts, with one pending timer at a time (I/O thread only):
 * <ul>
 *   <li>header read ({@link Http1Config#headerReadTimeout()}): from the first byte of a request
 *       head until its empty line; on expiry 408 and close (slowloris defence). A new connection
 *       that sends nothing gets the same allowance for its first request.</li>
 *   <li>keep-alive idle ({@link Http1Config#keepAliveTimeout()}): from the end of the last
 *       response while no request is in flight; on expiry the connection is closed quietly.</li>
 *   <li>body stall ({@link dev.celeris.engine.EngineConfig#idleTimeout()}): while a request body
 *       is being read and no byte of it arrives (reads not paused by the server); on expiry the
 *       body fails with 408 (slow-POST defence).</li>
 * </ul>
 * While a handler runs with its request complete, no timeout applies here. The connection reports its state after each I/O
 * pass with {@link #update}; that only moves a deadline, and a timer is (re)scheduled only when
 * the deadline comes earlier than the pending one. When the timer fires it re-checks the
 * deadline and reschedules itself if activity pushed it back.
 */
final class Http1Timeouts {

    private enum Kind { NONE, HEAD, IDLE, BODY }

    private final long headerReadNanos;
    private final long keepAliveNanos;
    private final long bodyIdleNanos;
    private final Http1Connection owner;
    private Connection connection;
    private Future<?> timer;
    private long timerAt;
    private Kind kind = Kind.NONE;
    private long deadline;
    private long headStart;
    private long idleSince;
    private boolean wasIdle;
    private boolean served;
    private boolean cancelled;
    private int generation;

    private long lastInput;

    Http1Timeouts(Http1Config config, java.time.Duration bodyIdle, Http1Connection owner) {
        this.bodyIdleNanos = bodyIdle.toNanos();
        this.headerReadNanos = config.headerReadTimeout().toNanos();
        this.keepAliveNanos = config.keepAliveTimeout().toNanos();
        this.owner = owner;
    }

    void start(Connection connection) {
        this.connection = connection;
        idleSince = System.nanoTime();
        wasIdle = true;
        lastInput = idleSince;
        update(true, false, false);
    }

    /** Bytes arrived. */
    void input() {
        lastInput = System.nanoTime();
    }

    /** Request-head bytes are about to be parsed. */
    void headBytes() {
        if (headStart == 0) headStart = System.nanoTime();
    }

    /** A request head was completely received. */
    void headDone() {
        headStart = 0;
        served = true;
    }

    /**
     * Recomputes the deadline from the connection's state.
     *
     * @param awaitingBody a request body is being read and reading is not paused by the server
     */
    void update(boolean idle, boolean headInProgress, boolean awaitingBody) {
        if (cancelled) return;
        long now = 0;
        if (idle && !wasIdle) {
            now = System.nanoTime();
            idleSince = now;
        }
        wasIdle = idle;
        if (headInProgress) {
            if (headStart == 0) headStart = now != 0 ? now : System.nanoTime();
            kind = Kind.HEAD;
            deadline = headStart + headerReadNanos;
        } else if (awaitingBody) {
            headStart = 0;
            kind = Kind.BODY;
            deadline = lastInput + bodyIdleNanos;
        } else if (idle) {
            headStart = 0;
            kind = Kind.IDLE;
            deadline = idleSince + (served ? keepAliveNanos : Math.min(keepAliveNanos, headerReadNanos));
        } else {
            headStart = 0;
            kind = Kind.NONE;
            return;
        }
        if (timer == null || deadline < timerAt) schedule();
    }

    void cancel() {
        cancelled = true;
        kind = Kind.NONE;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void schedule() {
        if (timer != null) timer.cancel(false);
        timerAt = deadline;
        int gen = ++generation;
        timer = Timers.schedule(connection, java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
                () -> fire(gen));
    }

    private void fire(int gen) {
        if (gen != generation) return; // a timer that was replaced
        timer = null;
        if (cancelled || kind == Kind.NONE) return;
        if (System.nanoTime() - deadline < 0) {
            schedule();
            return;
        }
        if (kind == Kind.BODY) {
            kind = Kind.NONE;
            owner.onBodyTimeout(); // the connection lives on until the response is written
            return;
        }
        cancelled = true;
        if (kind == Kind.HEAD) owner.onHeaderTimeout();
        else owner.onIdleTimeout();
    }
}
