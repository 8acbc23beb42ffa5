package dev.celeris.engine.internal.h1;

import dev.celeris.spi.Connection;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands response output from handler threads to the connection's I/O thread: a lock-free queue
 * plus one flag, so a burst of writes from many handlers costs one {@link Connection#execute}
 * wake-up, after which the I/O thread applies everything queued and flushes once.
 */
final class Http1Outbox {

    /** A buffer of one exchange's output; {@code buffer} may be null for a pure end or abort. */
    record Out(Http1Response exchange, ByteBuffer buffer, boolean last, boolean abort) {
    }

    private final ConcurrentLinkedQueue<Out> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Consumer<Out> apply;
    private final Runnable afterDrain;
    private final Runnable drainTask = this::drain;
    private Connection connection;

    /**
     * @param apply      runs each queued item on the I/O thread
     * @param afterDrain runs on the I/O thread after a drain (flush, timers)
     */
    Http1Outbox(Consumer<Out> apply, Runnable afterDrain) {
        this.apply = apply;
        this.afterDrain = afterDrain;
    }

    void attach(Connection connection) {
        this.connection = connection;
    }

    /** Any thread. */
    void add(Out out) {
        queue.add(out);
        if (wakeupPending.compareAndSet(false, true)) connection.execute(drainTask);
    }

    /** Drops what is queued (the connection closed). */
    void clear() {
        queue.clear();
    }

    private void drain() {
        wakeupPending.set(false);
        Out out;
        while ((out = queue.poll()) != null) apply.accept(out);
        afterDrain.run();
    }
}
