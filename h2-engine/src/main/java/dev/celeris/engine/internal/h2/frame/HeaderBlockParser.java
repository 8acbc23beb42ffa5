package dev.celeris.engine.internal.h2.frame;

import static dev.celeris.engine.internal.h2.H2Error.FRAME_SIZE_ERROR;
import static dev.celeris.engine.internal.h2.H2Error.PROTOCOL_ERROR;
import static dev.celeris.engine.internal.h2.H2Exception.connectionError;

import dev.celeris.engine.internal.h2.H2Exception;
import java.nio.ByteBuffer;

/**
 * HEADERS and CONTINUATION bodies (RFC 9113 §6.2, §6.10): strips padding and priority fields
 * and assembles a header block split over CONTINUATION frames, so the listener gets one
 * complete block per HEADERS. A block in one frame is passed as a view of the frame (no copy);
 * a split block is copied into one buffer, kept across frames and bounded.
 *
 * <p>Flood limits (CVE-2024-27316 family; docs/http2-connection.md, "Limits"): a block larger than
 * {@code maxHeaderBlockBytes}, or more than {@code maxContinuationFrames} CONTINUATION frames
 * smaller than {@value #SMALL_CONTINUATION} bytes in one block (empty ones count), is a
 * connection error ENHANCE_YOUR_CALM. Both are checked from the frame header, before the
 * payload is buffered.
 */
final class HeaderBlockParser {

    /** CONTINUATION frames below this size count against {@code maxContinuationFrames}. */
    static final int SMALL_CONTINUATION = 1024;
    /** A kept block buffer above this capacity is released once its block is delivered. */
    private static final int RETAINED_CAPACITY = 4096;

    private final FrameListener listener;
    private final int maxHeaderBlockBytes;
    private final int maxContinuationFrames;

    /** The stream of the block being assembled; 0 when none is. */
    private int streamId;
    private boolean endStream;
    private FrameListener.Priority priority;
    private int smallContinuations;
    /** Fragments so far, in write mode; allocated on the first split block. */
    private ByteBuffer block;

    HeaderBlockParser(FrameListener listener, int maxHeaderBlockBytes, int maxContinuationFrames) {
        this.listener = listener;
        this.maxHeaderBlockBytes = maxHeaderBlockBytes;
        this.maxContinuationFrames = maxContinuationFrames;
    }

    /** Whether a HEADERS without END_HEADERS awaits its CONTINUATION frames. */
    boolean inProgress() {
        return streamId != 0;
    }

    /** The stream of the block in progress, 0 if none. */
    int streamId() {
        return streamId;
    }

    /** Flood checks for a CONTINUATION of {@code length} bytes, from its frame header. */
    void checkContinuation(int length) throws H2Exception {
        long total = (long) block.position() + length;
        if (total > maxHeaderBlockBytes) {
            throw H2Exception.limitExceeded("maxHeaderListSize", "header block on stream %d exceeds %d bytes", streamId,
                    maxHeaderBlockBytes);
        }
        if (length < SMALL_CONTINUATION && ++smallContinuations > maxContinuationFrames) {
            throw H2Exception.limitExceeded("maxContinuationFrames", "header block on stream %d has more than %d small CONTINUATION frames",
                    streamId, maxContinuationFrames);
        }
    }

    /** HEADERS, RFC 9113 §6.2. */
    void headers(int flags, int streamId, ByteBuffer payload) throws H2Exception {
        int length = payload.remaining();
        int start = payload.position();
        int offset = 0;
        int padLength = 0;
        if ((flags & Frames.FLAG_PADDED) != 0) {
            // SPEC: RFC 9113 §4.2 a frame too small for its mandatory fields; connection error as it carries a field block.
            if (length < 1) throw connectionError(FRAME_SIZE_ERROR, "HEADERS on stream %d is PADDED but empty", streamId);
            padLength = payload.get(start) & 0xff;
            offset = 1;
        }
        FrameListener.Priority priority = null;
        if ((flags & Frames.FLAG_PRIORITY) != 0) {
            if (length < offset + Frames.PRIORITY_LENGTH) {
                throw connectionError(FRAME_SIZE_ERROR, "HEADERS on stream %d has the PRIORITY flag but %d bytes",
                        streamId, length);
            }
            // The self-dependency check (RFC 9113 §5.3.1) is the listener's: it must decode the
            // block first to keep HPACK state in step, then reset the stream.
            priority = FrameBodies.readPriority(payload, start + offset);
            offset += Frames.PRIORITY_LENGTH;
        }
        int fragmentLength = length - offset - padLength;
        // SPEC: RFC 9113 §6.2 padding that leaves no room for the fields before it is a PROTOCOL_ERROR.
        if (fragmentLength < 0) {
            throw connectionError(PROTOCOL_ERROR, "HEADERS on stream %d: pad length %d too large for payload length %d",
                    streamId, padLength, length);
        }
        if (fragmentLength > maxHeaderBlockBytes) {
            throw H2Exception.limitExceeded("maxHeaderListSize", "header block on stream %d exceeds %d bytes", streamId,
                    maxHeaderBlockBytes);
        }
        payload.limit(start + offset + fragmentLength).position(start + offset);
        boolean endStream = (flags & Frames.FLAG_END_STREAM) != 0;
        if ((flags & Frames.FLAG_END_HEADERS) != 0) {
            listener.onHeaders(streamId, payload, endStream, priority);
            return;
        }
        this.streamId = streamId;
        this.endStream = endStream;
        this.priority = priority;
        this.smallContinuations = 0;
        if (block == null || block.capacity() < fragmentLength) {
            block = ByteBuffer.allocate(Math.min(maxHeaderBlockBytes, Math.max(2 * fragmentLength, 1024)));
        }
        block.clear().put(payload);
    }

    /** CONTINUATION, RFC 9113 §6.10 (sequencing and floods were checked from the header). */
    void continuation(int flags, ByteBuffer payload) throws H2Exception {
        if (block.remaining() < payload.remaining()) {
            int needed = block.position() + payload.remaining();
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(maxHeaderBlockBytes, Math.max(needed, 2 * block.capacity())));
            block = bigger.put(block.flip());
        }
        block.put(payload);
        if ((flags & Frames.FLAG_END_HEADERS) == 0) return;
        int id = streamId;
        streamId = 0;
        FrameListener.Priority p = priority;
        priority = null;
        block.flip();
        try {
            listener.onHeaders(id, block, endStream, p);
        } finally {
            if (block.capacity() > RETAINED_CAPACITY) {
                block = null;
            } else {
                block.clear();
            }
        }
    }
}
