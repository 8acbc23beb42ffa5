package dev.celeris.engine.internal.h2;

import dev.celeris.engine.Headers;
import dev.celeris.engine.internal.h2.frame.Frames;
import dev.celeris.spi.Connection;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Flow control both ways for one connection (RFC 9113 §5.2, §6.9). I/O thread only.
 *
 * <p>Outbound: DATA is written only while the peer's connection window, the stream's window
 * and the transport's writability allow, in frames no larger than the peer's MAX_FRAME_SIZE;
 * the rest waits in the stream's queue. Streams blocked on the connection window or on the
 * transport wait in a FIFO and resume on WINDOW_UPDATE(0) or {@code onWritable}; streams blocked
 * on their own window resume on their WINDOW_UPDATE or a SETTINGS_INITIAL_WINDOW_SIZE change.
 *
 * <p>Inbound: every DATA frame's whole length (padding included, §6.1) is charged to the
 * connection and stream {@link WindowCounter}s; overruns are FLOW_CONTROL_ERROR. Windows are
 * reopened only when bytes are consumed (read by the handler, or padding) or when the stream is
 * {@link #release released} (its unread bytes), each byte exactly once, with updates coalesced
 * until half of a window is due.
 */
final class FlowController {

    /** Called when a stream's queued output reaches its end. */
    interface EndListener {
        /** Writes trailers (HEADERS with END_STREAM) for {@code stream}. */
        void writeTrailers(H2Stream stream, Headers trailers);

        /** END_STREAM was written for {@code stream}. */
        void endStreamSent(H2Stream stream);
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Connection connection;
    private final FrameOutput out;
    private final EndListener endListener;
    private final int connectionWindowTarget;
    private final int streamWindowTarget;
    /** Created by the first parked stream: most connections never park one (−48 B idle). */
    private ArrayDeque<H2Stream> waiting;

    private final WindowCounter inbound = new WindowCounter(0, Frames.DEFAULT_WINDOW_SIZE);

    private long sendWindow = Frames.DEFAULT_WINDOW_SIZE;
    /** The connection is failing: credits are still counted but no longer announced. */
    private boolean closed;
    private int peerMaxFrameSize = Frames.DEFAULT_MAX_FRAME_SIZE;

    FlowController(Connection connection, FrameOutput out, EndListener endListener,
                   int connectionWindowTarget, int streamWindowTarget) {
        this.connection = connection;
        this.out = out;
        this.endListener = endListener;
        this.connectionWindowTarget = connectionWindowTarget;
        this.streamWindowTarget = streamWindowTarget;
    }

    /** Raises our connection receive window from 65,535 to the configured size (sent on open). */
    void openConnectionWindow() {
        long increment = connectionWindowTarget - inbound.window();
        if (increment > 0) {
            out.windowUpdate(0, (int) increment);
            inbound.grow((int) increment);
        }
    }

    /** The connection is going away: stop announcing window credit. */
    void connectionClosed() {
        closed = true;
    }

    void peerMaxFrameSize(int size) {
        peerMaxFrameSize = size;
    }

    long sendWindow() {
        return sendWindow;
    }

    // ---------------------------------------------------------------- outbound

    /** Queues response body bytes (may be null) and/or the end of the stream, and writes what fits. */
    void enqueue(H2Stream stream, ByteBuffer data, boolean end, Headers trailers) {
        if (data != null && data.hasRemaining()) {
            if (stream.pendingData == null || stream.pendingData.isEmpty()) {
                // Fast path: nothing queued and it all fits in one frame and both windows.
                int n = data.remaining();
                if (n <= peerMaxFrameSize && n <= sendWindow && n <= stream.sendWindow && stream.state.canSend()
                        && connection.isWritable()) {
                    boolean last = end && (trailers == null || trailers.isEmpty());
                    sendWindow -= n;
                    stream.sendWindow -= n;
                    out.data(stream.id, data, last);
                    stream.written(n);
                    if (last) {
                        endListener.endStreamSent(stream);
                        return;
                    }
                    data = null;
                }
            }
            if (data != null) {
                if (stream.pendingData == null) stream.pendingData = new ArrayDeque<>(2);
                stream.pendingData.add(data);
            }
        }
        if (end) {
            stream.pendingEnd = true;
            stream.pendingTrailers = trailers;
        }
        write(stream);
    }

    /** Writes as much of {@code stream}'s queue as the windows and the transport allow. */
    void write(H2Stream stream) {
        while (true) {
            if (!stream.state.canSend()) {
                dropQueued(stream);
                return;
            }
            ByteBuffer head = stream.pendingData == null ? null : stream.pendingData.peek();
            if (head == null) {
                if (stream.pendingEnd) {
                    stream.pendingEnd = false;
                    Headers trailers = stream.pendingTrailers;
                    stream.pendingTrailers = null;
                    if (trailers != null && !trailers.isEmpty()) {
                        endListener.writeTrailers(stream, trailers);
                    } else {
                        out.data(stream.id, EMPTY.duplicate(), true);
                    }
                    endListener.endStreamSent(stream);
                }
                return;
            }
            if (!connection.isWritable()) {
                park(stream);
                return;
            }
            // SPEC: RFC 9113 §6.9.1 never exceed either window; §4.2 nor the peer's MAX_FRAME_SIZE
            int n = (int) Math.min(Math.min(head.remaining(), peerMaxFrameSize), Math.min(sendWindow, stream.sendWindow));
            if (n <= 0) {
                out.events().stalled(sendWindow <= 0 ? 0 : stream.id);
                if (sendWindow <= 0) park(stream);
                return; // else: waits for the stream's WINDOW_UPDATE
            }
            ByteBuffer chunk;
            if (n == head.remaining()) {
                chunk = head;
                stream.pendingData.poll();
            } else {
                chunk = head.duplicate();
                chunk.limit(chunk.position() + n);
                head.position(head.position() + n);
            }
            boolean last = stream.pendingEnd && stream.pendingData.isEmpty()
                    && (stream.pendingTrailers == null || stream.pendingTrailers.isEmpty());
            sendWindow -= n;
            stream.sendWindow -= n;
            out.data(stream.id, chunk, last);
            stream.written(n);
            if (last) {
                stream.pendingEnd = false;
                stream.pendingTrailers = null;
                endListener.endStreamSent(stream);
                return;
            }
        }
    }

    private void park(H2Stream stream) {
        if (!stream.waitingForConnection) {
            stream.waitingForConnection = true;
            if (waiting == null) waiting = new ArrayDeque<>(1);
            waiting.add(stream);
        }
    }

    /** Drops a closed stream's queued output, releasing its blocked writer. */
    void dropQueued(H2Stream stream) {
        stream.pendingEnd = false;
        stream.pendingTrailers = null;
        if (stream.pendingData == null) return;
        long bytes = 0;
        for (ByteBuffer b : stream.pendingData) bytes += b.remaining();
        stream.pendingData.clear();
        stream.pendingEnd = false;
        stream.pendingTrailers = null;
        if (bytes > 0) stream.written(bytes);
    }

    /** Resumes streams waiting for the connection window or the transport. */
    void resume() {
        if (waiting == null) return;
        int rounds = waiting.size();
        while (rounds-- > 0 && sendWindow > 0 && connection.isWritable()) {
            H2Stream stream = waiting.poll();
            if (stream == null) return;
            stream.waitingForConnection = false;
            write(stream);
        }
    }

    /** WINDOW_UPDATE on stream 0 (§6.9.1): overflow beyond 2^31-1 is a connection FLOW_CONTROL_ERROR. */
    void connectionWindowUpdate(int increment) throws H2Exception {
        long next = sendWindow + increment;
        if (next > Frames.MAX_WINDOW_SIZE) {
            throw H2Exception.connectionError(H2Error.FLOW_CONTROL_ERROR, "connection window overflow: %d", next);
        }
        sendWindow = next;
        resume();
    }

    /** WINDOW_UPDATE on a stream (§6.9.1): overflow is a stream FLOW_CONTROL_ERROR. */
    void streamWindowUpdate(H2Stream stream, int increment) throws H2Exception {
        long next = stream.sendWindow + increment;
        if (next > Frames.MAX_WINDOW_SIZE) {
            throw H2Exception.streamError(stream.id, H2Error.FLOW_CONTROL_ERROR, "stream window overflow: %d", next);
        }
        stream.sendWindow = next;
        if (!stream.waitingForConnection) write(stream);
    }

    /**
     * SETTINGS_INITIAL_WINDOW_SIZE changed by {@code delta} (§6.9.2): adjust every open stream;
     * a window pushed above 2^31-1 is a connection FLOW_CONTROL_ERROR.
     */
    void initialWindowChanged(Iterable<H2Stream> streams, long delta) throws H2Exception {
        for (H2Stream s : streams) {
            long next = s.sendWindow + delta;
            if (next > Frames.MAX_WINDOW_SIZE) {
                throw H2Exception.connectionError(H2Error.FLOW_CONTROL_ERROR, "stream %d window overflow: %d", s.id, next);
            }
            s.sendWindow = next;
        }
        if (delta > 0) {
            for (H2Stream s : streams) if (!s.waitingForConnection) write(s);
        }
    }

    // ---------------------------------------------------------------- inbound

    /**
     * Charges a DATA frame of {@code length} (padding included) to the connection window and,
     * if {@code stream} is not null, to the stream's (§6.9). Bytes of a frame that overruns the
     * stream's window are credited back to the connection at once (the stream is reset).
     */
    void received(H2Stream stream, int length) throws H2Exception {
        if (!inbound.fits(length)) {
            throw H2Exception.connectionError(H2Error.FLOW_CONTROL_ERROR,
                    "DATA of %d bytes exceeds the connection window %d", length, inbound.window());
        }
        inbound.receive(length);
        if (stream != null) {
            WindowCounter in = stream.inbound();
            if (!in.fits(length)) {
                creditConnection(length);
                throw H2Exception.streamError(stream.id, H2Error.FLOW_CONTROL_ERROR,
                        "DATA of %d bytes exceeds the stream window %d", length, in.window());
            }
            in.receive(length);
        }
    }

    /** DATA on no live stream (closed, or being refused): charged and given back at once. */
    void receivedAndDropped(int length) throws H2Exception {
        received(null, length);
        creditConnection(length);
    }

    /**
     * {@code bytes} of {@code stream}'s received DATA were consumed (read by the handler, or
     * padding): give them back to both windows, coalescing updates until half a window is due.
     * Ignored once the stream was released: {@link #release} gave back everything it held.
     */
    void consumed(H2Stream stream, int bytes) {
        if (bytes <= 0 || stream.isReleased()) return;
        stream.inbound().credit(bytes);
        creditConnection(bytes);
        // SPEC: RFC 9113 §6.9 a WINDOW_UPDATE for a stream the peer already ended is pointless
        if (stream.state.canReceive()) {
            int increment = stream.inbound().announce(Math.max(1, streamWindowTarget / 2));
            if (increment > 0) out.windowUpdate(stream.id, increment);
        }
    }

    private void creditConnection(long bytes) {
        inbound.credit(bytes);
        if (closed) return; // counted, but nothing more goes on the wire
        int increment = inbound.announce(connectionWindowTarget / 2);
        if (increment > 0) out.windowUpdate(0, increment);
    }

    /**
     * The exchange of {@code stream} ends (exactly once): its queued output is dropped (waking a
     * blocked writer), it leaves the wait queue, and every body byte it received but did not give
     * back returns to the connection window.
     */
    void release(H2Stream stream) {
        dropQueued(stream);
        if (stream.waitingForConnection) {
            stream.waitingForConnection = false;
            if (waiting != null) waiting.remove(stream);
        }
        if (stream.hasInbound()) {
            long rest = stream.inbound().creditRest();
            if (rest > 0) creditConnection(rest);
        }
    }

    /** Streams parked until the connection window or the transport allows more output (tests, invariants). */
    int waitingCount() {
        return waiting == null ? 0 : waiting.size();
    }

    /** The connection's receive window accounting. */
    WindowCounter inbound() {
        return inbound;
    }
}
