package dev.celeris.engine.internal.h2;

/**
 * A protocol error with its scope: connection errors end the connection with GOAWAY, stream
 * errors reset one stream with RST_STREAM (RFC 9113 §5.4). Converted to frames in one place,
 * the connection's error handler. Stack traces are not filled: these are expected control flow
 * on hostile input.
 */
public final class H2Exception extends Exception {

    private final H2Error error;
    private final int streamId;
    private final String limit;
    private final boolean badBody;

    private H2Exception(H2Error error, int streamId, String limit, String message) {
        this(error, streamId, limit, message, false);
    }

    private H2Exception(H2Error error, int streamId, String limit, String message, boolean badBody) {
        super(message, null, false, false);
        this.error = error;
        this.streamId = streamId;
        this.limit = limit;
        this.badBody = badBody;
    }

    /** A connection error: GOAWAY with {@code error}, then close. */
    public static H2Exception connectionError(H2Error error, String format, Object... args) {
        return new H2Exception(error, 0, null, args.length == 0 ? format : String.format(format, args));
    }

    /**
     * A flood limit tripped: a connection error ENHANCE_YOUR_CALM naming the limit, {@code limit}
     * being the {@link dev.celeris.engine.Http2Config} option that sets it.
     */
    public static H2Exception limitExceeded(String limit, String format, Object... args) {
        return new H2Exception(H2Error.ENHANCE_YOUR_CALM, 0, limit, String.format(format, args));
    }

    /**
     * A stream error on {@code streamId}: RST_STREAM with {@code error}. On stream 0 this is
     * escalated to a connection error, as a stream error cannot apply to the connection.
     */
    public static H2Exception streamError(int streamId, H2Error error, String format, Object... args) {
        return new H2Exception(error, streamId, null, args.length == 0 ? format : String.format(format, args));
    }

    /** A stream error because the request body broke its framing (length, size limit): counted as a bad body. */
    public static H2Exception badBody(int streamId, H2Error error, String format, Object... args) {
        return new H2Exception(error, streamId, null, String.format(format, args), true);
    }

    /** Whether the request body broke its framing (see {@link #badBody}). */
    public boolean isBadBody() {
        return badBody;
    }

    public H2Error error() {
        return error;
    }

    /** The stream the error applies to; {@code 0} for a connection error. */
    public int streamId() {
        return streamId;
    }

    /** The name of the flood limit that tripped, or {@code null} for other errors. */
    public String limit() {
        return limit;
    }

    public boolean isConnectionError() {
        return streamId == 0;
    }

    @Override
    public String toString() {
        return (isConnectionError() ? "connection error " : "stream " + streamId + " error ") + error + ": " + getMessage();
    }
}
