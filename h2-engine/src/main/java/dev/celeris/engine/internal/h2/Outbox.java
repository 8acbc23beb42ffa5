package dev.celeris.engine.internal.h2;

import dev.celeris.spi.Connection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands {@link StreamOp}s from handler threads to the connection's I/O thread with coalesced
 * wake-ups: a lock-free multi-producer single-consumer queue (intrusive, Vyukov style) plus one
 * atomic flag, so a burst of responses from many handler threads costs a single
 * {@link Connection#execute}, and the I/O thread writes them all and flushes once.
 */
final class Outbox {

    private final Connection connection;
    private final Consumer<StreamOp> processor;
    private final Runnable afterDrain;
    private final AtomicReference<StreamOp> tail;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drainScheduled;
    private StreamOp head;
    /** Set by the I/O thread while it will drain anyway (inside a read pass). */
    private boolean draining;

    /**
     * @param processor  runs each op on the I/O thread
     * @param afterDrain runs on the I/O thread after a scheduled drain (writes pending work and flushes)
     */
    Outbox(Connection connection, Consumer<StreamOp> processor, Runnable afterDrain) {
        this.connection = connection;
        this.processor = processor;
        this.afterDrain = afterDrain;
        StreamOp stub = new StreamOp(0, null, 0, null, null, false, 0);
        this.head = stub;
        this.tail = new AtomicReference<>(stub);
    }

    /** Any thread: queues {@code op} and makes sure the I/O thread will process it. */
    void submit(StreamOp op) {
        StreamOp prev = tail.getAndSet(op);
        prev.next = op;
        if (draining && connection.inEventLoop()) {
            return; // the current I/O pass drains before it flushes
        }
        if (scheduled.compareAndSet(false, true)) {
            connection.execute(drainTask);
        }
    }

    /** I/O thread: marks the start/end of a pass that drains before flushing. */
    void setDraining(boolean on) {
        draining = on;
    }

    /** I/O thread: processes every queued op. */
    void drain() {
        while (true) {
            StreamOp next = head.next;
            if (next == null) {
                if (tail.get() == head) return;
                Thread.onSpinWait(); // a producer swapped the tail but has not linked yet
                continue;
            }
            head.next = null;
            head = next;
            processor.accept(next);
        }
    }

    private void drainScheduled() {
        scheduled.set(false);
        drain();
        afterDrain.run();
    }
}
