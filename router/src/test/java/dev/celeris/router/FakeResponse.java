package dev.celeris.router;

import dev.celeris.engine.Headers;
import dev.celeris.engine.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An in-memory {@link HttpResponse} that records what a handler did, enforcing the engine's rules. */
public final class FakeResponse implements HttpResponse {

    /** Like the engines: a HEAD response keeps its headers (and content-length) but sends no body. */
    private final boolean head;

    public FakeResponse() {
        this(false);
    }

    public FakeResponse(boolean head) {
        this.head = head;
    }

    private int status = 200;
    private final Headers headers = new Headers();
    private final Headers trailers = new Headers();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    /** Bytes sent per flush (or per send), to check that streaming sends chunks. */
    public final List<byte[]> chunks = new ArrayList<>();
    private boolean committed;
    private boolean done;
    private boolean streamed;
    private Headers committedHeaders;
    private OutputStream stream;

    @Override
    public HttpResponse status(int status) {
        if (committed) throw new IllegalStateException("committed");
        this.status = status;
        return this;
    }

    @Override public int status() { return status; }
    @Override public Headers headers() { return committed ? committedHeaders : headers; }
    @Override public Headers trailers() { return trailers; }

    @Override
    public void sendInterim(int status, Headers headers) {
    }

    @Override
    public void send(ByteBuffer buf) {
        if (committed) throw new IllegalStateException("already committed");
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        if (!headers.contains("content-length")) headers.set("content-length", Integer.toString(bytes.length));
        commit();
        if (!head) {
            body.writeBytes(bytes);
            chunks.add(bytes);
        }
        done = true;
    }

    @Override
    public void end() {
        if (done) return;
        commit();
        done = true;
    }

    @Override
    public OutputStream body() {
        if (done) throw new IllegalStateException("response ended");
        if (stream == null) {
            streamed = true;
            stream = new OutputStream() {
                private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

                @Override
                public void write(int b) {
                    check();
                    commit();
                    pending.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    check();
                    commit();
                    pending.write(b, off, len);
                }

                @Override
                public void flush() {
                    commit();
                    if (head) pending.reset();
                    if (pending.size() > 0) {
                        chunks.add(pending.toByteArray());
                        body.writeBytes(pending.toByteArray());
                        pending.reset();
                    }
                }

                @Override
                public void close() throws IOException {
                    if (done) return;
                    flush();
                    done = true;
                }

                private void check() {
                    if (done) throw new IllegalStateException("stream closed");
                }
            };
        }
        return stream;
    }

    private void commit() {
        if (!committed) {
            committed = true;
            committedHeaders = headers.copy().readOnly();
        }
    }

    @Override public boolean isCommitted() { return committed; }
    @Override public boolean isDone() { return done; }

    // --- assertions helpers -------------------------------------------------------------------

    public byte[] bodyBytes() { return body.toByteArray(); }
    public String bodyText() { return body.toString(StandardCharsets.UTF_8); }
    public String header(String name) { return headers().get(name); }
    public List<String> headerValues(String name) { return headers().getAll(name); }
    public boolean wasStreamed() { return streamed; }
}
