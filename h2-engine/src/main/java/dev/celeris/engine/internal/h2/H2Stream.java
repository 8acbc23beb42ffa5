package dev.celeris.engine.internal.h2;

import dev.celeris.engine.Headers;
import dev.celeris.engine.internal.BodyPipe;
import dev.celeris.engine.internal.WriteGate;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One request stream: the HTTP/2 protocol state of a request (RFC 9113 §5.1 state, windows,
 * DATA waiting for window). What the request holds as an exchange (lifecycle, body pipe, write
 * gate, progress deadline) is its {@link H2Response}, created with the stream. Fields are touched
 * on the connection's I/O thread only; the handler thread sees the stream through
 * {@link H2Request}, {@link BodyPipe} and {@link H2Response}, which hand work to the I/O thread
 * (see {@link dev.celeris.engine.internal.HandOff}).
 */
final class H2Stream {

    final int id;
    StreamState state = StreamState.IDLE;

    // --- inbound (request) ---
    /** The receive window this stream started with (before any DATA); see {@link #inbound()}. */
    private int initialReceiveWindow;
    /**
     * Receive window accounting with the body's declared and received lengths, created when the
     * request may have a body (most streams never get any).
     */
    private WindowCounter.Stream inbound;
    /** How the stream closes, recorded by {@link Streams#release} for the registry. */
    StreamRegistry.Closure closing;
    H2Request request;
    /** Whether the handler runs inline on the I/O thread once the request is complete. */
    boolean inline;

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
    /** The exchange: created with the stream, released with it. */
    final H2Response response;

    H2Stream(int id, int receiveWindow, long sendWindow, Http2ConnectionHandler conn) {
        this.id = id;
        this.initialReceiveWindow = receiveWindow;
        this.sendWindow = sendWindow;
        this.response = new H2Response(this, conn);
    }

    /** The request body pipe, or null (no body). */
    BodyPipe body() {
        return response.requestBody();
    }

    /** Whether the exchange has been released (it gave back every byte it held). */
    boolean isReleased() {
        return response.isReleased();
    }

    /** This stream's receive window accounting (§6.9) and body lengths, created on first need. I/O thread. */
    WindowCounter.Stream inbound() {
        if (inbound == null) inbound = new WindowCounter.Stream(id, initialReceiveWindow);
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
        response.progressed();
        WriteGate gate = response.gateIfAny(); // none: nobody counts or waits (a whole response)
        if (gate != null) gate.written(bytes, Long.MAX_VALUE);
    }

    /** Any thread: the stream was reset or the connection died: blocked handler I/O fails. */
    void fail(String reason) {
        response.fail(reason);
    }

    /** Why the stream's response can no longer be written, or null. */
    String failure() {
        return response.failure();
    }

    @Override
    public String toString() {
        return "stream " + id + " " + state;
    }
}
