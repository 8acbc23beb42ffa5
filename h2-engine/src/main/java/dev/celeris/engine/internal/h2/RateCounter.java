package dev.celeris.engine.internal.h2;

import java.time.Duration;

/**
 * Counts events in a fixed time window and says when a limit is exceeded. One instance per
 * connection and kind of event (separate, generous limits per kind: one shared bucket trips on busy browsers). I/O thread only.
 */
final class RateCounter {

    private final int limit;
    private final long windowNanos;
    private long windowStart;
    private int count;

    RateCounter(int limit, Duration window) {
        this.limit = limit;
        this.windowNanos = Math.max(1, window.toNanos());
        this.windowStart = System.nanoTime();
    }

    /** Records one event at {@code nowNanos}; returns {@code false} when it exceeds the limit. */
    boolean record(long nowNanos) {
        if (nowNanos - windowStart >= windowNanos) {
            windowStart = nowNanos;
            count = 0;
        }
        return ++count <= limit;
    }

    /** Records one event now. */
    boolean record() {
        return record(System.nanoTime());
    }

    int count() {
        return count;
    }
}
