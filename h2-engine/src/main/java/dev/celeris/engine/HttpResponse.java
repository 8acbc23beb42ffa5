package dev.celeris.engine;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The response to one request. Used from the handler's thread only.
 *
 * <p>Either {@link #send} a complete body at once (headers and body leave together, with
 * {@code content-length}), or stream with {@link #body()}: the first write, flush or close
 * commits the status and headers; {@code close()} ends the response, sending {@link #trailers()}
 * if any were set. Streamed writes block while the peer's flow-control window (or the
 * transport's write queue) is full.
 */
public interface HttpResponse {

    /** Sets the status (default 200). Ignored with an {@link IllegalStateException} once committed. */
    HttpResponse status(int status);

    int status();

    /** Response headers; mutable until committed. Names are stored in lower case. */
    Headers headers();

    /** Sets (replaces) a header. */
    default HttpResponse header(String name, String value) {
        headers().set(name, value);
        return this;
    }

    /** Trailers sent after a streamed body; mutable until the response ends. */
    Headers trailers();

    /** Whether any trailer is set; unlike {@code !trailers().isEmpty()} it creates no trailer map. */
    default boolean hasTrailers() {
        return !trailers().isEmpty();
    }

    /** Sends an interim (1xx) response, e.g. 103 Early Hints, before the final one. */
    void sendInterim(int status, Headers headers);

    /** Sends the headers and {@code body} and ends the response. */
    void send(ByteBuffer body);

    default void send(byte[] body) {
        send(ByteBuffer.wrap(body));
    }

    default void send(String body) {
        send(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Ends the response with no body (or no further body after a streamed one). */
    void end();

    /** A stream for the body; flush sends what is buffered, close ends the response. */
    OutputStream body();

    /** Whether the status and headers have been sent. */
    boolean isCommitted();

    /** Whether the response has ended (or the stream was reset). */
    boolean isDone();
}
