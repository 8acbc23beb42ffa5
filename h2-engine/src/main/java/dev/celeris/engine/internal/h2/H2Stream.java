package dev.celeris.engine.internal.h2;

import dev.celeris.engine.ClientException;
import dev.celeris.engine.Headers;
import dev.celeris.engine.internal.BodyPipe;
import dev.celeris.engine.internal.WriteGate;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One request stream. Fields without a note are touched on the connection's I/O thread only;
 * the handler thread sees the stream through {@link H2Request}, {@link dev.celeris.engine.internal.BodyPipe} and
 * {@link H2Response}, which hand work to the I/O thread (see {@link dev.celeris.engine.internal.HandOff}).
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
    int progress;
    int progressSeen;
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
    /** Response bytes handed to the I/O thread and not yet written; failure (reset, connection gone) wakes the writer. */
    final WriteGate gate = new WriteGate();

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

    /** I/O thread: {@code bytes} of queued response data were written to the transport. */
    void written(long bytes) {
        progress++;
        gate.written(bytes, Long.MAX_VALUE);
    }

    /** Any thread: the stream was reset or the connection died: blocked handler I/O fails. */
    void fail(String reason) {
        gate.fail(reason);
        BodyPipe b = body;
        if (b != null) b.fail(new ClientException(0, reason));
    }

    /** Why the stream's response can no longer be written, or null. */
    String failure() {
        return gate.failure();
    }

    @Override
    public String toString() {
        return "stream " + id + " " + state;
    }
}
