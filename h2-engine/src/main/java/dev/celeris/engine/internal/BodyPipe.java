package dev.celeris.engine.internal;

import dev.celeris.engine.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body on its way from the I/O thread to the handler: the I/O thread
 * {@link #offer offers} bytes as they arrive (copied, since transport chunks are valid only
 * during the callback), then {@link #finish finishes} (with trailers) or {@link #fail fails} the
 * body; the handler reads it as a blocking {@link InputStream}.
 *
 * <h2>Threading</h2>
 * One producer (the connection's I/O thread) and one consumer (the handler's thread); state is
 * guarded by a lock. The {@link Listener} is called on the consumer's thread, outside the lock:
 * it hops to the I/O thread itself when it needs to (window updates, resuming reads,
 * {@code 100 Continue}).
 *
 * <p>The pipe does not bound what is offered: the producer bounds it with the protocol's flow
 * control (HTTP/2 windows) or by pausing socket reads while {@link #buffered()} is high
 * (HTTP/1.1).
 *
 * <p>Consumed bytes are reported to {@link Listener#onConsumed} in batches of at least the
 * report threshold given at construction (1 reports every read, as HTTP/1.1 wants); whatever is
 * still unreported is reported before the consumer blocks for more and when the body has been
 * read to its end, so a peer that waits for a window update (RFC 9113 §6.9) is never starved.
 */
public final class BodyPipe extends InputStream {

    /** Consumer-side events. */
    public interface Listener {
        /** The handler asked for body bytes for the first time (HTTP/1.1 sends {@code 100 Continue}). */
        default void onFirstRead() {
        }

        /**
         * The handler consumed {@code bytes} (HTTP/2 replenishes windows, HTTP/1.1 resumes
         * reading); coalesced according to the pipe's report threshold.
         */
        default void onConsumed(int bytes) {
        }
    }

    private static final Listener NO_LISTENER = new Listener() {
    };

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>(4);
    private final Listener listener;
    private final int reportThreshold;
    private long buffered;
    private int unreported;
    private boolean finished;
    private boolean firstReadSeen;
    /** The consumer is blocked waiting for bytes (read by progress deadlines on the I/O thread). */
    private volatile boolean awaited;
    private IOException failure;
    private Headers trailers = Headers.empty();

    /** A pipe that reports every read to {@code listener} (may be null). */
    public BodyPipe(Listener listener) {
        this(listener, 1);
    }

    /**
     * A pipe that reports consumed bytes to {@code listener} (may be null) once at least
     * {@code reportThreshold} of them have accumulated, before blocking, and at the end.
     */
    public BodyPipe(Listener listener, int reportThreshold) {
        this.listener = listener == null ? NO_LISTENER : listener;
        this.reportThreshold = Math.max(1, reportThreshold);
    }

    /** A pipe that is already complete with {@code body} (inline handlers, upgraded requests). */
    public static BodyPipe ofComplete(byte[] body) {
        BodyPipe pipe = new BodyPipe(null);
        if (body.length > 0) pipe.chunks.add(ByteBuffer.wrap(body));
        pipe.buffered = body.length;
        pipe.finished = true;
        return pipe;
    }

    // ---- producer side (I/O thread) ----

    /** Copies the remaining bytes of {@code data} into the pipe; ignored after finish or fail. */
    public void offer(ByteBuffer data) {
        int n = data.remaining();
        if (n == 0) return;
        ByteBuffer copy = ByteBuffer.allocate(n);
        copy.put(data).flip();
        lock.lock();
        try {
            if (finished || failure != null) return;
            chunks.add(copy);
            buffered += n;
            readable.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the body; {@code trailers} may be empty. */
    public void finish(Headers trailers) {
        lock.lock();
        try {
            if (finished || failure != null) return;
            finished = true;
            if (trailers != null) this.trailers = trailers;
            readable.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Breaks the body: pending and later reads throw {@code cause}. Buffered bytes are dropped;
     * returns how many (HTTP/2 gives them back to the connection window). Any thread.
     */
    public long fail(IOException cause) {
        lock.lock();
        try {
            if (failure != null || (finished && chunks.isEmpty())) return 0;
            failure = cause;
            long dropped = buffered;
            chunks.clear();
            buffered = 0;
            readable.signal();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes offered but not yet read. Any thread. */
    public long buffered() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the producer has finished (the consumer may not have read everything yet). */
    public boolean isFinished() {
        lock.lock();
        try {
            return finished;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the consumer is blocked waiting for the producer. Any thread. */
    public boolean isAwaited() {
        return awaited;
    }

    /** Whether the consumer has asked for bytes at least once. */
    public boolean hasBeenRead() {
        lock.lock();
        try {
            return firstReadSeen;
        } finally {
            lock.unlock();
        }
    }

    /** Trailers, read-only; empty until the body has been read to its end. */
    public Headers trailers() {
        lock.lock();
        try {
            return finished && chunks.isEmpty() ? trailers : Headers.empty();
        } finally {
            lock.unlock();
        }
    }

    // ---- consumer side (handler thread) ----

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        boolean first = false;
        lock.lock();
        try {
            if (!firstReadSeen) {
                firstReadSeen = true;
                first = true;
            }
        } finally {
            lock.unlock();
        }
        if (first) listener.onFirstRead();
        while (true) {
            int report = 0;
            int n = 0;
            lock.lock();
            try {
                if (chunks.isEmpty()) {
                    if (failure != null) throw failure;
                    if (finished) return -1;
                    if (unreported > 0) {
                        // About to wait: give back what was read so the peer can send more.
                        report = unreported;
                        unreported = 0;
                    } else {
                        try {
                            awaited = true;
                            readable.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("interrupted while reading the request body");
                        } finally {
                            awaited = false;
                        }
                        continue;
                    }
                } else {
                    ByteBuffer head = chunks.peek();
                    n = Math.min(len, head.remaining());
                    head.get(b, off, n);
                    if (!head.hasRemaining()) chunks.poll();
                    buffered -= n;
                    unreported += n;
                    if (unreported >= reportThreshold || (chunks.isEmpty() && finished)) {
                        report = unreported;
                        unreported = 0;
                    }
                }
            } finally {
                lock.unlock();
            }
            if (report > 0) listener.onConsumed(report);
            if (n > 0) return n;
        }
    }

    @Override
    public int available() throws IOException {
        lock.lock();
        try {
            if (failure != null) throw failure;
            return (int) Math.min(Integer.MAX_VALUE, buffered);
        } finally {
            lock.unlock();
        }
    }
}
