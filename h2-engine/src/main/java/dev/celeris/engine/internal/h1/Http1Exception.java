package dev.celeris.engine.internal.h1;

/**
 * A request the server refuses, with the status to answer before closing the connection
 * (400, 413, 414, 431, 501, 505). Stack traces are not filled: these are expected control flow
 * on hostile input.
 */
public final class Http1Exception extends Exception {

    private final int status;
    private final String limit;
    private final boolean notHttp;

    public Http1Exception(int status, String message) {
        this(status, null, message);
    }

    /** A refusal because a configured limit was exceeded; {@code limit} names the option. */
    public Http1Exception(int status, String limit, String message) {
        this(status, limit, message, false);
    }

    private Http1Exception(int status, String limit, String message, boolean notHttp) {
        super(message, null, false, false);
        this.status = status;
        this.limit = limit;
        this.notHttp = notHttp;
    }

    /** The bytes are not an HTTP/1.x request line at all (400 if answered, but better just closed). */
    static Http1Exception notHttp(String message) {
        return new Http1Exception(400, null, message, true);
    }

    /** Whether the input is not HTTP/1.x at all (rather than a bad HTTP/1.x request). */
    public boolean notHttp() {
        return notHttp;
    }

    /** The configuration option whose limit the request exceeded, or {@code null}. */
    public String limit() {
        return limit;
    }

    /** The response status. */
    public int status() {
        return status;
    }

    @Override
    public String toString() {
        return status + " " + getMessage();
    }
}
