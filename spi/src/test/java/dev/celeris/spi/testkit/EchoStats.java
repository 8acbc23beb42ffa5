package dev.celeris.spi.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the kit's handlers saw, shared by all connections of one server and safe to read from
 * the test thread.
 */
public final class EchoStats {

    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    final LongAccumulator maxOpen = new LongAccumulator(Long::max, 0);
    final LongAccumulator maxQueued = new LongAccumulator(Long::max, 0);
    final LongAccumulator maxChunk = new LongAccumulator(Long::max, 0);
    final LongAdder bytesIn = new LongAdder();
    final AtomicInteger chunks = new AtomicInteger();
    final AtomicInteger pauses = new AtomicInteger();
    final AtomicInteger writableEvents = new AtomicInteger();
    final AtomicInteger shutdownEvents = new AtomicInteger();
    /** onData delivered while reading was off (the SPI allows a chunk already read). */
    final AtomicInteger dataWhilePaused = new AtomicInteger();
    /** Callbacks that arrived off the connection's I/O thread or after onClose: must stay 0. */
    final AtomicInteger contractViolations = new AtomicInteger();
    private final List<Throwable> closeCauses = Collections.synchronizedList(new ArrayList<>());

    void opened() {
        opened.incrementAndGet();
        maxOpen.accumulate(open.incrementAndGet());
    }

    void closed(Throwable cause) {
        closeCauses.add(cause);
        open.decrementAndGet();
        closed.incrementAndGet();
    }

    /** onClose causes in arrival order ({@code null} for orderly closes). */
    public List<Throwable> closeCauses() {
        synchronized (closeCauses) {
            return new ArrayList<>(closeCauses);
        }
    }

    public int closedCount() {
        return closed.get();
    }

    public int openedCount() {
        return opened.get();
    }

    public long maxQueued() {
        return maxQueued.get();
    }

    public int dataWhilePaused() {
        return dataWhilePaused.get();
    }

    public int pauses() {
        return pauses.get();
    }

    @Override
    public String toString() {
        return "EchoStats[opened=" + opened + ", closed=" + closed + ", maxOpen=" + maxOpen + ", maxQueued="
                + maxQueued + ", maxChunk=" + maxChunk + ", bytesIn=" + bytesIn + ", pauses=" + pauses
                + ", writable=" + writableEvents + ", shutdown=" + shutdownEvents + ", dataWhilePaused="
                + dataWhilePaused + ", violations=" + contractViolations + "]";
    }
}
