package dev.celeris.engine.internal.h2;

import dev.celeris.engine.EngineObserver.ClientFailure;
import dev.celeris.engine.Headers;
import java.nio.ByteBuffer;

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
    abstract void release(H2Stream stream, StreamRegistry.Closure how, ClientFailure clientFailure);

    /** Runs one operation from a handler thread. */
    void process(StreamOp op) {
        H2Stream stream = op.stream;
        if (op instanceof StreamOp.Consumed c) {
            // Request bytes the handler read: reopen the windows (ignored once the stream was released).
            conn.flow.consumed(stream, c.bytes);
            return;
        }
        if (conn.failed || !stream.state.canSend() || stream.failure() != null) {
            ByteBuffer dropped = op instanceof StreamOp.Respond r ? r.body : op instanceof StreamOp.Data d ? d.data : null;
            if (dropped != null) stream.written(dropped.remaining());
            return;
        }
        switch (op) {
            case StreamOp.Respond r -> {
                boolean endNow = r.end && r.body == null;
                writeHeaders(stream, r.status, r.headers, endNow);
                if (endNow) {
                    endStreamSent(stream);
                } else if (r.body != null || r.end) {
                    conn.flow.enqueue(stream, r.body, r.end, null);
                }
            }
            case StreamOp.Interim i -> writeHeaders(stream, i.status, i.headers, false);
            case StreamOp.Data d -> conn.flow.enqueue(stream, d.data, d.end, null);
            case StreamOp.Trailers t -> conn.flow.enqueue(stream, null, true, t.trailers);
            case StreamOp.Reset x -> {
                writeReset(stream.id, x.error);
                stream.fail("stream reset: " + x.error);
                release(stream, StreamRegistry.Closure.RESET_SENT, null);
            }
            case StreamOp.Consumed c -> throw new AssertionError("handled above");
        }
    }

    /** HEADERS (+CONTINUATION) for a response or interim response. */
    void writeHeaders(H2Stream stream, int status, Headers headers, boolean endStream) {
        HeaderCodec codec = conn.codec();
        codec.encodeResponse(status, headers);
        conn.out.headers(stream.id, codec.block(), codec.blockLength(), endStream, conn.peer.maxFrameSize);
        if (status >= 200) stream.answered = true;
    }

    @Override
    public void writeTrailers(H2Stream stream, Headers trailers) {
        HeaderCodec codec = conn.codec();
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
        stream.response.responseSent();
        if (next == StreamState.CLOSED) {
            release(stream, StreamRegistry.Closure.ENDED, null);
        } else {
            // SPEC: RFC 9113 §8.1 a complete response before the whole request: RST_STREAM NO_ERROR
            // tells the client to stop sending the body.
            conn.out.rstStream(stream.id, H2Error.NO_ERROR.code());
            stream.fail("response complete");
            release(stream, StreamRegistry.Closure.RESPONDED_EARLY, null);
        }
    }
}
