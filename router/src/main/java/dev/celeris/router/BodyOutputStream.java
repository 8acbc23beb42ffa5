package dev.celeris.router;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The body stream {@link Context#outputStream()} hands out: counts bytes for the access log and
 * opens the response's stream lazily, so headers may change until the first write.
 */
final class BodyOutputStream extends OutputStream {

    private final Context ctx;
    private OutputStream target;
    private boolean closed;

    BodyOutputStream(Context ctx) {
        this.ctx = ctx;
    }

    private OutputStream target() {
        if (target == null) target = ctx.response().body();
        return target;
    }

    @Override
    public void write(int b) throws IOException {
        target().write(b);
        ctx.countWritten(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        target().write(b, off, len);
        ctx.countWritten(len);
    }

    @Override
    public void flush() throws IOException {
        target().flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        target().close();
    }
}
