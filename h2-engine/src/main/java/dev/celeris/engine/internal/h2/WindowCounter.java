package dev.celeris.engine.internal.h2;

import dev.celeris.engine.internal.h2.frame.Frames;

/**
 * The receive side of one flow-control window (RFC 9113 §6.9): the connection's, or one
 * stream's. Every DATA byte the peer sends is {@link #receive received} here once, and given
 * back ({@link #credit credited}) once: when the handler reads it, when it is padding, or when
 * its exchange is released unread. Credits are announced to the peer ({@link #announce}) in
 * batches. I/O thread only.
 *
 * <p>Invariants, checked on every call: {@code 0 <= credited <= received}, and
 * {@code window == initial + announced - received} stays within {@code [0, 2^31-1]}. At
 * quiescence (no exchange holds body bytes) a connection's counter has
 * {@code credited == received}. An impossible call throws {@link IllegalStateException} when
 * assertions are enabled (tests) or {@code -Dceleris.checkWindows=true}; otherwise it is
 * clamped and logged, so a bug degrades into a warning rather than a stalled connection.
 */
class WindowCounter {

    static final boolean CHECKED = WindowCounter.class.desiredAssertionStatus() || Boolean.getBoolean("celeris.checkWindows");

    /** 0 for the connection. */
    private final int streamId;
    private long window;
    private long received;
    private long credited;
    private long unannounced;

    WindowCounter(int streamId, long initialWindow) {
        this.streamId = streamId;
        this.window = initialWindow;
    }

    /** Bytes the peer may still send before our next WINDOW_UPDATE. */
    long window() {
        return window;
    }

    long received() {
        return received;
    }

    long credited() {
        return credited;
    }

    /** Received bytes not credited yet (held by a body buffer or a handler). */
    long uncredited() {
        return received - credited;
    }

    /** Whether {@code n} more bytes fit in the window. */
    boolean fits(int n) {
        return n <= window;
    }

    /** The peer sent {@code n} flow-controlled bytes (the caller checked {@link #fits}). */
    void receive(int n) {
        if (n < 0 || n > window) {
            impossible("receive " + n);
            n = (int) Math.max(0, Math.min(n, window));
        }
        window -= n;
        received += n;
    }

    /** {@code n} received bytes are given back (consumed or dropped). */
    void credit(long n) {
        if (n < 0 || n > received - credited) {
            impossible("credit " + n);
            n = Math.max(0, Math.min(n, received - credited));
        }
        credited += n;
        unannounced += n;
    }

    /** Gives back every received byte not credited yet (the exchange is released); returns how many. */
    long creditRest() {
        long rest = received - credited;
        credited = received;
        unannounced += rest;
        return rest;
    }

    /**
     * The WINDOW_UPDATE increment to send now, when at least {@code threshold} credited bytes
     * are unannounced (the window grows by it); else 0.
     */
    int announce(long threshold) {
        if (unannounced == 0 || unannounced < threshold) return 0;
        int increment = (int) Math.min(unannounced, Frames.MAX_WINDOW_SIZE - window);
        unannounced -= increment;
        window += increment;
        return increment;
    }

    /** Our window grows without a credit (the initial connection WINDOW_UPDATE). */
    void grow(int n) {
        window += n;
        if (window > Frames.MAX_WINDOW_SIZE) impossible("grow " + n);
    }

    /** Our SETTINGS_INITIAL_WINDOW_SIZE, lower than what the peer assumed, took effect (§6.9.2). */
    void shrink(int n) {
        window -= n;
    }

    private void impossible(String what) {
        String message = this + ": impossible " + what;
        if (CHECKED) throw new IllegalStateException(message);
        Http2ConnectionHandler.LOG.log(System.Logger.Level.WARNING, message);
    }

    /**
     * A stream's receive window with the request-body counts that only a stream receiving DATA
     * needs, so a request without a body (most) carries neither in its {@link H2Stream}.
     */
    static final class Stream extends WindowCounter {
        /** The request's content-length, or -1 (§8.1.1). */
        long declaredContentLength = -1;
        /** DATA payload bytes received so far (padding excluded). */
        long receivedBodyBytes;

        Stream(int streamId, long initialWindow) {
            super(streamId, initialWindow);
        }
    }

    @Override
    public String toString() {
        return (streamId == 0 ? "connection" : "stream " + streamId) + " window{window=" + window + ", received=" + received + ", credited=" + credited + "}";
    }
}
