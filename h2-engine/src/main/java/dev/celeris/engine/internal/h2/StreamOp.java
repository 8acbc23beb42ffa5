package dev.celeris.engine.internal.h2;

import dev.celeris.engine.Headers;
import dev.celeris.engine.internal.HandOff;
import java.nio.ByteBuffer;

/**
 * One piece of work a handler thread hands to the I/O thread for its stream (see
 * {@link HandOff}): response headers (with or without a body), an interim response, body data,
 * trailers, a reset, or request bytes the handler consumed. A sealed hierarchy, processed by an
 * exhaustive switch in {@link ResponseWriter#process}; each operation is also its queue node.
 */
abstract sealed class StreamOp extends HandOff.Node {

    final H2Stream stream;

    private StreamOp(H2Stream stream) {
        this.stream = stream;
    }

    /**
     * The final response: status + headers, optionally a body (a buffer, or a whole array:
     * {@code send(byte[])} needs no buffer around it), optionally END_STREAM.
     */
    static final class Respond extends StreamOp {
        final int status;
        final Headers headers;
        final ByteBuffer body;
        final byte[] bytes;
        final boolean end;

        Respond(H2Stream s, int status, Headers headers, ByteBuffer body, byte[] bytes, boolean end) {
            super(s);
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.bytes = bytes;
            this.end = end;
        }
    }

    /** A 1xx response. */
    static final class Interim extends StreamOp {
        final int status;
        final Headers headers;

        Interim(H2Stream s, int status, Headers headers) {
            super(s);
            this.status = status;
            this.headers = headers;
        }
    }

    /** Body bytes (may be null), optionally END_STREAM. */
    static final class Data extends StreamOp {
        final ByteBuffer data;
        final boolean end;

        Data(H2Stream s, ByteBuffer data, boolean end) {
            super(s);
            this.data = data;
            this.end = end;
        }
    }

    /** Trailers, ending the stream. */
    static final class Trailers extends StreamOp {
        final Headers trailers;

        Trailers(H2Stream s, Headers trailers) {
            super(s);
            this.trailers = trailers;
        }
    }

    /** RST_STREAM from the handler side (failure after commit, refused dispatch, client failure). */
    static final class Reset extends StreamOp {
        final H2Error error;

        Reset(H2Stream s, H2Error error) {
            super(s);
            this.error = error;
        }
    }

    /** Request body bytes the handler read: window credit. */
    static final class Consumed extends StreamOp {
        final int bytes;

        Consumed(H2Stream s, int bytes) {
            super(s);
            this.bytes = bytes;
        }
    }

    static StreamOp headers(H2Stream s, int status, Headers headers, ByteBuffer body, boolean end) {
        return new Respond(s, status, headers, body, null, end);
    }

    static StreamOp interim(H2Stream s, int status, Headers headers) {
        return new Interim(s, status, headers);
    }

    static StreamOp data(H2Stream s, ByteBuffer data, boolean end) {
        return new Data(s, data, end);
    }

    static StreamOp trailers(H2Stream s, Headers trailers) {
        return new Trailers(s, trailers);
    }

    static StreamOp reset(H2Stream s, H2Error error) {
        return new Reset(s, error);
    }

    static StreamOp consumed(H2Stream s, int bytes) {
        return new Consumed(s, bytes);
    }
}
