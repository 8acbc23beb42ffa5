package dev.celeris.engine.internal.h2;

/** HTTP/2 error codes, RFC 9113 §7. Unknown codes received from a peer are kept raw, not mapped. */
public enum H2Error {
    NO_ERROR(0x0),
    PROTOCOL_ERROR(0x1),
    INTERNAL_ERROR(0x2),
    FLOW_CONTROL_ERROR(0x3),
    SETTINGS_TIMEOUT(0x4),
    STREAM_CLOSED(0x5),
    FRAME_SIZE_ERROR(0x6),
    REFUSED_STREAM(0x7),
    CANCEL(0x8),
    COMPRESSION_ERROR(0x9),
    CONNECT_ERROR(0xa),
    ENHANCE_YOUR_CALM(0xb),
    INADEQUATE_SECURITY(0xc),
    HTTP_1_1_REQUIRED(0xd);

    private static final H2Error[] BY_CODE = values();

    private final int code;

    H2Error(int code) {
        this.code = code;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /** The enum for a wire value, or {@code null} for codes this version does not know. */
    public static H2Error of(long code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }

    /** A readable name for any wire value, e.g. {@code "PROTOCOL_ERROR"} or {@code "0x1f"}. */
    public static String name(long code) {
        H2Error e = of(code);
        return e != null ? e.name() : "0x" + Long.toHexString(code);
    }
}
