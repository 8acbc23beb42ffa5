package dev.celeris.engine.internal.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * WebSocket frame constants and encoding (RFC 6455 §5.2): opcodes, close codes, frame heads,
 * masking, close payloads.
 */
public final class WsFrames {

    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;

    public static final int CLOSE_NORMAL = 1000;
    public static final int CLOSE_GOING_AWAY = 1001;
    public static final int CLOSE_PROTOCOL_ERROR = 1002;
    public static final int CLOSE_UNSUPPORTED_DATA = 1003;
    /** Never sent: "no status code was present" (RFC 6455 §7.4.1). */
    public static final int CLOSE_NO_STATUS = 1005;
    /** Never sent: "closed abnormally, without a close frame". */
    public static final int CLOSE_ABNORMAL = 1006;
    public static final int CLOSE_INVALID_PAYLOAD = 1007;
    public static final int CLOSE_POLICY_VIOLATION = 1008;
    public static final int CLOSE_TOO_BIG = 1009;
    public static final int CLOSE_INTERNAL_ERROR = 1011;

    /** Largest control frame payload (RFC 6455 §5.5). */
    public static final int MAX_CONTROL_PAYLOAD = 125;
    /** Largest close reason in UTF-8 bytes: 125 minus the two-byte code. */
    public static final int MAX_CLOSE_REASON = 123;
    /** Largest frame head: 2 + 8 (64-bit length) + 4 (mask key). */
    public static final int MAX_HEAD = 14;

    private WsFrames() {
    }

    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    public static boolean isKnown(int opcode) {
        return opcode <= OP_BINARY || (opcode >= OP_CLOSE && opcode <= OP_PONG);
    }

    /** Whether {@code code} may appear in a close frame on the wire (RFC 6455 §7.4, IANA registry). */
    public static boolean isValidCloseCode(int code) {
        if (code >= 3000 && code <= 4999) return true;
        return code >= 1000 && code <= 1014 && code != 1004 && code != CLOSE_NO_STATUS && code != CLOSE_ABNORMAL;
    }

    /**
     * Writes a frame head into {@code out}.
     *
     * @param maskKey the masking key, used only when {@code masked} (clients mask, servers do not)
     */
    public static void writeHead(ByteBuffer out, int opcode, boolean fin, boolean rsv1, long length, boolean masked,
            int maskKey) {
        out.put((byte) ((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode));
        int maskBit = masked ? 0x80 : 0;
        if (length <= 125) {
            out.put((byte) (maskBit | length));
        } else if (length <= 0xFFFF) {
            out.put((byte) (maskBit | 126));
            out.putShort((short) length);
        } else {
            out.put((byte) (maskBit | 127));
            out.putLong(length);
        }
        if (masked) out.putInt(maskKey);
    }

    /** A frame head alone, in read mode. */
    public static ByteBuffer head(int opcode, boolean fin, boolean rsv1, long length) {
        ByteBuffer out = ByteBuffer.allocate(MAX_HEAD);
        writeHead(out, opcode, fin, rsv1, length, false, 0);
        return out.flip();
    }

    /** XORs {@code len} bytes at {@code off} with {@code maskKey}, as if they started at payload offset {@code pos}. */
    public static void mask(byte[] data, int off, int len, int maskKey, long pos) {
        for (int i = 0; i < len; i++) {
            int shift = (3 - (int) ((pos + i) & 3)) << 3;
            data[off + i] ^= (byte) (maskKey >>> shift);
        }
    }

    /** The payload of a close frame: the code, then the reason cut to {@value #MAX_CLOSE_REASON} bytes on a character boundary. */
    public static byte[] closePayload(int code, String reason) {
        if (code == CLOSE_NO_STATUS) return new byte[0];
        byte[] text = truncateUtf8(reason == null ? "" : reason, MAX_CLOSE_REASON);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return payload;
    }

    static byte[] truncateUtf8(String s, int max) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= max) return bytes;
        int end = max;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) end--; // do not cut a sequence
        byte[] cut = new byte[end];
        System.arraycopy(bytes, 0, cut, 0, end);
        return cut;
    }
}
