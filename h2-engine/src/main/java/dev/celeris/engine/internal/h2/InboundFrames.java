package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.H2Error.*;
import static dev.celeris.engine.internal.h2.H2Exception.connectionError;
import static dev.celeris.engine.internal.h2.H2Exception.streamError;

import dev.celeris.engine.internal.h2.frame.FrameListener;
import dev.celeris.engine.internal.h2.frame.Settings;
import java.nio.ByteBuffer;

/**
 * The meaning of each frame the parser delivers, server side: stream states (§5.1), stream
 * ids (§5.1.1), SETTINGS (§6.5), PING (§6.7), GOAWAY (§6.8), WINDOW_UPDATE (§6.9) and the
 * flood limits tied to frames. Errors are thrown as {@link H2Exception} and turned into frames
 * by {@link Http2ConnectionHandler#onError}. I/O thread only.
 */
final class InboundFrames implements FrameListener {

    private final Http2ConnectionHandler conn;

    InboundFrames(Http2ConnectionHandler conn) {
        this.conn = conn;
    }

    @Override
    public void onData(int streamId, ByteBuffer data, int flowControlledLength, boolean endStream) throws H2Exception {
        StreamRegistry registry = conn.registry;
        FlowController flow = conn.flow;
        // SPEC: RFC 9113 §6.1 / CVE-2019-9518 empty DATA without END_STREAM, repeated, is a flood
        if (flowControlledLength == 0 && !endStream) {
            if (++conn.consecutiveEmptyData > conn.h2.maxEmptyDataFrames()) {
                throw H2Exception.limitExceeded("maxEmptyDataFrames", "more than %d consecutive empty DATA frames", conn.h2.maxEmptyDataFrames());
            }
        } else {
            conn.consecutiveEmptyData = 0;
        }
        H2Stream stream = registry.get(streamId);
        if (stream == null) {
            // SPEC: RFC 9113 §5.1 DATA on an idle stream is a connection PROTOCOL_ERROR
            if (registry.isIdle(streamId)) throw connectionError(PROTOCOL_ERROR, "DATA on idle stream %d", streamId);
            // SPEC: RFC 9113 §6.9 DATA on a closed stream still counts against the connection window
            flow.receivedAndDropped(flowControlledLength);
            // SPEC: RFC 9113 §5.1 frames after our RST_STREAM are ignored; otherwise STREAM_CLOSED
            StreamRegistry.Closure closure = registry.closure(streamId);
            if (closure == StreamRegistry.Closure.RESET_SENT || closure == StreamRegistry.Closure.RESPONDED_EARLY) return;
            throw streamError(streamId, STREAM_CLOSED, "DATA on closed stream %d", streamId);
        }
        if (!stream.state.canReceive()) {
            flow.receivedAndDropped(flowControlledLength);
            // SPEC: RFC 9113 §5.1 half-closed (remote): DATA is a STREAM_CLOSED stream error
            throw streamError(streamId, STREAM_CLOSED, "DATA after END_STREAM on stream %d", streamId);
        }
        flow.received(stream, flowControlledLength);
        int length = data.remaining();
        flow.consumed(stream, flowControlledLength - length); // padding is consumed at once
        conn.streams.bodyData(stream, data, endStream);
    }

    @Override
    public void onHeaders(int streamId, ByteBuffer headerBlock, boolean endStream, Priority priority) throws H2Exception {
        // SPEC: RFC 9113 §5.1.1 client-initiated streams have odd ids
        if ((streamId & 1) == 0) throw connectionError(PROTOCOL_ERROR, "HEADERS on even stream id %d", streamId);
        StreamRegistry registry = conn.registry;
        H2Stream stream = registry.get(streamId);
        if (stream != null) {
            conn.streams.trailers(stream, headerBlock, endStream);
            return;
        }
        if (!registry.isIdle(streamId)) {
            HeaderCodec.Result ignored = conn.codec().decode(headerBlock, streamId, false); // keep HPACK in step
            StreamRegistry.Closure closure = registry.closure(streamId);
            if (closure == StreamRegistry.Closure.RESET_SENT) return; // SPEC: RFC 9113 §5.1 ignore after our RST
            if (closure == StreamRegistry.Closure.RESPONDED_EARLY) {
                // SPEC: RFC 9113 §8.1 a HEADERS that does not end the stream after the request's is malformed
                if (!endStream) throw streamError(streamId, PROTOCOL_ERROR, "second HEADERS without END_STREAM on %d", streamId);
                return; // trailers ending a request we already answered
            }
            // SPEC: RFC 9113 §5.1 closed: a frame after the peer's RST_STREAM is a STREAM_CLOSED stream error
            if (closure == StreamRegistry.Closure.RESET_RECEIVED) {
                throw streamError(streamId, STREAM_CLOSED, "HEADERS after RST_STREAM on stream %d", streamId);
            }
            if (closure == StreamRegistry.Closure.UNKNOWN && streamId < registry.lastClientStreamId()) {
                // SPEC: RFC 9113 §5.1.1 a new stream id must exceed every id used before
                throw connectionError(PROTOCOL_ERROR, "stream id %d is not above %d", streamId, registry.lastClientStreamId());
            }
            // SPEC: RFC 9113 §5.1 HEADERS on a closed stream is a STREAM_CLOSED connection error
            throw connectionError(STREAM_CLOSED, "HEADERS on closed stream %d", streamId);
        }
        conn.streams.open(streamId, headerBlock, endStream, priority);
    }

    @Override
    public void onPriority(int streamId, Priority priority) {
        // SPEC: RFC 9113 §5.3.2 PRIORITY is deprecated: validated by the parser (self-dependency) and ignored.
        // It is allowed in every state, creates no state, and does not close idle streams.
    }

    @Override
    public void onRstStream(int streamId, long errorCode) throws H2Exception {
        // SPEC: RFC 9113 §6.4 RST_STREAM on an idle stream is a connection PROTOCOL_ERROR
        if (conn.registry.isIdle(streamId)) throw connectionError(PROTOCOL_ERROR, "RST_STREAM on idle stream %d", streamId);
        H2Stream stream = conn.registry.get(streamId);
        if (stream == null) return; // closed: nothing to do
        // Rapid Reset (CVE-2023-44487): resets of streams not answered yet, or whose response is
        // parked on a window the peer withholds, per window
        if ((!stream.answered || stream.hasQueuedOutput()) && !conn.rapidResets().record()) {
            throw H2Exception.limitExceeded("maxResetsPerWindow", "more than %d streams reset by the peer before a response",
                    conn.h2.maxResetsPerWindow());
        }
        conn.events.resetReceived(streamId, errorCode);
        conn.streams.resetByPeer(stream, errorCode);
    }

    @Override
    public void onSettings(boolean ack, Settings settings) throws H2Exception {
        if (ack) {
            conn.settingsAcknowledged();
            return;
        }
        if (!conn.recordSettings()) {
            throw H2Exception.limitExceeded("maxSettingsPerSecond", "more than %d SETTINGS frames per second", conn.h2.maxSettingsPerSecond());
        }
        conn.streams.applyPeerSettings(settings);
        // SPEC: RFC 9113 §6.5.3 acknowledge once applied
        conn.out.settingsAck();
        conn.controlFrameQueued();
    }

    @Override
    public void onPing(boolean ack, long opaqueData) throws H2Exception {
        if (ack) {
            if (opaqueData == Http2ConnectionHandler.SHUTDOWN_PING && conn.shuttingDown) conn.finalGoAway();
            return;
        }
        if (!conn.pings().record()) {
            throw H2Exception.limitExceeded("maxPingsPerSecond", "more than %d PING frames per second", conn.h2.maxPingsPerSecond());
        }
        // SPEC: RFC 9113 §6.7 answer with the same payload and ACK
        conn.out.ping(true, opaqueData);
        conn.controlFrameQueued();
    }

    @Override
    public void onGoAway(int lastStreamId, long errorCode, ByteBuffer debugData) {
        conn.events.goAwayReceived(lastStreamId, errorCode);
        // SPEC: RFC 9113 §6.8 the peer will open no more streams; we never open any. Finish what runs.
        if (errorCode != 0) {
            Http2ConnectionHandler.LOG.log(System.Logger.Level.DEBUG, "peer GOAWAY {0}", H2Error.name(errorCode));
        }
        if (!conn.finalGoAwaySent) conn.finalGoAway();
    }

    @Override
    public void onWindowUpdate(int streamId, int increment) throws H2Exception {
        if (streamId == 0) {
            // SPEC: RFC 9113 §6.9 a zero increment on the connection is a connection PROTOCOL_ERROR
            if (increment == 0) throw connectionError(PROTOCOL_ERROR, "WINDOW_UPDATE with 0 increment on the connection");
            conn.flow.connectionWindowUpdate(increment);
            return;
        }
        // SPEC: RFC 9113 §5.1 WINDOW_UPDATE on an idle stream is a connection PROTOCOL_ERROR
        if (conn.registry.isIdle(streamId)) throw connectionError(PROTOCOL_ERROR, "WINDOW_UPDATE on idle stream %d", streamId);
        H2Stream stream = conn.registry.get(streamId);
        if (stream == null) return; // SPEC: RFC 9113 §6.9 may arrive shortly after close: ignored
        // SPEC: RFC 9113 §6.9 a zero increment on a stream is a stream PROTOCOL_ERROR
        if (increment == 0) throw streamError(streamId, PROTOCOL_ERROR, "WINDOW_UPDATE with 0 increment");
        conn.flow.streamWindowUpdate(stream, increment);
    }
}
