package dev.celeris.engine.internal.h2.frame;

import static dev.celeris.engine.internal.h2.H2Error.FRAME_SIZE_ERROR;
import static dev.celeris.engine.internal.h2.H2Error.PROTOCOL_ERROR;
import static dev.celeris.engine.internal.h2.H2Exception.connectionError;

import dev.celeris.engine.internal.h2.H2Exception;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A push parser of HTTP/2 frames, server side (RFC 9113 §4, §6): the bridge from byte chunks
 * arriving in any sizes to whole frames. {@link #parse} consumes a whole chunk; a frame split
 * at any byte over any number of chunks parses the same as one delivered whole.
 *
 * <p><b>Buffering.</b> A frame whose payload is entirely inside the chunk is handed to the
 * listener as a view of the chunk (its position and limit narrowed to the payload, restored
 * after the call): no copy, no allocation. A DATA frame that straddles chunks is not buffered
 * either: its data octets are delivered as they arrive, one {@code onData} per chunk (see
 * {@link FrameListener#onData}). Only other frames that straddle chunks are copied, into an
 * internal buffer grown up to the max frame size and kept for the connection.
 *
 * <p><b>What it checks</b> (syntax; the {@link FrameListener} checks semantics): the
 * connection preface when {@linkplain #expectPreface asked to}; frame size against the max
 * frame size; the stream-id-zero rules of every frame type; fixed payload lengths; padding;
 * SETTINGS value ranges; that a client does not send PUSH_PROMISE; CONTINUATION sequencing and
 * its flood limits ({@link HeaderBlockParser}). Unknown frame types go to
 * {@link FrameListener#onUnknownFrame}; unknown flags and the reserved bit are ignored.
 * PRIORITY self-dependency is checked here for PRIORITY frames; for HEADERS it is the
 * listener's job, after it decoded the block (HPACK state must stay in step).
 *
 * <p><b>Errors.</b> {@code parse} throws {@link H2Exception}, from its own checks or from the
 * listener. A <em>stream</em> error leaves the parser ready for the next frame and
 * {@code chunk} positioned just after the frame that caused it: the caller resets the stream
 * and calls {@code parse(chunk)} again to go on. A <em>connection</em> error (or any other
 * exception) is terminal: the parser drops the rest of the chunk and ignores all later input
 * (Netty's sticky {@code readError}).
 *
 * <p>Not thread-safe: owned by the connection's I/O thread.
 */
public final class FrameParser {

    private final FrameListener listener;
    /** Created by the first HEADERS or CONTINUATION frame (an idle connection has none). */
    private HeaderBlockParser headerBlock;
    private final int maxHeaderBlockBytes;
    private final int maxContinuationFrames;
    private final FrameLogger logger = FrameLogger.get();
    private int maxFrameSize;

    /** Preface bytes still expected; 0 once seen (or not expected). */
    private int prefaceRemaining;
    /** Set after the preface: the next frame must be a (non-ACK) SETTINGS, RFC 9113 §3.4. */
    private boolean expectSettings;
    private boolean failed;
    /** Whether frames are logged, checked once per {@code parse} call: cheap when off. */
    private boolean logging;

    // The frame being read.
    /** The first bytes of a header split across chunks, big-endian (no 9-byte array per connection). */
    private long partialHeader;
    private int headerFill;
    private boolean inPayload;
    /** A DATA frame straddling chunks is being delivered piece by piece (see {@link #readData}). */
    private boolean inData;
    private boolean needPadLength;
    private int dataRemaining;
    private int padRemaining;
    /** Flow-controlled octets (Pad Length, padding) consumed but not yet reported to the listener. */
    private int flowPending;
    private int length;
    private int type;
    private int flags;
    private int streamId;
    /** The payload part of a frame that straddles chunks, in write mode. */
    private ByteBuffer payload;

    /**
     * @param listener              receives the frames
     * @param maxFrameSize          the largest payload accepted (our SETTINGS_MAX_FRAME_SIZE),
     *                              16384..16777215; larger frames are a FRAME_SIZE_ERROR
     * @param maxHeaderBlockBytes   the largest header block (HEADERS + CONTINUATION payloads
     *                              without padding and priority) before ENHANCE_YOUR_CALM; set it
     *                              above the header list size, so an oversized list can still be
     *                              decoded and answered with 431 rather than dropped
     * @param maxContinuationFrames CONTINUATION frames under 1 KiB allowed in one block before
     *                              ENHANCE_YOUR_CALM
     */
    public FrameParser(FrameListener listener, int maxFrameSize, int maxHeaderBlockBytes, int maxContinuationFrames) {
        if (maxHeaderBlockBytes < 0 || maxContinuationFrames < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        this.listener = listener;
        this.maxHeaderBlockBytes = maxHeaderBlockBytes;
        this.maxContinuationFrames = maxContinuationFrames;
        setMaxFrameSize(maxFrameSize);
    }

    private HeaderBlockParser headerBlock() {
        if (headerBlock == null) headerBlock = new HeaderBlockParser(listener, maxHeaderBlockBytes, maxContinuationFrames);
        return headerBlock;
    }

    /**
     * Whether the input starts with the 24-byte client connection preface followed by a
     * SETTINGS frame (a server reading a client, RFC 9113 §3.4). Call before the first
     * {@code parse}. Default {@code false}.
     */
    public FrameParser expectPreface(boolean expect) {
        prefaceRemaining = expect ? Frames.PREFACE_LENGTH : 0;
        expectSettings = expect;
        return this;
    }

    /** The largest frame payload accepted from now on (after our SETTINGS were acknowledged). */
    public void setMaxFrameSize(int maxFrameSize) {
        if (maxFrameSize < Frames.DEFAULT_MAX_FRAME_SIZE || maxFrameSize > Frames.MAX_FRAME_SIZE_UPPER_BOUND) {
            throw new IllegalArgumentException("maxFrameSize must be in [16384, 16777215] (RFC 9113 §6.5.2): " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** Whether a connection error ended parsing; all input is ignored from then on. */
    public boolean isFailed() {
        return failed;
    }

    /**
     * Consumes all of {@code chunk} (see the class comment for errors), delivering every
     * complete frame to the listener and keeping a partial one for the next call.
     */
    public void parse(ByteBuffer chunk) throws H2Exception {
        if (failed) {
            chunk.position(chunk.limit());
            return;
        }
        logging = logger.isEnabled();
        // Multi-byte fields are read with the buffer's own getInt/getShort/getLong: network order.
        ByteOrder order = chunk.order();
        if (order != ByteOrder.BIG_ENDIAN) chunk.order(ByteOrder.BIG_ENDIAN);
        try {
            if (prefaceRemaining > 0) readPreface(chunk);
            while (chunk.hasRemaining()) {
                if (inData) {
                    readData(chunk);
                } else if (inPayload) {
                    readPayload(chunk);
                } else if (!readHeader(chunk)) {
                    return; // the chunk ended inside a frame header
                }
            }
        } catch (H2Exception e) {
            if (e.isConnectionError()) fail(chunk);
            throw e;
        } catch (RuntimeException | Error e) {
            fail(chunk);
            throw e;
        } finally {
            if (order != ByteOrder.BIG_ENDIAN) chunk.order(order);
        }
    }

    private void fail(ByteBuffer chunk) {
        failed = true;
        chunk.position(chunk.limit());
        payload = null;
    }

    /** SPEC: RFC 9113 §3.4 the client preface, compared as it arrives so a mismatch shows early. */
    private void readPreface(ByteBuffer chunk) throws H2Exception {
        while (prefaceRemaining > 0 && chunk.hasRemaining()) {
            int index = Frames.PREFACE_LENGTH - prefaceRemaining;
            if (chunk.get() != Frames.prefaceByte(index)) {
                throw connectionError(PROTOCOL_ERROR, "invalid connection preface (mismatch at byte %d)", index);
            }
            prefaceRemaining--;
        }
    }

    /**
     * Reads a frame header; if the whole payload is in {@code chunk} too, delivers the frame
     * from the chunk. Returns {@code false} when the chunk ended inside the header.
     */
    private boolean readHeader(ByteBuffer chunk) throws H2Exception {
        if (headerFill == 0 && chunk.remaining() >= Frames.HEADER_LENGTH) {
            int p = chunk.position();
            decodeHeader(chunk.getInt(p) >>> 8, chunk.get(p + 3), chunk.get(p + 4), chunk.getInt(p + 5));
            chunk.position(p + Frames.HEADER_LENGTH);
        } else {
            // Split: the first eight bytes gather in a long; the ninth completes the header.
            while (headerFill < Frames.HEADER_LENGTH - 1) {
                if (!chunk.hasRemaining()) return false;
                partialHeader = partialHeader << 8 | (chunk.get() & 0xff);
                headerFill++;
            }
            if (!chunk.hasRemaining()) return false;
            int last = chunk.get() & 0xff;
            long h = partialHeader;
            partialHeader = 0;
            headerFill = 0;
            decodeHeader((int) (h >>> 40) & 0xffffff, (byte) (h >>> 32), (byte) (h >>> 24),
                    (int) ((h & 0xffffff) << 8) | last);
        }
        checkHeader();
        if (length <= chunk.remaining()) {
            int start = chunk.position();
            int end = start + length;
            int limit = chunk.limit();
            chunk.limit(end);
            try {
                dispatch(chunk);
            } finally {
                chunk.limit(limit).position(end);
            }
            return true;
        }
        if (type == Frames.TYPE_DATA) {
            startData();
            return true;
        }
        inPayload = true;
        if (payload == null || payload.capacity() < length) {
            int capacity = payload == null ? Math.max(length, 1024) : Math.max(length, 2 * payload.capacity());
            payload = ByteBuffer.allocate(Math.min(capacity, maxFrameSize));
        }
        payload.clear();
        return true;
    }

    private void decodeHeader(int length, byte type, byte flags, int streamId) {
        this.length = length;
        this.type = type & 0xff;
        this.flags = flags & 0xff;
        this.streamId = streamId & 0x7fff_ffff; // SPEC: RFC 9113 §4.1 the reserved bit is ignored.
        if (logging) logger.inbound(this.streamId, length, this.type, this.flags);
    }

    /** Copies payload bytes; delivers the frame once complete. */
    private void readPayload(ByteBuffer chunk) throws H2Exception {
        int n = Math.min(length - payload.position(), chunk.remaining());
        payload.put(payload.position(), chunk, chunk.position(), n);
        payload.position(payload.position() + n);
        chunk.position(chunk.position() + n);
        if (payload.position() < length) return;
        inPayload = false;
        payload.flip();
        try {
            dispatch(payload);
        } finally {
            if (payload != null) payload.clear();
        }
    }

    /** A DATA frame whose payload is not all in the chunk: delivered as it arrives, never copied. */
    private void startData() {
        inData = true;
        needPadLength = (flags & Frames.FLAG_PADDED) != 0; // length >= 1 here: empty frames are always whole
        dataRemaining = needPadLength ? 0 : length;
        padRemaining = 0;
        flowPending = 0;
    }

    /**
     * Delivers the data octets of a straddling DATA frame that are in {@code chunk} as a view of
     * it (RFC 9113 §6.1): one {@code onData} per chunk that holds data octets, the last one with
     * END_STREAM if the frame has it. The Pad Length octet and padding count in the
     * {@code flowControlledLength} of the next call, so the calls of one frame add up to its length.
     */
    private void readData(ByteBuffer chunk) throws H2Exception {
        if (needPadLength) {
            int padLength = chunk.get() & 0xff;
            // SPEC: RFC 9113 §6.1 padding that is the payload length or more is a PROTOCOL_ERROR.
            if (padLength >= length) {
                throw connectionError(PROTOCOL_ERROR, "DATA on stream %d: pad length %d >= payload length %d",
                        streamId, padLength, length);
            }
            needPadLength = false;
            dataRemaining = length - 1 - padLength;
            padRemaining = padLength;
            flowPending = 1;
        }
        int start = chunk.position();
        int n = Math.min(dataRemaining, chunk.remaining());
        dataRemaining -= n;
        int dataEnd = start + n;
        int pad = dataRemaining > 0 ? 0 : Math.min(padRemaining, chunk.limit() - dataEnd);
        padRemaining -= pad;
        boolean done = dataRemaining == 0 && padRemaining == 0;
        int flow = flowPending + n + pad;
        if (n == 0 && !done) { // only padding (or the Pad Length octet) so far: report it with the next call
            flowPending = flow;
            chunk.position(dataEnd + pad);
            return;
        }
        flowPending = 0;
        if (done) inData = false;
        int limit = chunk.limit();
        chunk.limit(dataEnd).position(start);
        try {
            listener.onData(streamId, chunk, flow, done && (flags & Frames.FLAG_END_STREAM) != 0);
        } finally {
            chunk.limit(limit).position(dataEnd + pad);
        }
    }

    /** Checks that need only the frame header: connection errors, before any payload is buffered. */
    private void checkHeader() throws H2Exception {
        // SPEC: RFC 9113 §4.2 a frame larger than SETTINGS_MAX_FRAME_SIZE is a FRAME_SIZE_ERROR.
        if (length > maxFrameSize) {
            throw connectionError(FRAME_SIZE_ERROR, "%s frame of %d bytes exceeds max frame size %d",
                    Frames.typeName(type), length, maxFrameSize);
        }
        if (headerBlock != null && headerBlock.inProgress()) {
            // SPEC: RFC 9113 §6.2/§6.10 a field block must continue with CONTINUATION on its stream only.
            if (type != Frames.TYPE_CONTINUATION || streamId != headerBlock.streamId()) {
                throw connectionError(PROTOCOL_ERROR, "expected CONTINUATION for stream %d, got %s on stream %d",
                        headerBlock.streamId(), Frames.typeName(type), streamId);
            }
            headerBlock.checkContinuation(length);
            return;
        }
        if (expectSettings) {
            // SPEC: RFC 9113 §3.4 the preface is followed by a SETTINGS frame (not an ACK).
            if (type != Frames.TYPE_SETTINGS || (flags & Frames.FLAG_ACK) != 0) {
                throw connectionError(PROTOCOL_ERROR, "connection preface must be followed by SETTINGS, got %s",
                        Frames.typeName(type));
            }
            expectSettings = false;
        }
        switch (type) {
            case Frames.TYPE_DATA, Frames.TYPE_HEADERS, Frames.TYPE_PRIORITY -> requireStream();
            case Frames.TYPE_RST_STREAM -> {
                requireStream();
                requireLength(Frames.RST_STREAM_LENGTH); // SPEC: RFC 9113 §6.4
            }
            case Frames.TYPE_SETTINGS -> {
                requireConnection();
                // SPEC: RFC 9113 §6.5 an ACK with a payload, or a length not a multiple of 6, is a FRAME_SIZE_ERROR.
                if ((flags & Frames.FLAG_ACK) != 0 && length != 0) {
                    throw connectionError(FRAME_SIZE_ERROR, "SETTINGS ACK with a %d-byte payload", length);
                }
                if (length % Frames.SETTING_ENTRY_LENGTH != 0) {
                    throw connectionError(FRAME_SIZE_ERROR, "SETTINGS length %d is not a multiple of 6", length);
                }
            }
            // SPEC: RFC 9113 §8.4 a client cannot push: PUSH_PROMISE to a server is a PROTOCOL_ERROR.
            case Frames.TYPE_PUSH_PROMISE -> throw connectionError(PROTOCOL_ERROR, "PUSH_PROMISE received from a client");
            case Frames.TYPE_PING -> {
                requireConnection();
                requireLength(Frames.PING_LENGTH); // SPEC: RFC 9113 §6.7
            }
            case Frames.TYPE_GOAWAY -> {
                requireConnection();
                // SPEC: RFC 9113 §4.2 too small for the mandatory fields.
                if (length < Frames.GOAWAY_MIN_LENGTH) {
                    throw connectionError(FRAME_SIZE_ERROR, "GOAWAY length %d is less than 8", length);
                }
            }
            case Frames.TYPE_WINDOW_UPDATE -> requireLength(Frames.WINDOW_UPDATE_LENGTH); // SPEC: RFC 9113 §6.9
            // SPEC: RFC 9113 §6.10 a CONTINUATION not preceded by HEADERS without END_HEADERS.
            case Frames.TYPE_CONTINUATION -> throw connectionError(PROTOCOL_ERROR,
                    "CONTINUATION on stream %d without a header block in progress", streamId);
            default -> {
            }
        }
    }

    /** SPEC: RFC 9113 §6.1-§6.4, §6.10: these frames belong to a stream; on stream 0 a PROTOCOL_ERROR. */
    private void requireStream() throws H2Exception {
        if (streamId == 0) throw connectionError(PROTOCOL_ERROR, "%s frame on stream 0", Frames.typeName(type));
    }

    /** SPEC: RFC 9113 §6.5, §6.7, §6.8: connection frames on a stream are a PROTOCOL_ERROR. */
    private void requireConnection() throws H2Exception {
        if (streamId != 0) {
            throw connectionError(PROTOCOL_ERROR, "%s frame on stream %d, must be 0", Frames.typeName(type), streamId);
        }
    }

    private void requireLength(int expected) throws H2Exception {
        if (length != expected) {
            throw connectionError(FRAME_SIZE_ERROR, "%s length %d, must be %d", Frames.typeName(type), length, expected);
        }
    }

    /** Hands a complete frame, payload = {@code p}'s remaining bytes, to its body parser. */
    private void dispatch(ByteBuffer p) throws H2Exception {
        switch (type) {
            case Frames.TYPE_DATA -> FrameBodies.data(listener, flags, streamId, p);
            case Frames.TYPE_HEADERS -> headerBlock().headers(flags, streamId, p);
            case Frames.TYPE_PRIORITY -> FrameBodies.priority(listener, streamId, p);
            case Frames.TYPE_RST_STREAM -> FrameBodies.rstStream(listener, streamId, p);
            case Frames.TYPE_SETTINGS -> FrameBodies.settings(listener, flags, p);
            case Frames.TYPE_PING -> FrameBodies.ping(listener, flags, p);
            case Frames.TYPE_GOAWAY -> FrameBodies.goAway(listener, p);
            case Frames.TYPE_WINDOW_UPDATE -> FrameBodies.windowUpdate(listener, streamId, p);
            case Frames.TYPE_CONTINUATION -> headerBlock().continuation(flags, p);
            // SPEC: RFC 9113 §4.1/§5.5 frames of unknown type are ignored (the listener may look).
            default -> listener.onUnknownFrame(type, flags, streamId, p);
        }
    }
}
