package dev.celeris.transport.jetty;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;

/**
 * One connection's outbound bytes: buffers written but not flushed ({@link #pending}), flushed
 * but not yet handed to Jetty ({@link #flushed}), and at most one gathering
 * {@link EndPoint#write(Callback, ByteBuffer...)} in flight.
 *
 * <p>Threading: every method except {@link #queued()} and {@link #isWritable()} runs on the
 * connection's serial executor. Jetty may complete a write on any thread, even inside
 * {@code EndPoint.write} itself; the completion is therefore posted back to the serial executor
 * rather than handled in place, which also keeps it from re-entering the caller.
 *
 * <p>Back-pressure: {@link #queued} counts every byte written and not yet sent (pending, flushed
 * and in flight). Above the high-water mark the queue is unwritable; when a completed write
 * brings it below the low-water mark it becomes writable and {@link Listener#onWritable()} runs.
 */
final class WriteQueue {

    /** What the queue tells its connection; called on the serial executor. */
    interface Listener {
        void onWritable();

        /** A write failed: the connection is broken. */
        void onWriteFailed(Throwable cause);

        /** Everything is sent after {@link #closeWhenDrained()}: close the endpoint. */
        void onDrainedForClose();
    }

    /** Gathering writes are capped at this many buffers (the rest go in the next write). */
    static final int MAX_GATHER = 256;

    /**
     * ...and at about this many bytes. The JDK copies every heap buffer of a gathering write into
     * a temporary direct buffer before each attempt, however little the socket then accepts, so
     * an unbounded batch makes a slow peer cost quadratic copying.
     */
    static final long MAX_GATHER_BYTES = 256 * 1024;

    private final EndPoint endPoint;
    private final Executor loop;
    private final Listener listener;
    private final int lowWaterMark;
    private final int highWaterMark;
    // small to start: an idle connection holds both deques (they grow with a burst of writes)
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>(4);
    private final ArrayDeque<ByteBuffer> flushed = new ArrayDeque<>(4);
    private final Callback completion = new Completion();
    private long inFlightBytes = -1; // -1: no write in flight
    private boolean closeWhenDrained;
    private boolean discarded;
    private volatile long queued;
    private volatile boolean unwritable;

    WriteQueue(EndPoint endPoint, Executor loop, Listener listener, int lowWaterMark, int highWaterMark) {
        this.endPoint = endPoint;
        this.loop = loop;
        this.listener = listener;
        this.lowWaterMark = lowWaterMark;
        this.highWaterMark = highWaterMark;
    }

    long queued() {
        return queued;
    }

    boolean isWritable() {
        return !unwritable;
    }

    void add(ByteBuffer[] buffers) {
        if (discarded) {
            return;
        }
        long now = queued;
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                pending.add(buffer);
                now += buffer.remaining();
            }
        }
        queued = now;
        if (now > highWaterMark) {
            unwritable = true;
        }
    }

    void flush() {
        if (discarded) {
            return;
        }
        flushed.addAll(pending);
        pending.clear();
        if (inFlightBytes < 0) {
            startWrite();
        }
    }

    /** Orderly close: flush, then tell the listener once everything has been sent. */
    void closeWhenDrained() {
        closeWhenDrained = true;
        flush();
        if (inFlightBytes < 0 && flushed.isEmpty()) {
            listener.onDrainedForClose();
        }
    }

    /** The connection is gone: forget everything queued. */
    void discard() {
        discarded = true;
        pending.clear();
        flushed.clear();
        queued = 0;
    }

    private void startWrite() {
        if (flushed.isEmpty()) {
            return;
        }
        int limit = Math.min(flushed.size(), MAX_GATHER);
        ByteBuffer[] batch = new ByteBuffer[limit];
        int count = 0;
        long bytes = 0;
        while (count < limit && (count == 0 || bytes < MAX_GATHER_BYTES)) {
            ByteBuffer next = flushed.poll();
            batch[count++] = next;
            bytes += next.remaining();
        }
        if (count < limit) {
            batch = java.util.Arrays.copyOf(batch, count);
        }
        inFlightBytes = bytes;
        endPoint.write(completion, batch);
    }

    private void written() {
        long now = queued - inFlightBytes;
        inFlightBytes = -1;
        if (discarded) {
            return;
        }
        queued = now;
        startWrite();
        if (unwritable && queued < lowWaterMark) {
            unwritable = false;
            listener.onWritable();
        }
        if (closeWhenDrained && inFlightBytes < 0 && flushed.isEmpty()) {
            listener.onDrainedForClose();
        }
    }

    private void failed(Throwable cause) {
        inFlightBytes = -1;
        if (!discarded) {
            listener.onWriteFailed(cause);
        }
    }

    /** Jetty's completion: hop back onto the serial executor; never blocks. */
    private final class Completion implements Callback {
        @Override
        public void succeeded() {
            loop.execute(WriteQueue.this::written);
        }

        @Override
        public void failed(Throwable cause) {
            loop.execute(() -> WriteQueue.this.failed(cause));
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }
}
