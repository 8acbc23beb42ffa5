package dev.celeris.engine.internal.h2.frame;

import dev.celeris.engine.internal.h2.H2Error;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes HTTP/2 frames (RFC 9113 §4.1, §6) into a caller's buffer at its position. It never
 * flushes and never queues (Netty's {@code Http2FrameWriter} contract): the connection batches
 * many small frames into one output buffer and writes it once. Each method writes a whole frame
 * or, if {@code out} has too little room, nothing and throws {@link BufferOverflowException}:
 * size constants ({@code *_FRAME_LENGTH}, {@link #headersLength}) let the caller reserve room.
 * A DATA payload is not copied: {@link #dataHeader} writes the 9 header bytes and the payload
 * goes out in the same gathering write.
 *
 * <p>Flags are passed as a value ({@code Frames.FLAG_END_STREAM} or {@code Frames.FLAG_NONE}),
 * never as adjacent booleans. Every frame written is logged by {@link FrameLogger}.
 *
 * <p>Not thread-safe: owned by the connection's I/O thread. Allocates nothing per frame.
 */
public final class FrameWriter {

    public static final int SETTINGS_ACK_FRAME_LENGTH = Frames.HEADER_LENGTH;
    public static final int PING_FRAME_LENGTH = Frames.HEADER_LENGTH + Frames.PING_LENGTH;
    public static final int RST_STREAM_FRAME_LENGTH = Frames.HEADER_LENGTH + Frames.RST_STREAM_LENGTH;
    public static final int WINDOW_UPDATE_FRAME_LENGTH = Frames.HEADER_LENGTH + Frames.WINDOW_UPDATE_LENGTH;
    public static final int PRIORITY_FRAME_LENGTH = Frames.HEADER_LENGTH + Frames.PRIORITY_LENGTH;

    private final FrameLogger logger = FrameLogger.get();
    /** The peer's SETTINGS_MAX_FRAME_SIZE: no frame written is larger. */
    private int maxFrameSize = Frames.DEFAULT_MAX_FRAME_SIZE;

    /** Applies the peer's SETTINGS_MAX_FRAME_SIZE (already range-checked by the parser). */
    public void setMaxFrameSize(int maxFrameSize) {
        if (maxFrameSize < Frames.DEFAULT_MAX_FRAME_SIZE || maxFrameSize > Frames.MAX_FRAME_SIZE_UPPER_BOUND) {
            throw new IllegalArgumentException("maxFrameSize must be in [16384, 16777215]: " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    /** The peer's max frame size: the largest payload this writer produces. */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** The 9-byte frame header, RFC 9113 §4.1 (the reserved bit written as 0). */
    public void frameHeader(ByteBuffer out, int length, int type, int flags, int streamId) {
        require(out, Frames.HEADER_LENGTH);
        putHeader(out, length, type, flags, streamId);
    }

    private void putHeader(ByteBuffer out, int length, int type, int flags, int streamId) {
        out.putInt(length << 8 | (type & 0xff));
        out.put((byte) flags);
        out.putInt(streamId & 0x7fff_ffff);
        logger.outbound(streamId, length, type, flags);
    }

    /** SETTINGS with the given parameters in order, RFC 9113 §6.5. */
    public void settings(ByteBuffer out, Settings settings) {
        int length = settings.size() * Frames.SETTING_ENTRY_LENGTH;
        require(out, Frames.HEADER_LENGTH + length);
        putHeader(out, length, Frames.TYPE_SETTINGS, Frames.FLAG_NONE, 0);
        for (int i = 0; i < settings.size(); i++) {
            out.putShort((short) settings.id(i));
            out.putInt((int) settings.value(i));
        }
    }

    /** The bytes {@link #settings} writes. */
    public static int settingsLength(Settings settings) {
        return Frames.HEADER_LENGTH + settings.size() * Frames.SETTING_ENTRY_LENGTH;
    }

    /** SETTINGS with ACK and no payload, RFC 9113 §6.5.3. */
    public void settingsAck(ByteBuffer out) {
        require(out, SETTINGS_ACK_FRAME_LENGTH);
        putHeader(out, 0, Frames.TYPE_SETTINGS, Frames.FLAG_ACK, 0);
    }

    /** PING, RFC 9113 §6.7. */
    public void ping(ByteBuffer out, long opaqueData) {
        writePing(out, Frames.FLAG_NONE, opaqueData);
    }

    /** PING with ACK, echoing the peer's opaque data, RFC 9113 §6.7. */
    public void pingAck(ByteBuffer out, long opaqueData) {
        writePing(out, Frames.FLAG_ACK, opaqueData);
    }

    private void writePing(ByteBuffer out, int flags, long opaqueData) {
        require(out, PING_FRAME_LENGTH);
        putHeader(out, Frames.PING_LENGTH, Frames.TYPE_PING, flags, 0);
        out.putLong(opaqueData);
    }

    /** GOAWAY, RFC 9113 §6.8; {@code debugData} (may be {@code null}) is copied and left unconsumed. */
    public void goAway(ByteBuffer out, int lastStreamId, long errorCode, ByteBuffer debugData) {
        int debugLength = debugData == null ? 0 : debugData.remaining();
        int length = Frames.GOAWAY_MIN_LENGTH + debugLength;
        require(out, Frames.HEADER_LENGTH + length);
        putHeader(out, length, Frames.TYPE_GOAWAY, Frames.FLAG_NONE, 0);
        out.putInt(lastStreamId & 0x7fff_ffff);
        out.putInt((int) errorCode);
        if (debugLength > 0) {
            out.put(out.position(), debugData, debugData.position(), debugLength);
            out.position(out.position() + debugLength);
        }
    }

    /**
     * GOAWAY in a buffer of its own (ready to read), with {@code debug} as UTF-8 debug data cut
     * to fit one frame of the default size.
     */
    public ByteBuffer goAway(int lastStreamId, H2Error error, String debug) {
        byte[] bytes = debug == null ? new byte[0] : debug.getBytes(StandardCharsets.UTF_8);
        int debugLength = Math.min(bytes.length, Frames.DEFAULT_MAX_FRAME_SIZE - Frames.GOAWAY_MIN_LENGTH);
        ByteBuffer out = ByteBuffer.allocate(Frames.HEADER_LENGTH + Frames.GOAWAY_MIN_LENGTH + debugLength);
        goAway(out, lastStreamId, error.code(), ByteBuffer.wrap(bytes, 0, debugLength));
        return out.flip();
    }

    /** RST_STREAM, RFC 9113 §6.4. */
    public void rstStream(ByteBuffer out, int streamId, long errorCode) {
        requireStream(streamId);
        require(out, RST_STREAM_FRAME_LENGTH);
        putHeader(out, Frames.RST_STREAM_LENGTH, Frames.TYPE_RST_STREAM, Frames.FLAG_NONE, streamId);
        out.putInt((int) errorCode);
    }

    /** WINDOW_UPDATE, RFC 9113 §6.9; {@code increment} in [1, 2^31-1], stream 0 for the connection. */
    public void windowUpdate(ByteBuffer out, int streamId, int increment) {
        if (increment <= 0) throw new IllegalArgumentException("WINDOW_UPDATE increment must be in [1, 2^31-1]: " + increment);
        require(out, WINDOW_UPDATE_FRAME_LENGTH);
        putHeader(out, Frames.WINDOW_UPDATE_LENGTH, Frames.TYPE_WINDOW_UPDATE, Frames.FLAG_NONE, streamId);
        out.putInt(increment);
    }

    /** PRIORITY, RFC 9113 §6.3 (servers rarely send it; here for completeness and tests). */
    public void priority(ByteBuffer out, int streamId, FrameListener.Priority priority) {
        requireStream(streamId);
        require(out, PRIORITY_FRAME_LENGTH);
        putHeader(out, Frames.PRIORITY_LENGTH, Frames.TYPE_PRIORITY, Frames.FLAG_NONE, streamId);
        putPriority(out, priority);
    }

    private static void putPriority(ByteBuffer out, FrameListener.Priority priority) {
        int weight = priority.weight();
        if (weight < 1 || weight > 256) throw new IllegalArgumentException("weight must be in [1, 256]: " + weight);
        out.putInt(priority.streamDependency() & 0x7fff_ffff | (priority.exclusive() ? 0x8000_0000 : 0));
        out.put((byte) (weight - 1));
    }

    /**
     * The 9-byte header of a DATA frame of {@code length} payload bytes (RFC 9113 §6.1); the
     * caller writes the payload after it, typically as the next buffer of a gathering write.
     * {@code flags}: {@code FLAG_END_STREAM} or {@code FLAG_NONE}. The caller has checked flow
     * control; {@code length} must not exceed the peer's max frame size.
     */
    public void dataHeader(ByteBuffer out, int streamId, int length, int flags) {
        requireStream(streamId);
        requireFlags(flags, Frames.FLAG_END_STREAM, "DATA");
        if (length < 0 || length > maxFrameSize) {
            throw new IllegalArgumentException("DATA length " + length + " outside [0, " + maxFrameSize + "]");
        }
        require(out, Frames.HEADER_LENGTH);
        putHeader(out, length, Frames.TYPE_DATA, flags, streamId);
    }

    /** A whole DATA frame, payload copied from {@code data}'s remaining bytes (which are consumed). */
    public void data(ByteBuffer out, int streamId, ByteBuffer data, int flags) {
        int length = data.remaining();
        require(out, Frames.HEADER_LENGTH + length);
        dataHeader(out, streamId, length, flags);
        out.put(data);
    }

    /** A whole DATA frame, payload copied from {@code data[off, off + length)}. */
    public void data(ByteBuffer out, int streamId, byte[] data, int off, int length, int flags) {
        require(out, Frames.HEADER_LENGTH + length);
        dataHeader(out, streamId, length, flags);
        out.put(data, off, length);
    }

    /**
     * An encoded header block as HEADERS plus as many CONTINUATION frames as the peer's max
     * frame size needs (RFC 9113 §6.2, §6.10): END_STREAM (if in {@code flags}) on the HEADERS,
     * END_HEADERS on the last frame. {@code block}'s remaining bytes are consumed.
     *
     * @param flags {@code FLAG_END_STREAM} or {@code FLAG_NONE}; END_HEADERS is set here
     */
    public void headers(ByteBuffer out, int streamId, ByteBuffer block, int flags) {
        requireStream(streamId);
        requireFlags(flags, Frames.FLAG_END_STREAM, "HEADERS");
        int remaining = block.remaining();
        require(out, headersLength(remaining));
        int type = Frames.TYPE_HEADERS;
        do {
            int length = Math.min(remaining, maxFrameSize);
            remaining -= length;
            int frameFlags = remaining == 0 ? flags | Frames.FLAG_END_HEADERS : flags;
            putHeader(out, length, type, frameFlags, streamId);
            int limit = block.limit();
            block.limit(block.position() + length);
            out.put(block);
            block.limit(limit);
            type = Frames.TYPE_CONTINUATION;
            flags = Frames.FLAG_NONE;
        } while (remaining > 0);
    }

    /** The bytes {@link #headers} writes for a block of {@code blockLength} bytes at the current max frame size. */
    public int headersLength(int blockLength) {
        int frames = blockLength == 0 ? 1 : (blockLength + maxFrameSize - 1) / maxFrameSize;
        return frames * Frames.HEADER_LENGTH + blockLength;
    }

    private static void require(ByteBuffer out, int bytes) {
        if (out.remaining() < bytes) throw new BufferOverflowException();
        if (out.order() != ByteOrder.BIG_ENDIAN) throw new IllegalArgumentException("frames are written in network byte order");
    }

    private static void requireStream(int streamId) {
        if (streamId <= 0) throw new IllegalArgumentException("stream id must be positive: " + streamId);
    }

    private static void requireFlags(int flags, int allowed, String type) {
        if ((flags & ~allowed) != 0) {
            throw new IllegalArgumentException(type + " flags 0x" + Integer.toHexString(flags) + " not supported here");
        }
    }
}
