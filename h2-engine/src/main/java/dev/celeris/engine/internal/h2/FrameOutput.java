package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.frame.Frames.*;

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
 * itself (STYLE.md 7); {@link #flush()} does. I/O thread only.
 */
final class FrameOutput {

    /** DATA payloads up to this size are copied into the shared array; larger ones are written as-is. */
    static final int COPY_THRESHOLD = 2048;
    private static final int CHUNK = 16 * 1024;

    private final Connection connection;
    private final System.Logger log;
    private byte[] buf = new byte[CHUNK];
    private int start;
    private int pos;
    private boolean pending;

    FrameOutput(Connection connection, System.Logger log) {
        this.connection = connection;
        this.log = log;
    }

    // SPEC: RFC 9113 §4.1 frame header: length(24) type(8) flags(8) R(1) stream id(31)
    private void header(int length, int type, int flags, int streamId) {
        ensure(HEADER_LENGTH + 0);
        byte[] b = buf;
        int p = pos;
        b[p] = (byte) (length >>> 16);
        b[p + 1] = (byte) (length >>> 8);
        b[p + 2] = (byte) length;
        b[p + 3] = (byte) type;
        b[p + 4] = (byte) flags;
        b[p + 5] = (byte) (streamId >>> 24 & 0x7f);
        b[p + 6] = (byte) (streamId >>> 16);
        b[p + 7] = (byte) (streamId >>> 8);
        b[p + 8] = (byte) streamId;
        pos = p + HEADER_LENGTH;
        pending = true;
        if (log.isLoggable(System.Logger.Level.DEBUG)) {
            log.log(System.Logger.Level.DEBUG, Frames.format(false, streamId, length, type, flags));
        }
    }

    private void putInt(int v) {
        byte[] b = buf;
        b[pos] = (byte) (v >>> 24);
        b[pos + 1] = (byte) (v >>> 16);
        b[pos + 2] = (byte) (v >>> 8);
        b[pos + 3] = (byte) v;
        pos += 4;
    }

    private void ensure(int n) {
        if (buf.length - pos >= n) return;
        emit();
        buf = new byte[Math.max(CHUNK, n)];
        start = 0;
        pos = 0;
    }

    /** Hands the bytes added since the last hand-over to the transport (no flush). */
    private void emit() {
        if (pos > start) {
            connection.write(ByteBuffer.wrap(buf, start, pos - start));
            start = pos;
        }
    }

    // SPEC: RFC 9113 §6.5 SETTINGS
    void settings(Settings settings) {
        int length = settings.size() * SETTING_ENTRY_LENGTH;
        ensure(HEADER_LENGTH + length);
        header(length, TYPE_SETTINGS, FLAG_NONE, 0);
        for (int i = 0; i < settings.size(); i++) {
            buf[pos++] = (byte) (settings.id(i) >>> 8);
            buf[pos++] = (byte) settings.id(i);
            putInt((int) settings.value(i));
        }
    }

    void settingsAck() {
        ensure(HEADER_LENGTH);
        header(0, TYPE_SETTINGS, FLAG_ACK, 0);
    }

    // SPEC: RFC 9113 §6.7 PING
    void ping(boolean ack, long data) {
        ensure(HEADER_LENGTH + PING_LENGTH);
        header(PING_LENGTH, TYPE_PING, ack ? FLAG_ACK : FLAG_NONE, 0);
        putInt((int) (data >>> 32));
        putInt((int) data);
    }

    // SPEC: RFC 9113 §6.8 GOAWAY
    void goAway(int lastStreamId, int errorCode, byte[] debug) {
        ensure(HEADER_LENGTH + GOAWAY_MIN_LENGTH + debug.length);
        header(GOAWAY_MIN_LENGTH + debug.length, TYPE_GOAWAY, FLAG_NONE, 0);
        putInt(lastStreamId & Integer.MAX_VALUE);
        putInt(errorCode);
        System.arraycopy(debug, 0, buf, pos, debug.length);
        pos += debug.length;
    }

    // SPEC: RFC 9113 §6.9 WINDOW_UPDATE
    void windowUpdate(int streamId, int increment) {
        ensure(HEADER_LENGTH + WINDOW_UPDATE_LENGTH);
        header(WINDOW_UPDATE_LENGTH, TYPE_WINDOW_UPDATE, FLAG_NONE, streamId);
        putInt(increment & Integer.MAX_VALUE);
    }

    // SPEC: RFC 9113 §6.4 RST_STREAM
    void rstStream(int streamId, int errorCode) {
        ensure(HEADER_LENGTH + RST_STREAM_LENGTH);
        header(RST_STREAM_LENGTH, TYPE_RST_STREAM, FLAG_NONE, streamId);
        putInt(errorCode);
    }

    /**
     * HEADERS and, when the block is larger than {@code maxFrameSize}, CONTINUATION frames
     * (§6.2, §6.10): END_HEADERS on the last one, END_STREAM on the HEADERS frame.
     */
    void headers(int streamId, byte[] block, int length, boolean endStream, int maxFrameSize) {
        int first = Math.min(length, maxFrameSize);
        int flags = (endStream ? FLAG_END_STREAM : 0) | (first == length ? FLAG_END_HEADERS : 0);
        ensure(HEADER_LENGTH + first);
        header(first, TYPE_HEADERS, flags, streamId);
        System.arraycopy(block, 0, buf, pos, first);
        pos += first;
        int off = first;
        while (off < length) {
            int n = Math.min(length - off, maxFrameSize);
            ensure(HEADER_LENGTH + n);
            header(n, TYPE_CONTINUATION, off + n == length ? FLAG_END_HEADERS : 0, streamId);
            System.arraycopy(block, off, buf, pos, n);
            pos += n;
            off += n;
        }
    }

    /** One DATA frame carrying all of {@code payload} (the caller sized it to the windows). */
    // SPEC: RFC 9113 §6.1 DATA
    void data(int streamId, ByteBuffer payload, boolean endStream) {
        int n = payload.remaining();
        int flags = endStream ? FLAG_END_STREAM : FLAG_NONE;
        if (n <= COPY_THRESHOLD) {
            ensure(HEADER_LENGTH + n);
            header(n, TYPE_DATA, flags, streamId);
            payload.get(buf, pos, n);
            pos += n;
        } else {
            ensure(HEADER_LENGTH);
            header(n, TYPE_DATA, flags, streamId);
            emit();
            connection.write(payload);
        }
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
