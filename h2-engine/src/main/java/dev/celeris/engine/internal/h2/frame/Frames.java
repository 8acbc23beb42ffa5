package dev.celeris.engine.internal.h2.frame;

import java.nio.charset.StandardCharsets;

/**
 * HTTP/2 frame constants in one place (RFC 9113 §4 and §6): types, flags, sizes and the
 * client connection preface, plus the names the {@link FrameLogger} prints.
 */
public final class Frames {

    /** Every frame starts with a 9-octet header: length (24), type (8), flags (8), R + stream id (31). RFC 9113 §4.1. */
    public static final int HEADER_LENGTH = 9;

    /** SETTINGS_MAX_FRAME_SIZE initial value and lower bound, RFC 9113 §4.2 / §6.5.2. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16_384;
    /** SETTINGS_MAX_FRAME_SIZE upper bound (2^24-1), RFC 9113 §6.5.2. */
    public static final int MAX_FRAME_SIZE_UPPER_BOUND = 16_777_215;
    /** Largest flow-control window and WINDOW_UPDATE increment (2^31-1), RFC 9113 §6.9.1. */
    public static final int MAX_WINDOW_SIZE = Integer.MAX_VALUE;
    /** Initial flow-control window of every stream and of the connection, RFC 9113 §6.9.2. */
    public static final int DEFAULT_WINDOW_SIZE = 65_535;

    // Frame types, RFC 9113 §6.
    public static final int TYPE_DATA = 0x0;
    public static final int TYPE_HEADERS = 0x1;
    public static final int TYPE_PRIORITY = 0x2;
    public static final int TYPE_RST_STREAM = 0x3;
    public static final int TYPE_SETTINGS = 0x4;
    public static final int TYPE_PUSH_PROMISE = 0x5;
    public static final int TYPE_PING = 0x6;
    public static final int TYPE_GOAWAY = 0x7;
    public static final int TYPE_WINDOW_UPDATE = 0x8;
    public static final int TYPE_CONTINUATION = 0x9;

    // Flags. Their meaning depends on the frame type; unknown flags are ignored (RFC 9113 §4.1).
    public static final int FLAG_NONE = 0x0;
    /** DATA, HEADERS. */
    public static final int FLAG_END_STREAM = 0x1;
    /** SETTINGS, PING. */
    public static final int FLAG_ACK = 0x1;
    /** HEADERS, PUSH_PROMISE, CONTINUATION. */
    public static final int FLAG_END_HEADERS = 0x4;
    /** DATA, HEADERS, PUSH_PROMISE. */
    public static final int FLAG_PADDED = 0x8;
    /** HEADERS. */
    public static final int FLAG_PRIORITY = 0x20;

    /** Payload sizes fixed by the spec. */
    public static final int PING_LENGTH = 8;
    public static final int RST_STREAM_LENGTH = 4;
    public static final int PRIORITY_LENGTH = 5;
    public static final int WINDOW_UPDATE_LENGTH = 4;
    public static final int SETTING_ENTRY_LENGTH = 6;
    public static final int GOAWAY_MIN_LENGTH = 8;

    /** The client connection preface, RFC 9113 §3.4: {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}. */
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    public static final int PREFACE_LENGTH = 24;

    private static final String[] TYPE_NAMES = {
        "DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS", "PUSH_PROMISE", "PING", "GOAWAY",
        "WINDOW_UPDATE", "CONTINUATION",
    };

    private Frames() {
    }

    /** Byte {@code index} of the client connection preface. */
    public static byte prefaceByte(int index) {
        return PREFACE[index];
    }

    /** A copy of the client connection preface. */
    public static byte[] preface() {
        return PREFACE.clone();
    }

    /** {@code "HEADERS"} for a known type, {@code "0x0b"} for an unknown one. */
    public static String typeName(int type) {
        return type >= 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : String.format("0x%02x", type);
    }

    /**
     * The flags a frame of {@code type} carries, by name, e.g. {@code "END_HEADERS|END_STREAM"};
     * empty for none. Bits that mean nothing for the type are shown in hex.
     */
    public static String flagNames(int type, int flags) {
        if (flags == 0) return "";
        StringBuilder sb = new StringBuilder(24);
        int known = 0;
        switch (type) {
            case TYPE_SETTINGS, TYPE_PING -> known = append(sb, flags, FLAG_ACK, "ACK", known);
            case TYPE_DATA -> {
                known = append(sb, flags, FLAG_END_STREAM, "END_STREAM", known);
                known = append(sb, flags, FLAG_PADDED, "PADDED", known);
            }
            case TYPE_HEADERS -> {
                known = append(sb, flags, FLAG_END_HEADERS, "END_HEADERS", known);
                known = append(sb, flags, FLAG_END_STREAM, "END_STREAM", known);
                known = append(sb, flags, FLAG_PADDED, "PADDED", known);
                known = append(sb, flags, FLAG_PRIORITY, "PRIORITY", known);
            }
            case TYPE_PUSH_PROMISE -> {
                known = append(sb, flags, FLAG_END_HEADERS, "END_HEADERS", known);
                known = append(sb, flags, FLAG_PADDED, "PADDED", known);
            }
            case TYPE_CONTINUATION -> known = append(sb, flags, FLAG_END_HEADERS, "END_HEADERS", known);
            default -> {
            }
        }
        int unknown = flags & ~known;
        if (unknown != 0) {
            if (!sb.isEmpty()) sb.append('|');
            sb.append(String.format("0x%02x", unknown));
        }
        return sb.toString();
    }

    private static int append(StringBuilder sb, int flags, int flag, String name, int known) {
        if ((flags & flag) == 0) return known;
        if (!sb.isEmpty()) sb.append('|');
        sb.append(name);
        return known | flag;
    }

    /**
     * One log line for a frame, okhttp's format:
     * {@code << 0x00000003    12 HEADERS       END_HEADERS|END_STREAM}.
     */
    public static String format(boolean inbound, int streamId, int length, int type, int flags) {
        return String.format("%s 0x%08x %5d %-13s %s", inbound ? "<<" : ">>", streamId, length, typeName(type),
                flagNames(type, flags)).stripTrailing();
    }
}
