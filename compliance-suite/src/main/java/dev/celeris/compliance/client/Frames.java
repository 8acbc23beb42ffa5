package dev.celeris.compliance.client;

import java.nio.ByteBuffer;

/**
 * Builds frame bytes, well-formed or not: every method takes the raw field values and never
 * validates them, so a case can send exactly the malformed frame it needs (bad lengths, bad
 * flags, reserved bits, unknown types). RFC 9113 §4.1 layout:
 * {@code length(24) type(8) flags(8) R(1) stream(31) payload}.
 */
public final class Frames {

    private Frames() {
    }

    /** A frame whose length field is the payload's length. */
    public static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        return frame(payload.length, type, flags, streamId, payload);
    }

    /** A frame with an explicit (possibly lying) length field. {@code streamId} may carry the R bit. */
    public static byte[] frame(int length, int type, int flags, int streamId, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(H2.FRAME_HEADER_LENGTH + payload.length);
        b.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
        b.put((byte) type).put((byte) flags).putInt(streamId).put(payload);
        return b.array();
    }

    public static byte[] data(int streamId, int flags, byte[] data) {
        return frame(H2.DATA, flags, streamId, data);
    }

    /** DATA with the PADDED flag: pad length byte, data, then {@code padLength} zero bytes. */
    public static byte[] dataPadded(int streamId, int flags, byte[] data, int padLength) {
        byte[] p = new byte[1 + data.length + padLength];
        p[0] = (byte) padLength;
        System.arraycopy(data, 0, p, 1, data.length);
        return frame(H2.DATA, flags | H2.FLAG_PADDED, streamId, p);
    }

    public static byte[] headers(int streamId, int flags, byte[] block) {
        return frame(H2.HEADERS, flags, streamId, block);
    }

    /** HEADERS with the PADDED flag. */
    public static byte[] headersPadded(int streamId, int flags, byte[] block, int padLength) {
        byte[] p = new byte[1 + block.length + padLength];
        p[0] = (byte) padLength;
        System.arraycopy(block, 0, p, 1, block.length);
        return frame(H2.HEADERS, flags | H2.FLAG_PADDED, streamId, p);
    }

    /** HEADERS with the PRIORITY flag: E bit, dependency, weight (1–256), then the block. */
    public static byte[] headersWithPriority(int streamId, int flags, byte[] block, int dependency, boolean exclusive, int weight) {
        ByteBuffer p = ByteBuffer.allocate(5 + block.length);
        p.putInt(exclusive ? dependency | 0x8000_0000 : dependency).put((byte) (weight - 1)).put(block);
        return frame(H2.HEADERS, flags | H2.FLAG_PRIORITY, streamId, p.array());
    }

    public static byte[] continuation(int streamId, int flags, byte[] block) {
        return frame(H2.CONTINUATION, flags, streamId, block);
    }

    /** PRIORITY, RFC 9113 §6.3: E bit, dependency, weight (1–256). */
    public static byte[] priority(int streamId, int dependency, boolean exclusive, int weight) {
        ByteBuffer p = ByteBuffer.allocate(5);
        p.putInt(exclusive ? dependency | 0x8000_0000 : dependency).put((byte) (weight - 1));
        return frame(H2.PRIORITY, 0, streamId, p.array());
    }

    public static byte[] rstStream(int streamId, long errorCode) {
        return frame(H2.RST_STREAM, 0, streamId, ByteBuffer.allocate(4).putInt((int) errorCode).array());
    }

    /** SETTINGS with (id, value) pairs: {@code settings(H2.SETTINGS_INITIAL_WINDOW_SIZE, 1)}. */
    public static byte[] settings(long... idValuePairs) {
        ByteBuffer p = ByteBuffer.allocate(idValuePairs.length / 2 * 6);
        for (int i = 0; i + 1 < idValuePairs.length; i += 2) {
            p.putShort((short) idValuePairs[i]).putInt((int) idValuePairs[i + 1]);
        }
        return frame(H2.SETTINGS, 0, 0, p.array());
    }

    public static byte[] settingsAck() {
        return frame(H2.SETTINGS, H2.FLAG_ACK, 0, new byte[0]);
    }

    public static byte[] ping(int flags, byte[] opaque8) {
        return frame(H2.PING, flags, 0, opaque8);
    }

    public static byte[] goAway(int lastStreamId, long errorCode, byte[] debug) {
        ByteBuffer p = ByteBuffer.allocate(8 + debug.length);
        p.putInt(lastStreamId).putInt((int) errorCode).put(debug);
        return frame(H2.GOAWAY, 0, 0, p.array());
    }

    /** WINDOW_UPDATE; {@code increment} is written as given (the R bit included). */
    public static byte[] windowUpdate(int streamId, int increment) {
        return frame(H2.WINDOW_UPDATE, 0, streamId, ByteBuffer.allocate(4).putInt(increment).array());
    }

    /** PUSH_PROMISE as a client must never send it, RFC 9113 §8.4. */
    public static byte[] pushPromise(int streamId, int flags, int promisedStreamId, byte[] block) {
        ByteBuffer p = ByteBuffer.allocate(4 + block.length);
        p.putInt(promisedStreamId).put(block);
        return frame(H2.PUSH_PROMISE, flags, streamId, p.array());
    }

    /** Concatenates frames so they go out in one write (one TCP segment when small). */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) b.put(p);
        return b.array();
    }
}
