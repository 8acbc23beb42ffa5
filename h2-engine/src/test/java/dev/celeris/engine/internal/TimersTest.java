package dev.celeris.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.spi.Connection;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Timers#abortIfCloseStalls}: an orderly close toward a peer that never reads is aborted. */
@Timeout(60)
class TimersTest {

    /** A connection whose orderly close never completes while output is queued (the peer does not read). */
    static class StuckConnection implements Connection {
        final long queued;
        final boolean writable;
        volatile boolean open = true;
        volatile boolean closeRequested;
        final AtomicInteger aborts = new AtomicInteger();
        final CountDownLatch aborted = new CountDownLatch(1);
        final AtomicInteger tasks = new AtomicInteger();

        StuckConnection(long queued, boolean writable) {
            this.queued = queued;
            this.writable = writable;
        }

        @Override public void write(ByteBuffer... buffers) { }
        @Override public void flush() { }
        @Override public boolean isWritable() { return writable; }
        @Override public long queuedBytes() { return queued; }
        @Override public void execute(Runnable task) {
            tasks.incrementAndGet();
            task.run(); // the "I/O thread" is the timer thread here
        }
        @Override public boolean inEventLoop() { return false; }
        @Override public boolean isOpen() { return open; }
        @Override public SocketAddress remoteAddress() { return null; }
        @Override public SocketAddress localAddress() { return null; }
        @Override public void close() { closeRequested = true; } // never completes: bytes stay queued
        @Override public void abort() {
            open = false;
            aborts.incrementAndGet();
            aborted.countDown();
        }
    }

    @Test
    void aCloseThatNeverCompletesIsAborted() throws Exception {
        StuckConnection c = new StuckConnection(1024, false);
        c.close();
        Timers.abortIfCloseStalls(c, Duration.ofMillis(20));
        assertThat(c.aborted.await(30, TimeUnit.SECONDS)).as("aborted after the timeout").isTrue();
        assertThat(c.aborts.get()).isEqualTo(1);
        assertThat(c.tasks.get()).as("the abort ran through the connection's executor").isEqualTo(1);
    }

    @Test
    void unwritableWithNothingCountedIsAbortedToo() throws Exception {
        StuckConnection c = new StuckConnection(0, false);
        Timers.abortIfCloseStalls(c, Duration.ofMillis(20));
        assertThat(c.aborted.await(30, TimeUnit.SECONDS)).isTrue();
    }

    /** A close with nothing queued completes by itself: no timer keeps the connection reachable. */
    @Test
    void aCleanCloseSchedulesNothing() throws Exception {
        StuckConnection c = new StuckConnection(0, true);
        Timers.abortIfCloseStalls(c, Duration.ofMillis(1));
        StuckConnection probe = new StuckConnection(1, false); // scheduled after: fires after the first would have
        Timers.abortIfCloseStalls(probe, Duration.ofMillis(50));
        assertThat(probe.aborted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(c.aborts.get()).isZero();
        assertThat(c.tasks.get()).isZero();
    }

    /** A close that completed before the timeout (the connection is no longer open): the timer does nothing. */
    @Test
    void aCloseThatCompletedInTimeIsLeftAlone() throws Exception {
        // Open when the close is scheduled, closed from then on: the peer read everything and the
        // close completed before the timer fired, whatever the machine's load (no race with the timer).
        AtomicInteger openChecks = new AtomicInteger();
        StuckConnection c = new StuckConnection(1024, false) {
            @Override public boolean isOpen() { return openChecks.getAndIncrement() == 0; }
        };
        Timers.abortIfCloseStalls(c, Duration.ofMillis(50));
        assertThat(openChecks.get()).as("open when scheduled").isPositive();
        StuckConnection probe = new StuckConnection(1, false);
        Timers.abortIfCloseStalls(probe, Duration.ofMillis(100));
        assertThat(probe.aborted.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(c.aborts.get()).isZero();
        assertThat(c.tasks.get()).as("a closed connection gets no task").isZero();
    }
}
