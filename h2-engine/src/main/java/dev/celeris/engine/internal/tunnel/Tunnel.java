package dev.celeris.engine.internal.tunnel;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A two-way byte stream that an exchange turned into once its response was committed: the rest
 * of an HTTP/1.1 connection after {@code 101 Switching Protocols}, or an HTTP/2 stream opened by
 * an extended CONNECT (RFC 8441) whose DATA frames carry the bytes under flow control.
 *
 * <p>{@link #input()} blocks until bytes arrive and returns -1 when the peer ended its side;
 * {@link #output()} writes block while too much is queued (transport back-pressure or the
 * peer's HTTP/2 window); {@code flush()} sends, {@code close()} ends our side (FIN, or
 * END_STREAM). One reader thread and one writer at a time (callers serialize writes).
 */
public interface Tunnel {

    InputStream input();

    OutputStream output();

    /** Drops the tunnel at once: resets the connection (HTTP/1.1) or the stream (HTTP/2). Any thread. */
    void abort();
}
