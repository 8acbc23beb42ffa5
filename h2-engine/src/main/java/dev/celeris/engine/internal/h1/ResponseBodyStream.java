package dev.celeris.engine.internal.h1;

import dev.celeris.engine.internal.h1.ResponseEncoder.BodyFraming;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The streamed response body of one HTTP/1.x exchange (handler thread only). Writes collect in
 * an 8 KiB buffer; {@link #flush()} (or a full buffer) commits the head and sends what is
 * buffered as one chunk (chunked on HTTP/1.1), as raw bytes against a declared
 * {@code content-length}, or close-delimited on HTTP/1.0. A body that is closed before anything
 * was flushed goes out like {@code send()}: with a {@code content-length}. {@link #close()} sends
 * the last chunk with the trailers.
 */
final class ResponseBodyStream extends OutputStream {

    private static final int BUFFER_SIZE = 8 * 1024;

    private final Http1Response response;
    private byte[] buffer;
    private int count;
    private boolean closed;

    ResponseBodyStream(Http1Response response) {
        this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (buffer == null) buffer = new byte[BUFFER_SIZE];
        if (count == buffer.length) sendBuffered(false);
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (buffer == null) buffer = new byte[BUFFER_SIZE];
        while (len > 0) {
            if (count == buffer.length) sendBuffered(false);
            if (count == 0 && len >= buffer.length) {
                sendBytes(b, off, len, false); // large write: skip the buffer
                return;
            }
            int n = Math.min(len, buffer.length - count);
            System.arraycopy(b, off, buffer, count, n);
            count += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        sendBuffered(false);
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        if (!response.isCommitted() && !response.wantsChunkedForTrailers()) {
            // Everything fit in the buffer: one response with Content-Length.
            response.send(ByteBuffer.wrap(buffer == null ? new byte[0] : buffer, 0, count));
            return;
        }
        sendBuffered(true);
    }

    private void sendBuffered(boolean last) throws IOException {
        int n = count;
        count = 0;
        sendBytes(buffer, 0, n, last);
    }

    private void sendBytes(byte[] b, int off, int len, boolean last) throws IOException {
        Http1Response r = response;
        if (!r.isCommitted()) {
            r.enqueueBlocking(r.commitStreaming(), false);
        }
        if (len > 0 && r.writesBody()) {
            if (!r.count(len)) {
                r.abort();
                throw new IOException("response body longer than its content-length");
            }
            ByteBuffer out;
            if (r.framing() == BodyFraming.CHUNKED) {
                String hex = Integer.toHexString(len);
                out = ByteBuffer.allocate(hex.length() + len + 4);
                for (int i = 0; i < hex.length(); i++) out.put((byte) hex.charAt(i));
                out.put((byte) '\r').put((byte) '\n').put(b, off, len).put((byte) '\r').put((byte) '\n');
            } else {
                out = ByteBuffer.allocate(len).put(b, off, len);
            }
            r.enqueueBlocking(out.flip(), false);
        }
        if (last) {
            r.markDone();
            if (r.lengthMismatch()) {
                r.abort(); // SPEC: RFC 9112 §6.3 a short body must not be followed by another response
                return;
            }
            ByteBuffer end = r.framing() == BodyFraming.CHUNKED && r.writesBody()
                    ? ResponseEncoder.lastChunk(r.trailersOrEmpty())
                    : ByteBuffer.allocate(0);
            r.enqueueBlocking(end, true);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) throw new IOException("response body stream closed");
    }
}
