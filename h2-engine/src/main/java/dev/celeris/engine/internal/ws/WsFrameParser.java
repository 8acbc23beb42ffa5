package dev.celeris.engine.internal.ws;

import java.nio.ByteBuffer;

/**
 * A push parser of WebSocket frames (RFC 6455 §5): {@link #parse} consumes a whole chunk of
 * any size; a frame split at any byte over any number of chunks parses the same as one
 * delivered whole. Transport- and protocol-agnostic: the bytes may come from an upgraded
 * HTTP/1.1 connection or from the DATA frames of an HTTP/2 stream (RFC 8441).
 *
 * <p>Data frame payloads stream through: each chunk's part of a frame is unmasked into a small
 * scratch array and handed to {@link Listener#onDataPayload}, so a large frame is never
 * buffered here. Control frames (at most 125 bytes) are collected and delivered whole, and may
 * arrive between the fragments of a message.
 *
 * <p>What it checks: masking (a server requires masked frames, a client unmasked ones);
 * reserved bits (RSV1 only on the first frame of a data message, and only when an extension
 * such as permessage-deflate was negotiated); known opcodes; control frames unfragmented and
 * at most 125 bytes; the 64-bit length's high bit; fragment sequencing (a continuation needs a
 * message in progress, a new data frame needs none); the max frame size (1009). Errors are
 * {@link WsException}s with the close code; after one the parser ignores all later input.
 *
 * <p>Not thread-safe.
 */
public final class WsFrameParser {

    /** Receives frames. Buffers are valid only during the call. */
    public interface Listener {
        /** A text, binary or continuation frame begins; {@code rsv1} marks a compressed message's first frame. */
        void onDataFrameStart(int opcode, boolean fin, boolean rsv1, long length) throws WsException;

        /** Unmasked payload bytes of the current data frame, in order; may be called many times per frame. */
        void onDataPayload(ByteBuffer data) throws WsException;

        /** The current data frame is complete. */
        void onDataFrameEnd(boolean fin) throws WsException;

        /** A whole control frame (close, ping, pong), unmasked. */
        void onControlFrame(int opcode, ByteBuffer payload) throws WsException;
    }

    private static final int SCRATCH = 8192;

    private final Listener listener;
    private final boolean server;
    private long maxFrameSize;
    private boolean allowRsv1;

    private final byte[] head = new byte[WsFrames.MAX_HEAD];
    private int headFill;
    private int headNeed = 2;
    private boolean inPayload;
    private int opcode;
    private boolean fin;
    private boolean masked;
    private int maskKey;
    private long length;
    private long payloadPos;
    private boolean messageInProgress;
    private boolean failed;
    private byte[] scratch;
    private final byte[] control = new byte[WsFrames.MAX_CONTROL_PAYLOAD];

    /**
     * @param server       true to parse a client's frames (which must be masked)
     * @param maxFrameSize largest payload accepted; a larger frame fails with 1009
     */
    public WsFrameParser(Listener listener, boolean server, long maxFrameSize) {
        this.listener = listener;
        this.server = server;
        this.maxFrameSize = maxFrameSize;
    }

    /** Whether RSV1 (permessage-deflate's "compressed" bit) may be set; false until negotiated. */
    public WsFrameParser allowRsv1(boolean allow) {
        this.allowRsv1 = allow;
        return this;
    }

    public boolean isFailed() {
        return failed;
    }

    /** Whether a fragmented data message has started and not finished. */
    public boolean isMessageInProgress() {
        return messageInProgress;
    }

    /** Consumes all of {@code chunk}. */
    public void parse(ByteBuffer chunk) throws WsException {
        if (failed) {
            chunk.position(chunk.limit());
            return;
        }
        try {
            while (chunk.hasRemaining()) {
                if (!inPayload) {
                    if (!readHead(chunk)) return;
                    if (length == 0) endFrame();
                } else {
                    readPayload(chunk);
                }
            }
        } catch (WsException | RuntimeException e) {
            failed = true;
            chunk.position(chunk.limit());
            throw e;
        }
    }

    /** Accumulates the frame head; true once it is complete and validated. */
    private boolean readHead(ByteBuffer chunk) throws WsException {
        while (headFill < headNeed) {
            if (!chunk.hasRemaining()) return false;
            head[headFill++] = chunk.get();
            if (headFill == 2) {
                int len7 = head[1] & 0x7F;
                headNeed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((head[1] & 0x80) != 0 ? 4 : 0);
                checkFirstBytes();
            }
        }
        decodeLength();
        headFill = 0;
        headNeed = 2;
        inPayload = true;
        payloadPos = 0;
        if (WsFrames.isControl(opcode)) {
            if (length > WsFrames.MAX_CONTROL_PAYLOAD) throw WsException.protocol("control frame payload over 125 bytes");
        } else {
            if (length > maxFrameSize) {
                throw new WsException(WsFrames.CLOSE_TOO_BIG, "frame of " + length + " bytes over the limit of " + maxFrameSize);
            }
            listener.onDataFrameStart(opcode, fin, (head[0] & 0x40) != 0, length);
        }
        return true;
    }

    private void checkFirstBytes() throws WsException {
        int b0 = head[0] & 0xFF;
        fin = (b0 & 0x80) != 0;
        opcode = b0 & 0x0F;
        masked = (head[1] & 0x80) != 0;
        boolean rsv1 = (b0 & 0x40) != 0;
        if ((b0 & 0x30) != 0) throw WsException.protocol("reserved bits RSV2/RSV3 set without an extension");
        if (!WsFrames.isKnown(opcode)) throw WsException.protocol("unknown opcode " + opcode);
        // SPEC: RFC 6455 §5.1 a server closes on an unmasked client frame; a client on a masked server frame.
        if (masked != server) throw WsException.protocol(server ? "client frame not masked" : "server frame masked");
        if (WsFrames.isControl(opcode)) {
            if (!fin) throw WsException.protocol("fragmented control frame");
            if (rsv1) throw WsException.protocol("RSV1 set on a control frame");
        } else if (opcode == WsFrames.OP_CONTINUATION) {
            if (!messageInProgress) throw WsException.protocol("continuation frame without a message in progress");
            if (rsv1) throw WsException.protocol("RSV1 set on a continuation frame");
        } else {
            if (messageInProgress) throw WsException.protocol("new data frame while a fragmented message is in progress");
            if (rsv1 && !allowRsv1) throw WsException.protocol("RSV1 set without a negotiated extension");
        }
    }

    private void decodeLength() throws WsException {
        int len7 = head[1] & 0x7F;
        int p = 2;
        if (len7 == 126) {
            length = ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
            p = 4;
        } else if (len7 == 127) {
            long v = 0;
            for (int i = 2; i < 10; i++) v = (v << 8) | (head[i] & 0xFF);
            if (v < 0) throw WsException.protocol("64-bit payload length with the most significant bit set");
            length = v;
            p = 10;
        } else {
            length = len7;
        }
        if (masked) {
            maskKey = ((head[p] & 0xFF) << 24) | ((head[p + 1] & 0xFF) << 16) | ((head[p + 2] & 0xFF) << 8)
                    | (head[p + 3] & 0xFF);
        }
    }

    private void readPayload(ByteBuffer chunk) throws WsException {
        int n = (int) Math.min(chunk.remaining(), length - payloadPos);
        if (WsFrames.isControl(opcode)) {
            chunk.get(control, (int) payloadPos, n);
            if (masked) WsFrames.mask(control, (int) payloadPos, n, maskKey, payloadPos);
            payloadPos += n;
        } else if (masked) {
            if (scratch == null) scratch = new byte[SCRATCH];
            while (n > 0) {
                int part = Math.min(n, SCRATCH);
                chunk.get(scratch, 0, part);
                WsFrames.mask(scratch, 0, part, maskKey, payloadPos);
                payloadPos += part;
                n -= part;
                listener.onDataPayload(ByteBuffer.wrap(scratch, 0, part));
            }
        } else {
            ByteBuffer view = chunk.slice(chunk.position(), n);
            chunk.position(chunk.position() + n);
            payloadPos += n;
            listener.onDataPayload(view);
        }
        if (payloadPos == length) endFrame();
    }

    private void endFrame() throws WsException {
        inPayload = false;
        if (WsFrames.isControl(opcode)) {
            listener.onControlFrame(opcode, ByteBuffer.wrap(control, 0, (int) length));
            return;
        }
        messageInProgress = !fin;
        listener.onDataFrameEnd(fin);
    }
}
