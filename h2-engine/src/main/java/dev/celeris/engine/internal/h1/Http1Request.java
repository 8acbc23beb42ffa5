package dev.celeris.engine.internal.h1;

import dev.celeris.engine.Headers;
import dev.celeris.engine.HttpRequest;
import dev.celeris.engine.internal.BodyPipe;
import java.io.InputStream;
import java.net.SocketAddress;

/**
 * One parsed HTTP/1.x request: the head the {@link RequestParser} read, its framing, and the
 * body. Filled on the I/O thread, then handed to the handler's thread (safe publication through
 * the executor), after which only {@link #body()} changes state (it is thread-safe).
 */
public final class Http1Request implements HttpRequest {

    /** How the request body is delimited (RFC 9112 §6.3). */
    enum Framing { NONE, LENGTH, CHUNKED }

    private static final InputStream EMPTY_BODY = new InputStream() {
        @Override
        public int read() {
            return -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            return len == 0 ? 0 : -1;
        }
    };

    String method;
    String path;
    private String routeTemplate;
    String rawQuery;
    String authority;
    boolean http11;
    final Headers headers;
    Framing framing = Framing.NONE;
    /** The declared Content-Length; -1 when absent. */
    long contentLength = -1;
    boolean keepAlive;
    boolean expectContinue;
    /** Decoded {@code HTTP2-Settings} when the request is a well-formed h2c upgrade; else null. */
    byte[] http2Settings;
    BodyPipe body;
    SocketAddress remoteAddress;
    SocketAddress localAddress;
    javax.net.ssl.SSLSession tlsSession;

    Http1Request(Headers headers) {
        this.headers = headers;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public String scheme() {
        return tlsSession != null ? "https" : "http";
    }

    @Override
    public String authority() {
        return authority;
    }

    @Override
    public String protocol() {
        return http11 ? "HTTP/1.1" : "HTTP/1.0";
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    @Override
    public InputStream body() {
        return body != null ? body : EMPTY_BODY;
    }

    @Override
    public Headers trailers() {
        return body != null ? body.trailers() : Headers.empty();
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public String routeTemplate() {
        return routeTemplate;
    }

    @Override
    public void routeTemplate(String template) {
        routeTemplate = template;
    }

    @Override
    public int streamId() {
        return 0;
    }

    @Override
    public javax.net.ssl.SSLSession tlsSession() {
        return tlsSession;
    }

    boolean isHead() {
        return "HEAD".equals(method);
    }

    boolean hasBody() {
        return framing != Framing.NONE;
    }

    @Override
    public String toString() {
        return method + " " + path + (rawQuery != null ? "?" + rawQuery : "") + " " + protocol();
    }
}
