package dev.celeris.compliance.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket frame (RFC 6455 §5.2) as the raw client sends or reads it, and the encoder that
 * writes any frame, valid or not: reserved bits, reserved opcodes, unmasked, oversized.
 *
 * @param fin     the FIN bit
 * @param rsv     the RSV1-3 bits as a 3-bit number (RSV1 = 4, RSV2 = 2, RSV3 = 1)
 * @param opcode  the opcode, 0-15
 * @param masked  whether the MASK bit was set (a server's frames must not be masked)
 * @param payload the (unmasked) payload
 */
public record WsFrame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    public static final int RSV1 = 4;
    public static final int RSV2 = 2;
    public static final int RSV3 = 1;

    /** A masked frame as a client sends it. */
    public static WsFrame of(boolean fin, int rsv, int opcode, byte[] payload) {
        return new WsFrame(fin, rsv, opcode, true, payload);
    }

    public static WsFrame text(String s) {
        return of(true, 0, TEXT, utf8(s));
    }

    public static WsFrame binary(byte[] b) {
        return of(true, 0, BINARY, b);
    }

    public static WsFrame ping(byte[] b) {
        return of(true, 0, PING, b);
    }

    /** A close frame with {@code code} and {@code reason} (raw bytes, so they may be invalid UTF-8). */
    public static WsFrame close(int code, byte[] reason) {
        byte[] p = new byte[2 + reason.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(reason, 0, p, 2, reason.length);
        return of(true, 0, CLOSE, p);
    }

    /** This frame with the MASK bit cleared. */
    public WsFrame unmasked() {
        return new WsFrame(fin, rsv, opcode, false, payload);
    }

    /** The wire bytes: head with the shortest length encoding, masking key, masked payload. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 14);
        byte[] head = head(fin, rsv, opcode, masked, payload.length);
        byte[] key = new byte[4];
        if (masked) {
            ThreadLocalRandom.current().nextBytes(key);
            System.arraycopy(key, 0, head, head.length - 4, 4);
        }
        out.writeBytes(head);
        byte[] body = payload.clone();
        if (masked) for (int i = 0; i < body.length; i++) body[i] ^= key[i & 3];
        out.writeBytes(body);
        return out.toByteArray();
    }

    /**
     * A frame head announcing {@code length} payload bytes (7-bit up to 125, 16-bit up to 65535,
     * else 64-bit, whose high bit a negative {@code length} sets), followed by a zero masking
     * key when {@code masked}.
     */
    public static byte[] head(boolean fin, int rsv, int opcode, boolean masked, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(14);
        out.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | (opcode & 0x0F));
        int mask = masked ? 0x80 : 0;
        if (length >= 0 && length <= 125) {
            out.write(mask | (int) length);
        } else if (length >= 0 && length <= 0xFFFF) {
            out.write(mask | 126);
            out.write((int) (length >>> 8));
            out.write((int) length);
        } else {
            out.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) out.write((int) (length >>> shift));
        }
        if (masked) out.writeBytes(new byte[4]);
        return out.toByteArray();
    }

    /** The close code of a close frame, 1005 when it carries none. */
    public int closeCode() {
        return payload.length < 2 ? 1005 : (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String name = switch (opcode) {
            case CONTINUATION -> "CONTINUATION";
            case TEXT -> "TEXT";
            case BINARY -> "BINARY";
            case CLOSE -> "CLOSE";
            case PING -> "PING";
            case PONG -> "PONG";
            default -> "OPCODE_" + opcode;
        };
        StringBuilder b = new StringBuilder(name).append('[').append(payload.length).append(" bytes");
        if (!fin) b.append(", not FIN");
        if (rsv != 0) b.append(", RSV=").append(rsv);
        if (masked) b.append(", masked");
        if (opcode == CLOSE && payload.length >= 2) {
            b.append(", code ").append(closeCode());
            if (payload.length > 2) b.append(" \"").append(new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)).append('"');
        } else if (payload.length > 0 && payload.length <= 16) {
            b.append(", ").append(HexFormat.of().formatHex(payload));
        }
        return b.append(']').toString();
    }
}
