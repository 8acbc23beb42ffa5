package dev.celeris.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.spi.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TimerWheel}: due entries run once, on their connection's executor, never before their
 * deadline; cancelled ones never run; and what is cancelled or closed leaves nothing in the wheel.
 * No assertion on how late an entry runs (the machine may be loaded).
 */
@Timeout(120)
class TimerWheelTest {

    private static final long MS = 1_000_000L;
    private static final TimerWheel WHEEL = new TimerWheel(TimeUnit.MILLISECONDS.toNanos(2), 64, "test-wheel");

    /** A connection whose "I/O thread" is the caller (the timer thread). */
    static final class Conn extends TimersTest.StuckConnection {
        Conn() {
            super(0, true);
        }
    }

    static final class Probe extends TimerWheel.Entry {
        final Connection connection;
        final CountDownLatch done;
        final AtomicInteger runs = new AtomicInteger();
        volatile long due;
        volatile long ranAt;

        Probe(Connection connection, CountDownLatch done) {
            this.connection = connection;
            this.done = done;
        }

        void schedule(long delayNanos) {
            due = System.nanoTime() + delayNanos;
            WHEEL.schedule(this, delayNanos);
        }

        @Override
        protected Connection timerConnection() {
            return connection;
        }

        @Override
        public void run() {
            ranAt = System.nanoTime();
            runs.incrementAndGet();
            if (done != null) done.countDown();
        }
    }

    @Test
    void manyEntriesEachRunOnceNotBeforeTheirDeadlineAndCancelledOnesNever() throws Exception {
        int n = 10_000;
        Random random = new Random(17);
        CountDownLatch done = new CountDownLatch(n / 2);
        List<Probe> kept = new ArrayList<>();
        List<Probe> cancelled = new ArrayList<>();
        Conn conn = new Conn();
        for (int i = 0; i < n; i++) {
            // up to 400 ms: several turns of a 128 ms wheel, so entries share slots across turns
            Probe p = new Probe(conn, i % 2 == 0 ? done : null);
            p.schedule((100 + random.nextInt(400)) * MS); // cancelled below, well before the first is due
            (i % 2 == 0 ? kept : cancelled).add(p);
        }
        List<Probe> tooLate = new ArrayList<>(); // already due when cancelled (a very slow machine): ran once
        for (Probe p : cancelled) if (!WHEEL.cancel(p)) tooLate.add(p);
        cancelled.removeAll(tooLate);
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        for (Probe p : tooLate) {
            while (p.runs.get() == 0) Thread.sleep(5); // handed over before the cancel: it runs
            assertThat(p.runs.get()).isEqualTo(1);
        }
        for (Probe p : kept) {
            assertThat(p.runs.get()).isEqualTo(1);
            assertThat(p.ranAt - p.due).as("never before the deadline").isGreaterThanOrEqualTo(0);
            assertThat(WHEEL.isScheduled(p)).isFalse();
        }
        for (Probe p : cancelled) {
            assertThat(p.runs.get()).isZero();
            assertThat(WHEEL.isScheduled(p)).isFalse();
        }
        assertThat(WHEEL.holds(conn)).as("nothing left behind").isZero();
    }

    @Test
    void aRescheduledEntryRunsOnceAtItsNewDeadline() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Probe p = new Probe(null, done);
        p.schedule(5 * MS);
        p.schedule(300 * MS); // moved, not added twice
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.ranAt - p.due).isGreaterThanOrEqualTo(0);
        Probe later = new Probe(null, new CountDownLatch(1));
        later.schedule(50 * MS);
        assertThat(later.done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.runs.get()).isEqualTo(1);
    }

    @Test
    void aClosedConnectionsEntryDoesNotRunAndIsNotKept() throws Exception {
        Conn closed = new Conn();
        closed.open = false;
        Probe p = new Probe(closed, null);
        p.schedule(10 * MS);
        Probe probe = new Probe(null, new CountDownLatch(1));
        probe.schedule(100 * MS); // due after p
        assertThat(probe.done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.runs.get()).isZero();
        assertThat(closed.tasks.get()).isZero();
        assertThat(WHEEL.holds(closed)).isZero();
    }

    /** Far deadlines (many turns away) wait their turn, and cancelling them empties the wheel. */
    @Test
    void farEntriesStayUntilCancelled() {
        Conn conn = new Conn();
        List<Probe> far = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Probe p = new Probe(conn, null);
            p.schedule(TimeUnit.MINUTES.toNanos(10) + i * MS);
            far.add(p);
        }
        assertThat(WHEEL.holds(conn)).isEqualTo(1000);
        for (Probe p : far) WHEEL.cancel(p);
        assertThat(WHEEL.holds(conn)).isZero();
        for (Probe p : far) assertThat(p.runs.get()).isZero();
    }

    /** Timers' one-off tasks: a cancelled task does not run, even once handed to the connection. */
    @Test
    void aCancelledTaskNeitherWaitsNorRuns() throws Exception {
        Conn conn = new Conn();
        AtomicInteger ran = new AtomicInteger();
        var f = Timers.schedule(conn, java.time.Duration.ofMillis(30), ran::incrementAndGet);
        assertThat(Timers.wheel().holds(conn)).isEqualTo(1);
        assertThat(f.cancel(false)).isTrue();
        assertThat(f.isCancelled()).isTrue();
        assertThat(Timers.wheel().holds(conn)).isZero();
        CountDownLatch later = new CountDownLatch(1);
        Timers.schedule(conn, java.time.Duration.ofMillis(100), later::countDown);
        assertThat(later.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.get()).isZero();
    }
}
