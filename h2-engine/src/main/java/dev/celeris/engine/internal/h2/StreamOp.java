package dev.celeris.engine.internal.h2;

import dev.celeris.engine.Headers;
import java.nio.ByteBuffer;

/**
 * One piece of work a handler thread hands to the I/O thread for its stream: response headers
 * (with or without a body), body data, trailers, a reset, or consumed request bytes. It is also
 * the node of the {@link Outbox} queue, so handing work over allocates nothing else.
 */
final class StreamOp {

    static final int HEADERS = 1;      // status + headers [+ body] [+ END_STREAM]
    static final int INTERIM = 2;      // a 1xx response
    static final int DATA = 3;         // body bytes [+ END_STREAM]
    static final int TRAILERS = 4;     // trailers, END_STREAM
    static final int RESET = 5;        // RST_STREAM with error
    static final int CONSUMED = 6;     // request body bytes read by the handler

    final int kind;
    final H2Stream stream;
    final int status;
    final Headers headers;
    final ByteBuffer data;
    final boolean endStream;
    final int amount;
    volatile StreamOp next;

    StreamOp(int kind, H2Stream stream, int status, Headers headers, ByteBuffer data, boolean endStream, int amount) {
        this.kind = kind;
        this.stream = stream;
        this.status = status;
        this.headers = headers;
        this.data = data;
        this.endStream = endStream;
        this.amount = amount;
    }

    static StreamOp headers(H2Stream s, int status, Headers headers, ByteBuffer body, boolean end) {
        return new StreamOp(HEADERS, s, status, headers, body, end, 0);
    }

    static StreamOp interim(H2Stream s, int status, Headers headers) {
        return new StreamOp(INTERIM, s, status, headers, null, false, 0);
    }

    static StreamOp data(H2Stream s, ByteBuffer data, boolean end) {
        return new StreamOp(DATA, s, 0, null, data, end, 0);
    }

    static StreamOp trailers(H2Stream s, Headers trailers) {
        return new StreamOp(TRAILERS, s, 0, trailers, null, true, 0);
    }

    static StreamOp reset(H2Stream s, H2Error error) {
        return new StreamOp(RESET, s, error.code(), null, null, true, 0);
    }

    static StreamOp consumed(H2Stream s, int bytes) {
        return new StreamOp(CONSUMED, s, 0, null, null, false, bytes);
    }
}
