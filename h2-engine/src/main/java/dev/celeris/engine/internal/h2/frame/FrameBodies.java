package dev.celeris.engine.internal.h2.frame;

import static dev.celeris.engine.internal.h2.H2Error.FLOW_CONTROL_ERROR;
import static dev.celeris.engine.internal.h2.H2Error.FRAME_SIZE_ERROR;
import static dev.celeris.engine.internal.h2.H2Error.PROTOCOL_ERROR;
import static dev.celeris.engine.internal.h2.H2Exception.connectionError;
import static dev.celeris.engine.internal.h2.H2Exception.streamError;

import dev.celeris.engine.internal.h2.H2Exception;
import java.nio.ByteBuffer;

/**
 * Body parsers of the frames that need no state across frames: DATA, PRIORITY, RST_STREAM,
 * SETTINGS, PING, GOAWAY, WINDOW_UPDATE. HEADERS and CONTINUATION are in {@link HeaderBlockParser}.
 *
 * <p>Each method gets the complete payload as {@code payload}'s remaining bytes. Checks that
 * need only the frame header (stream id zero or not, fixed lengths that are connection errors)
 * were done by {@link FrameParser} before the payload was buffered; what is checked here needs
 * the payload, or is a stream error (which must consume the frame before it is thrown).
 * Views handed to the listener are {@code payload} itself with position and limit narrowed:
 * no copy and no allocation; the caller restores position and limit afterwards.
 */
final class FrameBodies {

    private FrameBodies() {
    }

    /** DATA, RFC 9113 §6.1. */
    static void data(FrameListener listener, int flags, int streamId, ByteBuffer payload) throws H2Exception {
        int length = payload.remaining();
        int start = payload.position();
        int padLength = 0;
        if ((flags & Frames.FLAG_PADDED) != 0) {
            // SPEC: RFC 9113 §4.2 a frame too small for its mandatory fields is a FRAME_SIZE_ERROR.
            if (length < 1) throw connectionError(FRAME_SIZE_ERROR, "DATA on stream %d is PADDED but empty", streamId);
            padLength = payload.get(start) & 0xff;
            // SPEC: RFC 9113 §6.1 padding that is the payload length or more is a PROTOCOL_ERROR.
            if (padLength >= length) {
                throw connectionError(PROTOCOL_ERROR, "DATA on stream %d: pad length %d >= payload length %d",
                        streamId, padLength, length);
            }
            start++;
        }
        payload.limit(payload.limit() - padLength).position(start);
        listener.onData(streamId, payload, length, (flags & Frames.FLAG_END_STREAM) != 0);
    }

    /**
     * PRIORITY, RFC 9113 §6.3. A wrong length or a self-dependency is a stream error, thrown
     * here after the whole frame was read, so parsing can go on with the next frame.
     */
    static void priority(FrameListener listener, int streamId, ByteBuffer payload) throws H2Exception {
        // SPEC: RFC 9113 §6.3 a length other than 5 is a stream error of type FRAME_SIZE_ERROR.
        if (payload.remaining() != Frames.PRIORITY_LENGTH) {
            throw streamError(streamId, FRAME_SIZE_ERROR, "PRIORITY on stream %d has length %d, not 5",
                    streamId, payload.remaining());
        }
        FrameListener.Priority priority = readPriority(payload, payload.position());
        // SPEC: RFC 9113 §5.3.1 a stream cannot depend on itself: stream error PROTOCOL_ERROR.
        if (priority.streamDependency() == streamId) {
            throw streamError(streamId, PROTOCOL_ERROR, "PRIORITY: stream %d depends on itself", streamId);
        }
        listener.onPriority(streamId, priority);
    }

    /** The 5 priority octets at {@code index}: E + stream dependency (31), weight - 1 (8). RFC 9113 §6.2/§6.3. */
    static FrameListener.Priority readPriority(ByteBuffer buffer, int index) {
        int word = buffer.getInt(index);
        return new FrameListener.Priority(word & 0x7fff_ffff, (buffer.get(index + 4) & 0xff) + 1, word < 0);
    }

    /** RST_STREAM, RFC 9113 §6.4 (length checked from the header). */
    static void rstStream(FrameListener listener, int streamId, ByteBuffer payload) throws H2Exception {
        listener.onRstStream(streamId, payload.getInt(payload.position()) & 0xffff_ffffL);
    }

    /** SETTINGS, RFC 9113 §6.5 (stream id, ACK length and length % 6 checked from the header). */
    static void settings(FrameListener listener, int flags, ByteBuffer payload) throws H2Exception {
        if ((flags & Frames.FLAG_ACK) != 0) {
            listener.onSettings(true, Settings.empty());
            return;
        }
        int start = payload.position();
        int count = payload.remaining() / Frames.SETTING_ENTRY_LENGTH;
        Settings settings = new Settings();
        for (int i = 0; i < count; i++) {
            int index = start + i * Frames.SETTING_ENTRY_LENGTH;
            int id = payload.getShort(index) & 0xffff;
            long value = payload.getInt(index + 2) & 0xffff_ffffL;
            checkSetting(id, value);
            // SPEC: RFC 9113 §6.5.2 unknown identifiers are ignored: kept for the listener to skip.
            settings.add(id, value);
        }
        listener.onSettings(false, settings);
    }

    /** SPEC: RFC 9113 §6.5.2 value ranges; RFC 8441 §3 and RFC 9218 §2.1 for the 0/1 extensions. */
    static void checkSetting(int id, long value) throws H2Exception {
        switch (id) {
            case Settings.ENABLE_PUSH, Settings.ENABLE_CONNECT_PROTOCOL, Settings.NO_RFC7540_PRIORITIES -> {
                if (value > 1) {
                    throw connectionError(PROTOCOL_ERROR, "SETTINGS %s must be 0 or 1, got %d", Settings.name(id), value);
                }
            }
            case Settings.INITIAL_WINDOW_SIZE -> {
                if (value > Frames.MAX_WINDOW_SIZE) {
                    throw connectionError(FLOW_CONTROL_ERROR, "SETTINGS INITIAL_WINDOW_SIZE %d exceeds 2^31-1", value);
                }
            }
            case Settings.MAX_FRAME_SIZE -> {
                if (value < Frames.DEFAULT_MAX_FRAME_SIZE || value > Frames.MAX_FRAME_SIZE_UPPER_BOUND) {
                    throw connectionError(PROTOCOL_ERROR, "SETTINGS MAX_FRAME_SIZE %d outside [16384, 16777215]", value);
                }
            }
            default -> {
            }
        }
    }

    /** PING, RFC 9113 §6.7 (stream id and length checked from the header). */
    static void ping(FrameListener listener, int flags, ByteBuffer payload) throws H2Exception {
        listener.onPing((flags & Frames.FLAG_ACK) != 0, payload.getLong(payload.position()));
    }

    /** GOAWAY, RFC 9113 §6.8: last stream id (reserved bit ignored), error code, debug data. */
    static void goAway(FrameListener listener, ByteBuffer payload) throws H2Exception {
        int start = payload.position();
        int lastStreamId = payload.getInt(start) & 0x7fff_ffff;
        long errorCode = payload.getInt(start + 4) & 0xffff_ffffL;
        payload.position(start + Frames.GOAWAY_MIN_LENGTH);
        listener.onGoAway(lastStreamId, errorCode, payload);
    }

    /** WINDOW_UPDATE, RFC 9113 §6.9: the reserved bit is ignored; a zero increment goes to the listener. */
    static void windowUpdate(FrameListener listener, int streamId, ByteBuffer payload) throws H2Exception {
        listener.onWindowUpdate(streamId, payload.getInt(payload.position()) & 0x7fff_ffff);
    }
}
