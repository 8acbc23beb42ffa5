package dev.celeris.compliance.client;

/**
 * HTTP/2 wire constants (RFC 9113 §6, §7, §11) and their names, for building frames and for the
 * one-line frame log. Kept separate from the engine on purpose: the suite must not share code
 * paths with the server it checks.
 */
public final class H2 {

    private H2() {
    }

    /** The client connection preface, RFC 9113 §3.4. */
    public static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public static final int FRAME_HEADER_LENGTH = 9;
    public static final int DEFAULT_MAX_FRAME_SIZE = 16_384;
    public static final int DEFAULT_WINDOW = 65_535;
    public static final int MAX_WINDOW = Integer.MAX_VALUE;

    // Frame types, RFC 9113 §6.
    public static final int DATA = 0x0;
    public static final int HEADERS = 0x1;
    public static final int PRIORITY = 0x2;
    public static final int RST_STREAM = 0x3;
    public static final int SETTINGS = 0x4;
    public static final int PUSH_PROMISE = 0x5;
    public static final int PING = 0x6;
    public static final int GOAWAY = 0x7;
    public static final int WINDOW_UPDATE = 0x8;
    public static final int CONTINUATION = 0x9;

    // Flags.
    public static final int FLAG_NONE = 0x0;
    public static final int FLAG_END_STREAM = 0x1;
    public static final int FLAG_ACK = 0x1;
    public static final int FLAG_END_HEADERS = 0x4;
    public static final int FLAG_PADDED = 0x8;
    public static final int FLAG_PRIORITY = 0x20;

    // Error codes, RFC 9113 §7.
    public static final int NO_ERROR = 0x0;
    public static final int PROTOCOL_ERROR = 0x1;
    public static final int INTERNAL_ERROR = 0x2;
    public static final int FLOW_CONTROL_ERROR = 0x3;
    public static final int SETTINGS_TIMEOUT = 0x4;
    public static final int STREAM_CLOSED = 0x5;
    public static final int FRAME_SIZE_ERROR = 0x6;
    public static final int REFUSED_STREAM = 0x7;
    public static final int CANCEL = 0x8;
    public static final int COMPRESSION_ERROR = 0x9;
    public static final int CONNECT_ERROR = 0xa;
    public static final int ENHANCE_YOUR_CALM = 0xb;
    public static final int INADEQUATE_SECURITY = 0xc;
    public static final int HTTP_1_1_REQUIRED = 0xd;

    // Settings identifiers, RFC 9113 §6.5.2.
    public static final int SETTINGS_HEADER_TABLE_SIZE = 0x1;
    public static final int SETTINGS_ENABLE_PUSH = 0x2;
    public static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
    public static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    public static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
    public static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;

    private static final String[] TYPE_NAMES = {"DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS",
        "PUSH_PROMISE", "PING", "GOAWAY", "WINDOW_UPDATE", "CONTINUATION"};
    private static final String[] ERROR_NAMES = {"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR",
        "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT", "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL",
        "COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"};

    public static String typeName(int type) {
        return type >= 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : String.format("UNKNOWN(0x%02x)", type);
    }

    public static String errorName(long code) {
        return code >= 0 && code < ERROR_NAMES.length ? ERROR_NAMES[(int) code] : String.format("0x%x", code);
    }

    /** Flag names as okhttp's frame logger prints them, e.g. {@code END_HEADERS|END_STREAM}. */
    public static String flagNames(int type, int flags) {
        if (flags == 0) return "";
        StringBuilder b = new StringBuilder();
        if (type == SETTINGS || type == PING) {
            append(b, flags, FLAG_ACK, "ACK");
        } else {
            if (type == DATA || type == HEADERS) append(b, flags, FLAG_END_STREAM, "END_STREAM");
            if (type == HEADERS || type == PUSH_PROMISE || type == CONTINUATION) append(b, flags, FLAG_END_HEADERS, "END_HEADERS");
            if (type == DATA || type == HEADERS || type == PUSH_PROMISE) append(b, flags, FLAG_PADDED, "PADDED");
            if (type == HEADERS) append(b, flags, FLAG_PRIORITY, "PRIORITY");
        }
        return b.isEmpty() ? String.format("0x%02x", flags) : b.toString();
    }

    private static void append(StringBuilder b, int flags, int flag, String name) {
        if ((flags & flag) != 0) {
            if (!b.isEmpty()) b.append('|');
            b.append(name);
        }
    }
}
