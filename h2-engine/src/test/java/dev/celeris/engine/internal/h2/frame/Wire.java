package dev.celeris.engine.internal.h2.frame;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Hand-built frame bytes (okhttp's Http2Test style): what the spec says is on the wire, not what our writer does. */
final class Wire {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Wire create() {
        return new Wire();
    }

    /** A frame whose length field matches its payload. */
    Wire frame(int type, int flags, int streamId, byte... payload) {
        return frame(payload.length, type, flags, streamId, payload);
    }

    /** A frame with an explicit length field (the payload written may differ, to build broken frames). */
    Wire frame(int length, int type, int flags, int streamId, byte... payload) {
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.write(type);
        out.write(flags);
        out.write(streamId >>> 24);
        out.write(streamId >>> 16);
        out.write(streamId >>> 8);
        out.write(streamId);
        out.writeBytes(payload);
        return this;
    }

    Wire preface() {
        out.writeBytes(Frames.preface());
        return this;
    }

    Wire raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    static byte[] repeat(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
