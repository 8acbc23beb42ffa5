package dev.celeris.engine.internal.h2;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A streamed response body: buffers small writes, hands full buffers to the I/O thread as DATA
 * and blocks while the stream has too much queued (the peer's windows or the transport are
 * the limit). The first flush or full buffer commits the headers; close ends the stream (with
 * trailers if set). If everything fits in the buffer until close, the response goes out like
 * {@code send}: HEADERS with content-length and one DATA frame. Handler thread only.
 */
final class ResponseBodyStream extends OutputStream {

    private static final int BUFFER = 16 * 1024;

    private final H2Response response;
    private byte[] buf;
    private int count;
    private boolean closed;

    ResponseBodyStream(H2Response response) {
        this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        check();
        if (len == 0) return;
        if (buf == null) buf = new byte[BUFFER];
        if (len > buf.length - count) {
            drain();
            if (len >= buf.length) {
                response.commitStreaming();
                response.sendData(ByteBuffer.wrap(Arrays.copyOfRange(b, off, off + len)), false);
                response.awaitWritable();
                return;
            }
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /** Sends what is buffered (committing the headers). */
    @Override
    public void flush() throws IOException {
        check();
        response.commitStreaming();
        drain();
    }

    private void drain() throws IOException {
        if (count == 0) return;
        response.commitStreaming();
        ByteBuffer data = ByteBuffer.wrap(buf, 0, count);
        buf = new byte[BUFFER]; // the I/O thread owns the old array now
        count = 0;
        response.sendData(data, false);
        response.awaitWritable();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (response.failure() != null) return;
        if (!response.isCommitted()) {
            response.sendBuffered(count == 0 ? ByteBuffer.allocate(0) : ByteBuffer.wrap(buf, 0, count));
            buf = null;
            count = 0;
            return;
        }
        if (count > 0) {
            response.sendData(ByteBuffer.wrap(buf, 0, count), false);
            buf = null;
            count = 0;
        }
        response.finishStreaming();
    }

    private void check() throws IOException {
        if (closed) throw new IOException("response body closed");
        String failure = response.failure();
        if (failure != null) throw new dev.celeris.engine.ClientException(0, failure);
    }
}
