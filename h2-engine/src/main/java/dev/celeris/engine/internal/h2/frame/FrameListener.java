package dev.celeris.engine.internal.h2.frame;

import dev.celeris.engine.internal.h2.H2Exception;
import java.nio.ByteBuffer;

/**
 * Receives the frames the {@link FrameParser} reads, in order. The parser has checked syntax
 * (lengths, stream-id-zero rules, padding, SETTINGS value ranges, CONTINUATION sequencing and
 * its flood limits); the listener checks semantics (stream states, flow control, HTTP rules).
 *
 * <p>Buffers passed in are valid only during the call: the listener copies what it keeps.
 * A listener may throw {@link H2Exception}; the parser stops and rethrows it from
 * {@code parse}.
 */
public interface FrameListener {

    /**
     * DATA. {@code data} is the payload without padding; {@code flowControlledLength} is the
     * whole frame payload length (padding included), which counts against flow control
     * (RFC 9113 §6.1).
     *
     * <p>A DATA frame that straddles input chunks is delivered as it arrives, without being
     * buffered: in several calls, in order, each with the data octets that arrived and a
     * {@code flowControlledLength} that also counts the Pad Length and padding octets consumed
     * since the previous call; {@code endStream} is set on the last call only. The calls of one
     * frame add up to its payload length. No call has both no data and a zero
     * {@code flowControlledLength} unless the frame itself is empty.
     */
    void onData(int streamId, ByteBuffer data, int flowControlledLength, boolean endStream) throws H2Exception;

    /**
     * A complete header block: HEADERS plus any CONTINUATION frames, padding removed.
     * {@code priority} is {@code null} unless the PRIORITY flag was set.
     */
    void onHeaders(int streamId, ByteBuffer headerBlock, boolean endStream, Priority priority) throws H2Exception;

    /** PRIORITY (deprecated by RFC 9113 §5.3.2 but still parsed and validated). */
    void onPriority(int streamId, Priority priority) throws H2Exception;

    /** RST_STREAM; {@code errorCode} is the raw wire value (unknown codes are not errors). */
    void onRstStream(int streamId, long errorCode) throws H2Exception;

    /** SETTINGS; {@code settings} is empty for an ACK. Values were range-checked by the parser. */
    void onSettings(boolean ack, Settings settings) throws H2Exception;

    /** PING with its 8 opaque bytes. */
    void onPing(boolean ack, long opaqueData) throws H2Exception;

    /** GOAWAY; {@code errorCode} raw. */
    void onGoAway(int lastStreamId, long errorCode, ByteBuffer debugData) throws H2Exception;

    /** WINDOW_UPDATE; {@code increment} may be 0 (the listener decides the error scope). */
    void onWindowUpdate(int streamId, int increment) throws H2Exception;

    /** A frame of a type this implementation does not know; to be ignored (RFC 9113 §4.1). */
    default void onUnknownFrame(int type, int flags, int streamId, ByteBuffer payload) throws H2Exception {
    }

    /** PRIORITY fields: dependency, weight 1..256, exclusive. */
    record Priority(int streamDependency, int weight, boolean exclusive) {
    }
}
