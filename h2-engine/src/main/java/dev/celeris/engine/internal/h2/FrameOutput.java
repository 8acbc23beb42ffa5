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
 * buffers back} once drained, the array and the buffer views handed over are reused: a batch that
 * starts after a flush with nothing left in the transport's queue rewinds to the start of the
 * array, so a request/response connection packs every batch into the same bytes and allocates
 * nothing per batch. Otherwise (and while the transport still holds bytes) nothing handed over is
 * ever written again: new bytes go after them, and a full array is replaced, not rewound.
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
    /** Whether the transport gives written buffers back once drained (then the array is rewound). */
    private final boolean reuse;
    /**
     * With {@link #reuse}: the views of {@link #buf} handed to the transport since the last rewind,
     * reused after it: the first (most batches need one), then the rest (created on first need).
     */
    private ByteBuffer view;
    private ByteBuffer[] moreViews;
    private int viewsUsed;

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
        if (!pending) {
            pending = true;
            // A new batch: everything handed over was flushed; once the transport holds none of it, start over.
            if (reuse && start > 0 && connection.queuedBytes() == 0) {
                buf.clear();
                start = 0;
                viewsUsed = 0;
            }
        }
        if (buf.remaining() >= n) return buf;
        emit();
        buf = ByteBuffer.allocate(Math.max(Math.min(buf.capacity() * 2, MAX_CHUNK), n));
        start = 0;
        if (reuse) { // views of the old array stay the transport's
            view = null;
            moreViews = null;
            viewsUsed = 0;
        }
        return buf;
    }

    /** Hands the bytes added since the last hand-over to the transport (no flush). */
    private void emit() {
        int pos = buf.position();
        if (pos > start) {
            connection.write(view(start, pos));
            start = pos;
        }
    }

    /** A buffer over {@code buf}'s bytes [from, to): a new wrap, or with {@link #reuse} a view given back by the transport. */
    private ByteBuffer view(int from, int to) {
        if (!reuse) return ByteBuffer.wrap(buf.array(), from, to - from);
        ByteBuffer v;
        if (viewsUsed == 0) {
            if (view == null) view = ByteBuffer.wrap(buf.array());
            v = view;
        } else {
            int i = viewsUsed - 1;
            if (moreViews == null) moreViews = new ByteBuffer[4];
            else if (i == moreViews.length) moreViews = java.util.Arrays.copyOf(moreViews, i * 2);
            v = moreViews[i];
            if (v == null) moreViews[i] = v = ByteBuffer.wrap(buf.array());
        }
        viewsUsed++;
        return v.limit(to).position(from);
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
