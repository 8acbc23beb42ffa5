package dev.celeris.transport.jetty;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;

/**
 * One connection's outbound bytes in one deque ({@link #buffers}): flushed but not yet handed
 * to Jetty (the first {@link #flushedCount}), written but not flushed (the rest), and at most one gathering
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
final class WriteQueue implements Callback {

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
    /**
     * Written buffers in order: the first {@link #flushedCount} were flushed (they go out next),
     * the rest wait for the next {@link #flush}. One deque, small to start: an idle connection
     * holds it (it grows with a burst of writes).
     */
    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>(1);
    private int flushedCount;
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
                this.buffers.add(buffer);
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
        flushedCount = buffers.size();
        if (inFlightBytes < 0) {
            startWrite();
        }
    }

    /** Orderly close: flush, then tell the listener once everything has been sent. */
    void closeWhenDrained() {
        closeWhenDrained = true;
        flush();
        if (inFlightBytes < 0 && flushedCount == 0) {
            listener.onDrainedForClose();
        }
    }

    /** The connection is gone: forget everything queued. */
    void discard() {
        discarded = true;
        buffers.clear();
        flushedCount = 0;
        queued = 0;
    }

    private void startWrite() {
        if (flushedCount == 0) {
            return;
        }
        int limit = Math.min(flushedCount, MAX_GATHER);
        ByteBuffer[] batch = new ByteBuffer[limit];
        int count = 0;
        long bytes = 0;
        while (count < limit && (count == 0 || bytes < MAX_GATHER_BYTES)) {
            ByteBuffer next = buffers.poll();
            flushedCount--;
            batch[count++] = next;
            bytes += next.remaining();
        }
        if (count < limit) {
            batch = java.util.Arrays.copyOf(batch, count);
        }
        inFlightBytes = bytes;
        endPoint.write(this, batch);
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
        if (closeWhenDrained && inFlightBytes < 0 && flushedCount == 0) {
            listener.onDrainedForClose();
        }
    }

    private void writeFailed(Throwable cause) {
        inFlightBytes = -1;
        if (!discarded) {
            listener.onWriteFailed(cause);
        }
    }

    // Jetty's completion of a write (the queue is its own callback: no object per connection):
    // hop back onto the serial executor; never blocks.

    @Override
    public void succeeded() {
        loop.execute(this::written);
    }

    @Override
    public void failed(Throwable cause) {
        loop.execute(() -> writeFailed(cause));
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }
}
