package dev.celeris.engine.internal.h2;

import dev.celeris.engine.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The request body as the handler reads it: a pipe from the I/O thread (which copies each DATA
 * payload out of the transport's buffer into the queue) to the handler thread (which blocks
 * until bytes arrive). Reads report consumed bytes back through {@link ConsumptionListener} so
 * the I/O thread can reopen the peer's flow-control windows (§6.9) only as the handler reads.
 */
final class RequestBody extends InputStream {

    /** Told (on the reading thread) how many bytes were consumed; coalesced by the caller. */
    interface ConsumptionListener {
        void consumed(int bytes);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final ConsumptionListener listener;
    private final int reportThreshold;
    private int offset;
    private long buffered;
    private int unreported;
    private boolean ended;
    private String failure;
    private Headers trailers = Headers.empty();

    RequestBody(ConsumptionListener listener, int reportThreshold) {
        this.listener = listener;
        this.reportThreshold = Math.max(1, reportThreshold);
    }

    /** I/O thread: copies {@code data} into the pipe. */
    void offer(ByteBuffer data) {
        int n = data.remaining();
        if (n == 0) return;
        byte[] copy = new byte[n];
        data.get(copy);
        lock.lock();
        try {
            if (failure != null) return;
            chunks.add(copy);
            buffered += n;
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    /** I/O thread: the body ended (END_STREAM), with optional trailers. */
    void end(Headers trailers) {
        lock.lock();
        try {
            if (trailers != null) this.trailers = trailers;
            ended = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Any thread: the stream broke; pending and future reads throw. Returns bytes discarded unread. */
    long fail(String reason) {
        lock.lock();
        try {
            if (ended && chunks.isEmpty()) return 0;
            if (failure == null) failure = reason;
            long dropped = buffered;
            chunks.clear();
            buffered = 0;
            arrived.signalAll();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes received but not yet read. */
    long buffered() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }

    Headers trailers() {
        lock.lock();
        try {
            return ended ? trailers : Headers.empty();
        } finally {
            lock.unlock();
        }
    }

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
        while (true) {
            int report = 0;
            int n = 0;
            lock.lock();
            try {
                if (chunks.isEmpty() && failure == null && !ended) {
                    if (unreported > 0) {
                        // About to wait: give back what was read so the peer can send more.
                        report = unreported;
                        unreported = 0;
                    } else {
                        try {
                            arrived.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("interrupted while reading the request body");
                        }
                        continue;
                    }
                } else if (chunks.isEmpty()) {
                    if (failure != null) throw new IOException(failure);
                    return -1;
                } else {
                    byte[] head = chunks.peek();
                    n = Math.min(len, head.length - offset);
                    System.arraycopy(head, offset, b, off, n);
                    offset += n;
                    if (offset == head.length) {
                        chunks.poll();
                        offset = 0;
                    }
                    buffered -= n;
                    unreported += n;
                    if (unreported >= reportThreshold || (chunks.isEmpty() && ended)) {
                        report = unreported;
                        unreported = 0;
                    }
                }
            } finally {
                lock.unlock();
            }
            if (report > 0) listener.consumed(report);
            if (n > 0) return n;
        }
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, buffered);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        // Closing early leaves unread bytes; they are returned to the windows when the stream ends.
    }
}
