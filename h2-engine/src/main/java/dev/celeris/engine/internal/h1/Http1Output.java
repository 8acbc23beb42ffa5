package dev.celeris.engine.internal.h1;

import dev.celeris.engine.internal.HandOff;
import java.nio.ByteBuffer;

/**
 * Output a handler thread hands to the I/O thread for its exchange (see {@link HandOff}): encoded
 * response bytes, or an abort (close after what was written). A sealed hierarchy; each
 * operation is also its queue node.
 */
abstract sealed class Http1Output extends HandOff.Node {

    final Http1Response exchange;

    private Http1Output(Http1Response exchange) {
        this.exchange = exchange;
    }

    /** Encoded bytes ({@code buffer} may be null for a pure end); {@code last} ends the response. */
    static final class Write extends Http1Output {
        final ByteBuffer buffer;
        final boolean last;

        Write(Http1Response exchange, ByteBuffer buffer, boolean last) {
            super(exchange);
            this.buffer = buffer;
            this.last = last;
        }
    }

    /** The response cannot be completed: the connection closes after what was written. */
    static final class Abort extends Http1Output {
        Abort(Http1Response exchange) {
            super(exchange);
        }
    }
}
