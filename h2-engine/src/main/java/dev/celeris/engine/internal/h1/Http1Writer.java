package dev.celeris.engine.internal.h1;

import dev.celeris.engine.internal.HandOff;
import dev.celeris.spi.Connection;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The output side of an {@link Http1Connection}: takes the handlers' encoded response bytes
 * (through the shared {@link HandOff} queue when they come from another thread) and writes them
 * in request order, the oldest exchange first, while the transport takes them; the rest waits in
 * the exchange's queue until {@code onWritable}. I/O thread, except {@link #submit}.
 */
final class Http1Writer {

    private final Http1Connection owner;
    private Connection connection;
    private HandOff<Http1Output> outbox;

    Http1Writer(Http1Connection owner) {
        this.owner = owner;
    }

    void attach(Connection connection, Runnable afterDrain) {
        this.connection = connection;
        this.outbox = new HandOff<>(connection, this::apply, afterDrain);
    }

    /** Any thread: queues output of {@code ex}; {@code buffer} may be null for a pure end/abort. */
    void submit(Http1Response ex, ByteBuffer buffer, boolean last, boolean abort) {
        if (connection.inEventLoop()) {
            apply(ex, buffer, last, abort);
            owner.needsFlush = true;
            owner.afterOutput();
            return;
        }
        outbox.submit(abort ? new Http1Output.Abort(ex) : new Http1Output.Write(ex, buffer, last));
    }

    private void apply(Http1Output out) {
        switch (out) {
            case Http1Output.Write w -> apply(w.exchange, w.buffer, w.last, false);
            case Http1Output.Abort a -> apply(a.exchange, null, true, true);
        }
    }

    private void apply(Http1Response ex, ByteBuffer buf, boolean last, boolean abort) {
        if (owner.outputStopped()) return;
        if (abort) {
            ex.closeAfter = true;
            ex.ended = true;
        } else {
            if (buf != null) {
                if (owner.exchanges.peek() == ex && (ex.pending == null || ex.pending.isEmpty()) && connection.isWritable()) {
                    // Fast path: the oldest exchange with nothing queued writes straight through.
                    int n = buf.remaining();
                    connection.write(buf);
                    owner.needsFlush = true;
                    owner.writeWatch.written += n;
                    ex.written(n);
                } else {
                    if (ex.pending == null) ex.pending = new ArrayDeque<>(4);
                    ex.pending.add(buf);
                }
            }
            if (last) ex.ended = true;
        }
        writePending();
    }

    /** Writes the oldest exchanges' output while the transport takes it. */
    void writePending() {
        Http1Response ex;
        while (!owner.outputStopped() && (ex = owner.exchanges.peek()) != null) {
            if (ex.upgrade) {
                owner.tryUpgrade();
                return;
            }
            ArrayDeque<ByteBuffer> q = ex.pending;
            while (q != null && !q.isEmpty() && connection.isWritable()) {
                ByteBuffer buf = q.poll();
                int n = buf.remaining();
                connection.write(buf);
                owner.needsFlush = true;
                owner.writeWatch.written += n;
                ex.written(n);
            }
            if ((q != null && !q.isEmpty()) || !ex.ended) return;
            owner.completeExchange(ex);
        }
    }
}
