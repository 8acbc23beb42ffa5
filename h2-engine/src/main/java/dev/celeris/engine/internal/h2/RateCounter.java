package dev.celeris.engine.internal.h2;

import java.time.Duration;

/**
 * Counts events per time window and says when a limit is exceeded, with a sliding-window
 * estimate: two fixed buckets, the current one and the one before it, and the estimate
 * {@code current + previous × (unelapsed fraction of the current bucket)}. A fixed window alone
 * lets a burst straddling a window boundary pass almost twice the limit (the limit just before
 * the boundary, the limit again just after); the estimate still counts most of the earlier burst
 * after the boundary, so such a burst is cut at the limit. Two counters per instance, no
 * allocation per event. One instance per connection and kind of event (separate, generous limits
 * per kind: one shared bucket trips on busy browsers). I/O thread only.
 */
final class RateCounter {

    private final int limit;
    private final long windowNanos;
    /** Start of the current bucket; buckets stay aligned to multiples of the window from the first. */
    private long bucketStart;
    private int current;
    private int previous;

    RateCounter(int limit, Duration window) {
        this(limit, window, System.nanoTime());
    }

    /** A counter whose first bucket starts at {@code startNanos} (tests pass explicit times). */
    RateCounter(int limit, Duration window, long startNanos) {
        this.limit = limit;
        this.windowNanos = Math.max(1, window.toNanos());
        this.bucketStart = startNanos;
    }

    /** Records one event at {@code nowNanos}; returns {@code false} when the estimate exceeds the limit. */
    boolean record(long nowNanos) {
        roll(nowNanos);
        current++;
        return estimate(nowNanos) <= limit;
    }

    /** Records one event now. */
    boolean record() {
        return record(System.nanoTime());
    }

    /** The estimated number of events in the window that ends at {@code nowNanos}. */
    double estimate(long nowNanos) {
        roll(nowNanos);
        long elapsed = Math.max(0, nowNanos - bucketStart);
        double unelapsed = (double) (windowNanos - elapsed) / windowNanos;
        return current + previous * unelapsed;
    }

    /** Moves to the bucket that contains {@code nowNanos}. */
    private void roll(long nowNanos) {
        long elapsed = nowNanos - bucketStart;
        if (elapsed < windowNanos) return;
        long buckets = elapsed / windowNanos;
        previous = buckets == 1 ? current : 0; // two or more buckets on: the previous one saw nothing
        current = 0;
        bucketStart += buckets * windowNanos;
    }
}
