package dev.celeris.router;

import dev.celeris.engine.Headers;
import dev.celeris.engine.HttpResponse;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * An {@link HttpResponse} that delegates everything; middleware extends it and overrides what it
 * changes, then installs it with {@link Context#wrapResponse}.
 */
public class ResponseWrapper implements HttpResponse {

    protected final HttpResponse delegate;

    public ResponseWrapper(HttpResponse delegate) {
        this.delegate = delegate;
    }

    @Override public HttpResponse status(int status) { delegate.status(status); return this; }
    @Override public int status() { return delegate.status(); }
    @Override public Headers headers() { return delegate.headers(); }
    @Override public Headers trailers() { return delegate.trailers(); }
    @Override public boolean hasTrailers() { return delegate.hasTrailers(); }
    @Override public void sendInterim(int status, Headers headers) { delegate.sendInterim(status, headers); }
    @Override public void send(ByteBuffer body) { delegate.send(body); }
    @Override public void end() { delegate.end(); }
    @Override public OutputStream body() { return delegate.body(); }
    @Override public boolean isCommitted() { return delegate.isCommitted(); }
    @Override public boolean isDone() { return delegate.isDone(); }
}
