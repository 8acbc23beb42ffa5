package dev.celeris.engine.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The one streamed response body, for both protocols (handler thread only). Small writes collect
 * in a buffer; {@link #flush()} or a full buffer commits the head and hands what is buffered to
 * the protocol's {@link Sink} (HTTP/2 DATA, HTTP/1.1 a chunk or raw bytes), which blocks while too
 * much output waits for the peer. A body closed before anything was committed goes out whole
 * (with {@code content-length}) when the sink allows; {@link #close()} ends the response (with
 * trailers if set).
 */
public final class ResponseBody extends OutputStream {

    /** What a protocol does with body bytes. */
    public interface Sink {
        /** The buffer size for small writes. */
        int bufferSize();

        /** Whether the status and headers were handed to the I/O thread. */
        boolean isCommitted();

        /** Nothing committed yet and the body is complete: whether it may go out in one piece. */
        boolean canSendWhole();

        /** Sends the complete body in one piece (see {@link #canSendWhole}); owns {@code body}. */
        void sendWhole(ByteBuffer body);

        /**
         * Commits if needed and sends {@code len} bytes (0 only commits), ending the response when
         * {@code last}; blocks while too much output is queued. With {@code mayKeep} the sink may
         * keep {@code b} instead of copying it.
         *
         * @return whether the sink kept {@code b} (the caller must not reuse it)
         */
        boolean sendPart(byte[] b, int off, int len, boolean mayKeep, boolean last) throws IOException;

        /** @throws IOException when the response can no longer be written (reset, connection gone) */
        void check() throws IOException;
    }

    private final Sink sink;
    private byte[] buffer;
    private int count;
    private boolean closed;

    public ResponseBody(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (len == 0) return;
        if (buffer == null) buffer = new byte[sink.bufferSize()];
        while (len > 0) {
            if (count == buffer.length) sendBuffered(false);
            if (count == 0 && len >= buffer.length) {
                sink.sendPart(b, off, len, false, false); // a large write skips the buffer; b stays the caller's
                return;
            }
            int n = Math.min(len, buffer.length - count);
            System.arraycopy(b, off, buffer, count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    /** Sends what is buffered, committing the head. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        sendBuffered(false);
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        if (!sink.isCommitted() && sink.canSendWhole()) {
            ByteBuffer whole = count == 0 ? ByteBuffer.allocate(0) : ByteBuffer.wrap(buffer, 0, count);
            buffer = null;
            count = 0;
            sink.sendWhole(whole);
            return;
        }
        sendBuffered(true);
    }

    private void sendBuffered(boolean last) throws IOException {
        int n = count;
        count = 0;
        byte[] b = buffer == null ? new byte[0] : buffer;
        if (sink.sendPart(b, 0, n, true, last) && !last) buffer = new byte[b.length]; // the sink owns the old one
    }

    private void ensureOpen() throws IOException {
        if (closed) throw new IOException("response body closed");
        sink.check();
    }
}
