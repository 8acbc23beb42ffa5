package dev.celeris.engine.internal.h2;

import dev.celeris.engine.internal.h2.frame.FrameWriter;
import dev.celeris.engine.internal.h2.frame.Frames;
import dev.celeris.engine.internal.h2.frame.Settings;
import dev.celeris.spi.Connection;
import java.nio.ByteBuffer;

/**
 * Serialises outbound frames into the connection with few buffers: small frames are packed
 * one after another into a shared byte array, and each write hands the transport only the
 * bytes added since the last one ({@code ByteBuffer.wrap(array, from, length)}), so one array
 * serves many batches. Large DATA payloads are not copied: their 9-byte header goes into the
 * array and the payload itself is written as a slice of the caller's buffer. Never flushes by
 * itself (the writer contract Netty's Http2FrameWriter keeps); {@link #flush()} does. I/O thread only.
 *
 * <p>When the transport {@linkplain Connection#releasesWrittenBuffersWhenDrained() gives written
 * buffers back} once drained, the packing buffer itself is lent to the transport (no wrap), and a
 * batch that starts after a flush with nothing left in the transport's queue takes it back and
 * rewinds to the start of the array: a request/response connection packs every batch into the
 * same bytes and allocates nothing per batch, and holds no more objects than before. Otherwise
 * (and while the transport still holds bytes) nothing handed over is ever written again: new
 * bytes go after them through a new view, and a full array is replaced, not rewound.
 *
 * <p>The wire encoding and the {@code >>} frame log lines are the frame layer's
 * {@link FrameWriter}: this class only manages the array and the hand-over to the transport.
 */
final class FrameOutput {

    /** DATA payloads up to this size are copied into the shared array; larger ones are written as-is. */
    static final int COPY_THRESHOLD = 2048;
    /**
     * The packing array starts small, so an idle connection (SETTINGS exchanged, nothing else:
     * under 80 bytes written) holds 128 bytes rather than a full chunk, and doubles up to
     * {@code MAX_CHUNK} as the connection gets busy.
     */
    private static final int FIRST_CHUNK = 128;
    private static final int MAX_CHUNK = 16 * 1024;

    private final Connection connection;
    private final FrameWriter writer = new FrameWriter();
    /** The array frames are packed into, and a buffer view of it the writer writes through. */
    private ByteBuffer buf = ByteBuffer.allocate(FIRST_CHUNK);
    /** Start of the bytes not yet handed to the transport; {@code buf.position()} is the end. */
    private int start;
    private boolean pending;
    /** Whether the transport gives written buffers back once drained (then {@link #buf} is lent, and rewound). */
    private final boolean reuse;
    /** Whether {@link #buf} itself was handed to the transport since it was last taken back. */
    private boolean lent;

    private final H2Events events;

    FrameOutput(Connection connection, H2Events events) {
        this.connection = connection;
        this.events = events;
        this.reuse = connection.releasesWrittenBuffersWhenDrained();
    }

    /** The connection's observer events (sent frames are reported here). */
    H2Events events() {
        return events;
    }

    /** Makes room for {@code n} more bytes, handing what is packed so far to the transport if needed. */
    private ByteBuffer ensure(int n) {
        if (lent) {
            lent = false;
            if (!pending && connection.queuedBytes() == 0) {
                // A new batch, everything handed over was flushed and the transport holds none of it: start over.
                buf.clear();
                start = 0;
            } else {
                // The transport may still read the lent buffer: pack after its bytes through a new view.
                buf = ByteBuffer.wrap(buf.array());
                buf.position(start);
            }
        }
        pending = true;
        if (buf.remaining() >= n) return buf;
        emit();
        buf = ByteBuffer.allocate(Math.max(Math.min(buf.capacity() * 2, MAX_CHUNK), n));
        start = 0;
        lent = false;
        return buf;
    }

    /**
     * Hands the bytes added since the last hand-over to the transport (no flush): the packing
     * buffer itself when the transport gives buffers back (see {@link #ensure}), else a new wrap.
     */
    private void emit() {
        if (lent) return; // nothing packed since: the transport owns buf's position now
        int pos = buf.position();
        if (pos > start) {
            if (reuse) {
                buf.limit(pos).position(start);
                lent = true;
                connection.write(buf);
            } else {
                connection.write(ByteBuffer.wrap(buf.array(), start, pos - start));
            }
            start = pos;
        }
    }

    /** The peer's SETTINGS_MAX_FRAME_SIZE: no frame written is larger (RFC 9113 §4.2). */
    void peerMaxFrameSize(int size) {
        writer.setMaxFrameSize(size);
    }

    // SPEC: RFC 9113 §6.5 SETTINGS
    void settings(Settings settings) {
        writer.settings(ensure(FrameWriter.settingsLength(settings)), settings);
    }

    void settingsAck() {
        writer.settingsAck(ensure(FrameWriter.SETTINGS_ACK_FRAME_LENGTH));
    }

    // SPEC: RFC 9113 §6.7 PING
    void ping(boolean ack, long data) {
        ByteBuffer out = ensure(FrameWriter.PING_FRAME_LENGTH);
        if (ack) writer.pingAck(out, data); else writer.ping(out, data);
    }

    // SPEC: RFC 9113 §6.8 GOAWAY
    void goAway(int lastStreamId, int errorCode, byte[] debug) {
        ByteBuffer out = ensure(Frames.HEADER_LENGTH + Frames.GOAWAY_MIN_LENGTH + debug.length);
        writer.goAway(out, lastStreamId, errorCode & 0xffff_ffffL, ByteBuffer.wrap(debug));
        events.goAwaySent(lastStreamId, errorCode);
    }

    // SPEC: RFC 9113 §6.9 WINDOW_UPDATE
    void windowUpdate(int streamId, int increment) {
        writer.windowUpdate(ensure(FrameWriter.WINDOW_UPDATE_FRAME_LENGTH), streamId, increment);
    }

    // SPEC: RFC 9113 §6.4 RST_STREAM
    void rstStream(int streamId, int errorCode) {
        writer.rstStream(ensure(FrameWriter.RST_STREAM_FRAME_LENGTH), streamId, errorCode & 0xffff_ffffL);
        events.resetSent(streamId, errorCode);
    }

    /**
     * HEADERS and, when the block is larger than {@code maxFrameSize}, CONTINUATION frames
     * (§6.2, §6.10): END_HEADERS on the last one, END_STREAM on the HEADERS frame.
     */
    void headers(int streamId, byte[] block, int length, boolean endStream, int maxFrameSize) {
        if (writer.maxFrameSize() != maxFrameSize) writer.setMaxFrameSize(maxFrameSize);
        ByteBuffer out = ensure(writer.headersLength(length));
        writer.headers(out, streamId, ByteBuffer.wrap(block, 0, length), endStream ? Frames.FLAG_END_STREAM : Frames.FLAG_NONE);
    }

    /** One DATA frame carrying all of {@code payload} (the caller sized it to the windows). */
    // SPEC: RFC 9113 §6.1 DATA
    void data(int streamId, ByteBuffer payload, boolean endStream) {
        int n = payload.remaining();
        int flags = endStream ? Frames.FLAG_END_STREAM : Frames.FLAG_NONE;
        if (n <= COPY_THRESHOLD) {
            writer.data(ensure(Frames.HEADER_LENGTH + n), streamId, payload, flags);
        } else {
            writer.dataHeader(ensure(Frames.HEADER_LENGTH), streamId, n, flags);
            emit();
            connection.write(payload);
        }
    }

    /** One DATA frame carrying all of {@code payload}, at most {@link #COPY_THRESHOLD} bytes, copied. */
    void data(int streamId, byte[] payload, boolean endStream) {
        int flags = endStream ? Frames.FLAG_END_STREAM : Frames.FLAG_NONE;
        writer.data(ensure(Frames.HEADER_LENGTH + payload.length), streamId, payload, 0, payload.length, flags);
    }

    /** Whether frames were written since the last flush. */
    boolean hasPending() {
        return pending;
    }

    /** Hands everything to the transport and flushes it. */
    void flush() {
        emit();
        if (pending) {
            pending = false;
            connection.flush();
        }
    }
}
