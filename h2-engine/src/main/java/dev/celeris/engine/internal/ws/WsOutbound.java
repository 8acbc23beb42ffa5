package dev.celeris.engine.internal.ws;

import dev.celeris.engine.ws.WebSocketBackpressureException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A session's outbound frames: one bounded FIFO drained by one writer (a virtual thread started
 * when the queue turns non-empty), so frames from any number of sending threads leave whole and
 * in order. Data frames count against {@code maxBytes}: a blocking enqueue waits for room, a
 * non-blocking one fails. Control frames (at most 127 bytes each, one pong at a time) bypass
 * the bound. After the close frame nothing else is accepted.
 *
 * <p>The writer also compresses (permessage-deflate): with context takeover the compressor's
 * state must follow the order on the wire, which only the single writer knows. The bound
 * therefore counts uncompressed bytes.
 */
final class WsOutbound {

    /** One whole message as a single frame, and who waits for it; opcode -1 writes nothing. */
    private record Frame(int opcode, byte[] payload, boolean endOutput, CompletableFuture<Void> done) {
        int size() {
            return payload.length + 2;
        }
    }

    /** Messages shorter than this are not worth compressing (RSV1 is per message, RFC 7692 §6). */
    static final int COMPRESS_THRESHOLD = 64;

    private final OutputStream out;
    private final PerMessageDeflate deflate;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private long queuedBytes;
    private boolean draining;
    private boolean closeQueued;
    private IOException failure;

    WsOutbound(OutputStream out, long maxBytes, PerMessageDeflate deflate) {
        this.out = out;
        this.deflate = deflate;
        this.maxBytes = maxBytes;
    }

    /** Queues a data frame; waits for room when {@code block}, else fails at once when full. */
    CompletableFuture<Void> data(int opcode, byte[] payload, boolean block) {
        Frame f = new Frame(opcode, payload, false, new CompletableFuture<>());
        lock.lock();
        try {
            while (failure == null && !closeQueued && queuedBytes > 0 && queuedBytes + f.size() > maxBytes) {
                if (!block) {
                    return CompletableFuture.failedFuture(new WebSocketBackpressureException(
                            "outbound buffer full (" + queuedBytes + " of " + maxBytes + " bytes queued)"));
                }
                try {
                    room.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return CompletableFuture.failedFuture(new InterruptedIOException("interrupted while sending"));
                }
            }
            if (!add(f, false)) return CompletableFuture.failedFuture(closedError());
        } finally {
            lock.unlock();
        }
        return f.done;
    }

    /** Queues a control frame; {@code endOutput} closes our side after it (the close frame that ends the session). */
    CompletableFuture<Void> control(int opcode, byte[] payload, boolean endOutput) {
        Frame f = new Frame(opcode, payload, endOutput, new CompletableFuture<>());
        boolean isClose = opcode == WsFrames.OP_CLOSE || opcode < 0;
        lock.lock();
        try {
            if (!add(f, opcode < 0)) {
                return CompletableFuture.failedFuture(closedError());
            }
            if (isClose) closeQueued = true;
        } finally {
            lock.unlock();
        }
        return f.done;
    }

    /** Under the lock: false when nothing may be queued any more. */
    private boolean add(Frame f, boolean afterClose) {
        if (failure != null || closeQueued && !afterClose) return false;
        queue.add(f);
        queuedBytes += f.size();
        if (!draining) {
            draining = true;
            Thread.ofVirtual().name("celeris-ws-writer").start(this::drain);
        }
        return true;
    }

    /** Ends our side without a close frame (after the peer's close was answered, or a dropped session). */
    void endOutput() {
        control(-1, new byte[0], true);
    }

    private IOException closedError() {
        return failure != null ? new IOException("session failed", failure) : new IOException("session closing");
    }

    /** Completes once our side has ended (the last frame is out and the output closed) or failed. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    long queuedBytes() {
        lock.lock();
        try {
            return queuedBytes;
        } finally {
            lock.unlock();
        }
    }

    private void drain() {
        while (true) {
            Frame f;
            boolean more;
            lock.lock();
            try {
                f = queue.poll();
                if (f == null) {
                    draining = false;
                    return;
                }
                more = !queue.isEmpty();
            } finally {
                lock.unlock();
            }
            try {
                if (f.opcode >= 0) write(f);
                if (f.endOutput) {
                    out.close();
                    if (deflate != null) deflate.close();
                    ended.complete(null);
                } else if (!more) {
                    out.flush();
                }
                finished(f, null);
            } catch (IOException | RuntimeException e) {
                finished(f, e instanceof IOException io ? io : new IOException(e));
            }
        }
    }

    private void write(Frame f) throws IOException {
        byte[] body = f.payload;
        boolean compress = deflate != null && !WsFrames.isControl(f.opcode) && body.length >= COMPRESS_THRESHOLD;
        if (compress) body = deflate.deflate(body, 0, body.length);
        ByteBuffer head = WsFrames.head(f.opcode, true, compress, body.length);
        out.write(head.array(), 0, head.remaining());
        if (body.length > 0) out.write(body);
    }

    private void finished(Frame f, IOException error) {
        Frame[] dropped = new Frame[0];
        lock.lock();
        try {
            queuedBytes -= f.size();
            if (error != null && failure == null) {
                failure = error;
                dropped = queue.toArray(dropped);
                queue.clear();
                queuedBytes = 0;
            }
            room.signalAll();
        } finally {
            lock.unlock();
        }
        if (error == null) {
            f.done.complete(null);
        } else {
            f.done.completeExceptionally(error);
            ended.complete(null);
        }
        for (Frame d : dropped) d.done.completeExceptionally(error);
    }
}
