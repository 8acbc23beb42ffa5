package dev.celeris.engine.internal.h1;

import java.io.IOException;

/**
 * Thrown from the request body stream when the body breaks a rule or a limit (malformed chunked
 * coding: 400; above {@code maxRequestBodySize}: 413). If the handler lets it propagate before
 * committing, the response gets this status, and the connection is closed after it.
 */
public final class RequestBodyException extends IOException {

    private final int status;

    RequestBodyException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
