package dev.celeris.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;

/**
 * One request as the handler sees it, the same for HTTP/2 and HTTP/1.1. The object belongs to
 * the handler's thread; it is not pooled and may be kept.
 */
public interface HttpRequest {

    /** {@code GET}, {@code POST}, ... as sent (HTTP/2 {@code :method}). */
    String method();

    /** The decoded-as-sent path without the query, e.g. {@code /users/42} (no percent-decoding). */
    String path();

    /** The query string without {@code ?}, or {@code null} when the target has none. */
    String rawQuery();

    /** {@code http} or {@code https} (HTTP/2 {@code :scheme}; for HTTP/1.1 {@code https} over TLS, else {@code http}). */
    String scheme();

    /** {@code :authority} for HTTP/2, the {@code Host} header for HTTP/1.1; may be {@code null}. */
    String authority();

    /** {@code "HTTP/2.0"}, {@code "HTTP/1.1"} or {@code "HTTP/1.0"}. */
    String protocol();

    /** Request headers; names in lower case; pseudo-headers excluded. Read-only. */
    Headers headers();

    /** The declared {@code content-length}, or {@code -1} when unknown (chunked or HTTP/2 without it). */
    long contentLength();

    /**
     * The request body as a stream that blocks until bytes arrive and returns -1 at the end.
     * Reading replenishes the peer's flow-control window, so an unread body holds the peer back.
     * Throws an {@link IOException} if the peer resets the stream or the body breaks a limit.
     * On an inline (non-blocking) handler the body is already complete and reads never block.
     */
    InputStream body();

    /** Reads the whole remaining body. */
    default byte[] bodyBytes() throws IOException {
        return body().readAllBytes();
    }

    /** Trailers sent after the body; empty until the body has been read to its end. */
    Headers trailers();

    SocketAddress remoteAddress();

    SocketAddress localAddress();

    /**
     * The {@code :protocol} pseudo-header of an HTTP/2 extended CONNECT (RFC 8441), e.g.
     * {@code websocket}; null for every other request.
     */
    default String connectProtocol() {
        return null;
    }

    /** The HTTP/2 stream id, or {@code 0} for HTTP/1.1. */
    int streamId();

    /**
     * The TLS session the request came over (protocol, cipher suite, SNI name, the client's
     * certificates under mTLS), or {@code null} for cleartext.
     */
    default javax.net.ssl.SSLSession tlsSession() {
        return null;
    }

    /**
     * The route pattern that matched this request, e.g. {@code /users/:id}, once a router set
     * it with {@link #routeTemplate(String)}; {@code null} before or when no route matched.
     * Metrics and traces use it instead of the raw path, which would have unbounded values.
     */
    default String routeTemplate() {
        return null;
    }

    /** Records the matched route pattern (called by the router); ignored by requests that do not keep it. */
    default void routeTemplate(String template) {
    }
}
