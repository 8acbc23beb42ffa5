package dev.celeris.engine.internal.h2;

import dev.celeris.engine.Headers;

/**
 * The outbound half of stream handling, on the I/O thread: runs the {@link StreamOp}s handler
 * threads submitted (HEADERS, DATA under flow control, trailers, resets, consumed body bytes)
 * and moves streams through their send-side states (§5.1).
 */
abstract class ResponseWriter implements FlowController.EndListener {

    final Http2ConnectionHandler conn;

    ResponseWriter(Http2ConnectionHandler conn) {
        this.conn = conn;
    }

    /** Ends {@code stream}'s exchange; see {@link Streams#release}. */
    abstract void release(H2Stream stream, StreamRegistry.Closure how);

    /** Runs one op from a handler thread. */
    void process(StreamOp op) {
        H2Stream stream = op.stream;
        if (op.kind == StreamOp.CONSUMED) {
            // Request bytes the handler read: reopen the windows (ignored once the stream was released).
            conn.flow.consumed(stream, op.amount);
            return;
        }
        if (conn.failed || !stream.state.canSend() || stream.failure != null) {
            if (op.data != null) stream.written(op.data.remaining());
            return;
        }
        switch (op.kind) {
            case StreamOp.HEADERS -> {
                boolean endNow = op.endStream && op.data == null;
                writeHeaders(stream, op.status, op.headers, endNow);
                if (endNow) {
                    endStreamSent(stream);
                } else if (op.data != null || op.endStream) {
                    conn.flow.enqueue(stream, op.data, op.endStream, null);
                }
            }
            case StreamOp.INTERIM -> writeHeaders(stream, op.status, op.headers, false);
            case StreamOp.DATA -> conn.flow.enqueue(stream, op.data, op.endStream, null);
            case StreamOp.TRAILERS -> conn.flow.enqueue(stream, null, true, op.headers);
            case StreamOp.RESET -> {
                writeReset(stream.id, H2Error.of(op.status));
                stream.fail("stream reset: " + H2Error.name(op.status));
                release(stream, StreamRegistry.Closure.RESET_SENT);
            }
            default -> throw new IllegalStateException("unknown op " + op.kind);
        }
    }

    /** HEADERS (+CONTINUATION) for a response or interim response. */
    void writeHeaders(H2Stream stream, int status, Headers headers, boolean endStream) {
        HeaderCodec codec = conn.codec;
        codec.encodeResponse(status, headers);
        conn.out.headers(stream.id, codec.block(), codec.blockLength(), endStream, conn.peer.maxFrameSize);
        if (status >= 200) stream.answered = true;
    }

    @Override
    public void writeTrailers(H2Stream stream, Headers trailers) {
        HeaderCodec codec = conn.codec;
        codec.encodeTrailers(trailers);
        conn.out.headers(stream.id, codec.block(), codec.blockLength(), true, conn.peer.maxFrameSize);
    }

    /** RST_STREAM, counted as a queued control frame. */
    void writeReset(int streamId, H2Error error) {
        conn.out.rstStream(streamId, error.code());
        conn.controlFrameQueued();
    }

    @Override
    public void endStreamSent(H2Stream stream) {
        StreamState next = stream.state.onSendEndStream();
        if (next == null) return;
        stream.state = next;
        if (next == StreamState.CLOSED) {
            release(stream, StreamRegistry.Closure.ENDED);
        } else {
            // SPEC: RFC 9113 §8.1 a complete response before the whole request: RST_STREAM NO_ERROR
            // tells the client to stop sending the body.
            conn.out.rstStream(stream.id, H2Error.NO_ERROR.code());
            stream.fail("response complete");
            release(stream, StreamRegistry.Closure.RESPONDED_EARLY);
        }
    }
}
