package dev.celeris.engine;

import java.io.IOException;

/**
 * The request body or the response failed because of the client, not the application: it reset
 * the stream or closed the connection, stopped reading or sending past the engine's deadlines,
 * or sent a body that breaks a rule or a limit. Thrown by {@link HttpRequest#body()} reads and
 * {@link HttpResponse#body()} writes.
 *
 * <p>This is an expected outcome on the open internet: log it at DEBUG, count it, and never
 * answer it with a 500. {@link #status()} says how to answer when an answer is still possible
 * (400 malformed body, 408 body too slow, 413 body too large), or 0 when the client is gone.
 * Letting it propagate out of a handler is fine: the engine answers (or not) accordingly.
 */
public class ClientException extends IOException {

    private final int status;

    public ClientException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The status that answers the failure (400, 408, 413), or 0 when no answer can reach the client. */
    public int status() {
        return status;
    }

    /** The first {@code ClientException} in {@code t}'s cause chain, or null. */
    public static ClientException in(Throwable t) {
        for (int depth = 0; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof ClientException c) return c;
        }
        return null;
    }
}
