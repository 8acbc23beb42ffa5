package dev.celeris.engine.internal.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sliding-window estimate of {@link RateCounter}, driven with explicit times. */
class RateCounterTest {

    private static final long W = 30_000_000_000L; // the rapid-reset window: 30 s
    private static final int LIMIT = 200;

    /** Records {@code n} events at {@code t}; returns how many were allowed. */
    private static int burst(RateCounter c, long t, int n) {
        int allowed = 0;
        for (int i = 0; i < n; i++) if (c.record(t)) allowed++;
        return allowed;
    }

    @Test
    void theLimitHoldsInsideOneWindow() {
        RateCounter c = new RateCounter(LIMIT, Duration.ofNanos(W), 0);
        assertThat(burst(c, 1, LIMIT)).isEqualTo(LIMIT);
        assertThat(c.record(2)).isFalse();
    }

    /**
     * The burst a fixed window lets through: the limit just before a boundary and the limit again
     * just after it. The estimate still counts nearly all of the first half after the boundary.
     */
    @Test
    void aBurstAroundAWindowBoundaryCannotPassTwiceTheLimit() {
        RateCounter c = new RateCounter(LIMIT, Duration.ofNanos(W), 0);
        assertThat(burst(c, W - 1_000_000, LIMIT)).isEqualTo(LIMIT); // 1 ms before the boundary
        int after = burst(c, W + 1_000_000, LIMIT);                 // 1 ms after it
        assertThat(after).as("allowed right after the boundary").isLessThanOrEqualTo(1);
        assertThat(LIMIT + after).isLessThanOrEqualTo(LIMIT + 1);
    }

    @Test
    void thePreviousBucketWeighsLessAsTheCurrentOneElapses() {
        RateCounter c = new RateCounter(LIMIT, Duration.ofNanos(W), 0);
        burst(c, W / 2, LIMIT);                                     // previous bucket: 200 events
        assertThat(c.estimate(W)).isEqualTo(200.0);
        assertThat(c.estimate(W + W / 4)).isEqualTo(150.0);         // 3/4 of the bucket unelapsed
        assertThat(burst(c, W + W / 4, 50)).isEqualTo(50);
        assertThat(c.record(W + W / 4)).isFalse();                  // the 51st: 201 > 200 (it still counts)
        assertThat(c.estimate(W + W / 2)).isEqualTo(151.0);         // 51 + 200 × 1/2
        assertThat(burst(c, W + W / 2, 49)).isEqualTo(49);
        assertThat(c.record(W + W / 2)).isFalse();
    }

    @Test
    void aQuietWindowForgetsEverything() {
        RateCounter c = new RateCounter(LIMIT, Duration.ofNanos(W), 0);
        burst(c, 10, LIMIT + 50);
        assertThat(c.estimate(2 * W + 5)).isZero();                 // two buckets on: nothing left
        assertThat(burst(c, 2 * W + 5, LIMIT)).isEqualTo(LIMIT);
        assertThat(c.record(2 * W + 6)).isFalse();
    }

    @Test
    void aSteadyRateBelowTheLimitIsNeverCut() {
        RateCounter c = new RateCounter(LIMIT, Duration.ofNanos(W), 0);
        long step = W / (LIMIT - 10);                               // just under the limit per window
        for (long t = 0; t < 10 * W; t += step) assertThat(c.record(t)).as("at %d", t).isTrue();
    }
}
