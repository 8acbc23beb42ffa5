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

    private H2Exception(H2Error error, int streamId, String message) {
        super(message, null, false, false);
        this.error = error;
        this.streamId = streamId;
    }

    /** A connection error: GOAWAY with {@code error}, then close. */
    public static H2Exception connectionError(H2Error error, String format, Object... args) {
        return new H2Exception(error, 0, args.length == 0 ? format : String.format(format, args));
    }

    /**
     * A stream error on {@code streamId}: RST_STREAM with {@code error}. On stream 0 this is
     * escalated to a connection error, as a stream error cannot apply to the connection.
     */
    public static H2Exception streamError(int streamId, H2Error error, String format, Object... args) {
        return new H2Exception(error, streamId, args.length == 0 ? format : String.format(format, args));
    }

    public H2Error error() {
        return error;
    }

    /** The stream the error applies to; {@code 0} for a connection error. */
    public int streamId() {
        return streamId;
    }

    public boolean isConnectionError() {
        return streamId == 0;
    }

    @Override
    public String toString() {
        return (isConnectionError() ? "connection error " : "stream " + streamId + " error ") + error + ": " + getMessage();
    }
}
