package dev.celeris.router;

import dev.celeris.engine.Headers;

/**
 * An error with an HTTP status that handlers throw to answer with that status. The router's
 * error handler renders {@link #getMessage()} as JSON ({@code {"error":..., "status":...}}) when
 * the client's {@code Accept} prefers JSON, as plain text otherwise, and adds {@link #headers()}.
 *
 * <pre>{@code
 * throw new HttpException(404, "no user " + id);
 * throw new HttpException(401, "token required").header("www-authenticate", "Bearer");
 * }</pre>
 */
public class HttpException extends RuntimeException {

    private final int status;
    private final Headers headers = new Headers(2);

    public HttpException(int status, String message) {
        this(status, message, null);
    }

    public HttpException(int status, String message, Throwable cause) {
        super(message == null ? Status.reason(status) : message, cause);
        if (status < 400 || status > 599) throw new IllegalArgumentException("HttpException status must be 4xx or 5xx: " + status);
        this.status = status;
    }

    public static HttpException badRequest(String message) {
        return new HttpException(400, message);
    }

    public static HttpException notFound(String message) {
        return new HttpException(404, message);
    }

    public int status() {
        return status;
    }

    /** Adds a header to the error response (e.g. {@code Retry-After}, {@code WWW-Authenticate}). */
    public HttpException header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** Headers added to the error response. */
    public Headers headers() {
        return headers;
    }
}
