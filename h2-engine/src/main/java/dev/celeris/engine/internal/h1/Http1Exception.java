package dev.celeris.engine.internal.h1;

/**
 * A request the server refuses, with the status to answer before closing the connection
 * (400, 413, 414, 431, 501, 505). Stack traces are not filled: these are expected control flow
 * on hostile input.
 */
public final class Http1Exception extends Exception {

    private final int status;
    private final String limit;

    public Http1Exception(int status, String message) {
        this(status, null, message);
    }

    /** A refusal because a configured limit was exceeded; {@code limit} names the option. */
    public Http1Exception(int status, String limit, String message) {
        super(message, null, false, false);
        this.status = status;
        this.limit = limit;
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
