package dev.celeris.engine.internal.h2;

import dev.celeris.engine.Headers;
import dev.celeris.engine.internal.BodyPipe;
import dev.celeris.engine.HttpRequest;
import java.io.InputStream;
import java.net.SocketAddress;

/** An HTTP/2 request as the handler sees it; built on the I/O thread, then owned by the handler. */
final class H2Request implements HttpRequest {

    private static final InputStream EMPTY_BODY = InputStream.nullInputStream();

    private final int streamId;
    private final String method;
    private final String path;
    private final String rawQuery;
    private final String scheme;
    private final String authority;
    private final Headers headers;
    private final long contentLength;
    private final BodyPipe body;
    private final SocketAddress remote;
    private final SocketAddress local;
    /** Set on the I/O thread before the request is dispatched (published with it). */
    javax.net.ssl.SSLSession tlsSession;
    private String routeTemplate;
    /** RFC 8441 {@code :protocol}; set by the I/O thread before the request is dispatched. */
    String connectProtocol;

    H2Request(int streamId, String method, String target, String scheme, String authority, Headers headers,
              long contentLength, BodyPipe body, SocketAddress remote, SocketAddress local) {
        this.streamId = streamId;
        this.method = method;
        int q = target == null ? -1 : target.indexOf('?');
        this.path = q < 0 ? target : target.substring(0, q);
        this.rawQuery = q < 0 ? null : target.substring(q + 1);
        this.scheme = scheme;
        this.authority = authority;
        this.headers = headers == null ? Headers.empty() : headers.readOnly();
        this.contentLength = contentLength;
        this.body = body;
        this.remote = remote;
        this.local = local;
    }

    @Override public String method() { return method; }
    @Override public String path() { return path; }
    @Override public String rawQuery() { return rawQuery; }
    @Override public String scheme() { return scheme; }
    @Override public String authority() { return authority; }
    @Override public String protocol() { return "HTTP/2.0"; }
    @Override public Headers headers() { return headers; }
    @Override public long contentLength() { return contentLength; }
    /** The body pipe, or null (no body). */
    BodyPipe pipe() {
        return body;
    }

    @Override public InputStream body() { return body == null ? EMPTY_BODY : body; }
    @Override public Headers trailers() { return body == null ? Headers.empty() : body.trailers(); }
    @Override public SocketAddress remoteAddress() { return remote; }
    @Override public SocketAddress localAddress() { return local; }
    @Override public int streamId() { return streamId; }
    @Override public javax.net.ssl.SSLSession tlsSession() { return tlsSession; }
    @Override public String connectProtocol() { return connectProtocol; }
    @Override public String routeTemplate() { return routeTemplate; }
    @Override public void routeTemplate(String template) { routeTemplate = template; }

    @Override
    public String toString() {
        return method + " " + path + (rawQuery == null ? "" : "?" + rawQuery) + " (stream " + streamId + ")";
    }
}
