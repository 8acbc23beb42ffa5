package dev.celeris.compliance.client;

import java.io.IOException;

/**
 * Where an open WebSocket's bytes travel: the TCP connection after a {@code 101} (RFC 6455), or
 * the HTTP/2 stream after a {@code 200} to an extended CONNECT (RFC 8441).
 */
interface WsTransport extends AutoCloseable {

    /** Bytes the server sent, or the end of its side ({@code end} says how, bytes empty). */
    record Chunk(byte[] bytes, String end) {
        static Chunk ended(String how) {
            return new Chunk(new byte[0], how);
        }
    }

    /** Writes the bytes (over HTTP/2 in DATA frames, within the server's flow-control windows). */
    void write(byte[] bytes) throws IOException;

    /** The next bytes or end, or null when nothing came before {@code deadlineNanos}. */
    Chunk read(long deadlineNanos) throws IOException;

    @Override
    void close();
}
