package dev.celeris.engine.internal.h2;

import dev.celeris.engine.ClientException;
import dev.celeris.engine.Headers;
import dev.celeris.engine.internal.BodyPipe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One request stream. Fields without a note are touched on the connection's I/O thread only;
 * the handler thread sees the stream through {@link H2Request}, {@link dev.celeris.engine.internal.BodyPipe} and
 * {@link H2Response}, which hand work to the I/O thread (see {@link Outbox}).
 */
final class H2Stream {

    final int id;
    StreamState state = StreamState.IDLE;

    // --- inbound (request) ---
    /** The receive window this stream started with (before any DATA); see {@link #inbound()}. */
    private int initialReceiveWindow;
    /** Receive window accounting, created with the first DATA (most streams never get any). */
    private WindowCounter inbound;
    /** Set once by {@link FlowController#release}: every byte the stream held went back to the connection. */
    boolean released;
    /** Counts moves of the exchange (request DATA in, response DATA out); see {@link ProgressWatch}. */
    long progress;
    long progressSeen;
    int stalledSweeps;
    /** The request's content-length, or -1 (§8.1.1). */
    long declaredContentLength = -1;
    /** DATA payload bytes received so far. */
    long receivedBodyBytes;
    H2Request request;
    BodyPipe body;
    /** Whether the handler runs inline on the I/O thread once the request is complete. */
    boolean inline;
    boolean dispatched;

    // --- outbound (response) ---
    /** Bytes we may still send on this stream (the peer's window, §6.9.1); may go negative. */
    long sendWindow;
    /** DATA waiting for window or writability, in order; created on first need (most responses never wait). */
    ArrayDeque<ByteBuffer> pendingData;
    /** END_STREAM to send once {@link #pendingData} is written (with {@link #pendingTrailers} if set). */
    boolean pendingEnd;
    Headers pendingTrailers;
    /** Whether the final response HEADERS were written (the stream was "answered"). */
    boolean answered;
    /** Whether this stream is in the connection's list of streams waiting for the connection window. */
    boolean waitingForConnection;
    H2Response response;

    // --- shared with the handler thread ---
    /** Response bytes handed to the I/O thread and not yet written to the transport. */
    final AtomicLong queuedBytes = new AtomicLong();
    /** The handler thread parked in {@link #awaitQueueBelow}, if any. */
    private volatile Thread writerWaiter;
    /** Set (any thread) once the stream is reset or the connection died: response I/O fails. */
    volatile String failure;

    H2Stream(int id, int receiveWindow, long sendWindow) {
        this.id = id;
        this.initialReceiveWindow = receiveWindow;
        this.sendWindow = sendWindow;
    }

    /** This stream's receive window accounting (§6.9). I/O thread. */
    WindowCounter inbound() {
        if (inbound == null) inbound = new WindowCounter(id, initialReceiveWindow);
        return inbound;
    }

    boolean hasInbound() {
        return inbound != null;
    }

    /** Our lower SETTINGS_INITIAL_WINDOW_SIZE took effect (§6.9.2). */
    void shrinkReceiveWindow(int n) {
        if (inbound == null) initialReceiveWindow -= n;
        else inbound.shrink(n);
    }

    /** Whether response output waits for a window or the transport. */
    boolean hasQueuedOutput() {
        return pendingEnd || (pendingData != null && !pendingData.isEmpty());
    }

    boolean isClosed() {
        return state == StreamState.CLOSED;
    }

    /** Handler thread: blocks while more than {@code limit} bytes are queued and the stream is alive. */
    void awaitQueueBelow(long limit) throws java.io.IOException {
        while (queuedBytes.get() > limit) {
            if (failure != null) throw new ClientException(0, failure);
            writerWaiter = Thread.currentThread();
            if (queuedBytes.get() > limit && failure == null) {
                LockSupport.park(this);
            }
            writerWaiter = null;
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the peer's window");
            }
        }
        if (failure != null) throw new ClientException(0, failure);
    }

    /** I/O thread: {@code bytes} of queued response data were written to the transport. */
    void written(long bytes) {
        progress++;
        queuedBytes.addAndGet(-bytes);
        wakeWriter();
    }

    /** Marks the stream failed (reset or connection gone) and wakes any blocked handler I/O. */
    void fail(String reason) {
        if (failure == null) failure = reason;
        wakeWriter();
        BodyPipe b = body;
        if (b != null) b.fail(new ClientException(0, reason));
    }

    private void wakeWriter() {
        Thread waiter = writerWaiter;
        if (waiter != null) LockSupport.unpark(waiter);
    }

    @Override
    public String toString() {
        return "stream " + id + " " + state;
    }
}
