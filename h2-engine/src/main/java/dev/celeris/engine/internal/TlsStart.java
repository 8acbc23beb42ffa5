package dev.celeris.engine.internal;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.tls.Http2Security;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import javax.net.ssl.SSLSession;

/**
 * Picks the protocol when a connection opens: over TLS by ALPN (RFC 9113 §3.2: {@code h2} is
 * HTTP/2, {@code http/1.1} is HTTP/1.1 without h2c upgrade, no ALPN is detected from the first
 * bytes like cleartext but still without upgrade), in cleartext by the usual {@code cleartext}
 * choice. HTTP/2 over a TLS session that RFC 9113 §9.2 forbids gets GOAWAY
 * {@code INADEQUATE_SECURITY}. Every later callback goes to the chosen handler.
 */
final class TlsStart implements ConnectionHandler {

    private final Supplier<ConnectionHandler> cleartext;
    private final Supplier<ConnectionHandler> http2;
    private final Supplier<ConnectionHandler> http1;
    private final Supplier<ConnectionHandler> detect;
    private ConnectionHandler delegate;

    TlsStart(Supplier<ConnectionHandler> cleartext, Supplier<ConnectionHandler> http2,
             Supplier<ConnectionHandler> http1, Supplier<ConnectionHandler> detect) {
        this.cleartext = cleartext;
        this.http2 = http2;
        this.http1 = http1;
        this.detect = detect;
    }

    @Override
    public void onOpen(Connection connection) {
        if (connection.tlsSession() == null) {
            delegate = cleartext.get();
        } else {
            delegate = byAlpn(connection, http2, http1);
            if (delegate == null) delegate = detect.get();
        }
        connection.replaceHandler(this, delegate); // out of the call path if the transport lets it
        delegate.onOpen(connection);
    }

    /** Over TLS: the handler ALPN names, or null without ALPN (the first bytes decide). */
    static ConnectionHandler byAlpn(Connection connection, Supplier<ConnectionHandler> http2,
                                    Supplier<ConnectionHandler> http1) {
        SSLSession tls = connection.tlsSession();
        String alpn = connection.applicationProtocol();
        if ("h2".equals(alpn)) {
            return Http2Security.isAcceptable(tls.getProtocol(), tls.getCipherSuite())
                    ? http2.get() : new InadequateSecurity(tls);
        }
        return alpn == null ? null : http1.get();
    }

    @Override
    public void onData(ByteBuffer chunk) {
        delegate.onData(chunk);
    }

    @Override
    public void onWritable() {
        delegate.onWritable();
    }

    @Override
    public boolean onInputClosed() {
        return delegate.onInputClosed();
    }

    @Override
    public void onShutdown() {
        delegate.onShutdown();
    }

    @Override
    public void onClose(Throwable cause) {
        if (delegate != null) delegate.onClose(cause);
    }

    /** The chosen handler (for tests). */
    ConnectionHandler delegate() {
        return delegate;
    }

    /**
     * SPEC: RFC 9113 §9.2.1/§9.2.2: HTTP/2 over TLS below 1.2 or with a forbidden cipher suite is
     * a connection error INADEQUATE_SECURITY: our (empty) SETTINGS as the preface demands, then
     * GOAWAY, then close. The client's bytes are ignored.
     */
    static final class InadequateSecurity implements ConnectionHandler {

        private static final byte[] SETTINGS = {0, 0, 0, 0x4, 0, 0, 0, 0, 0};
        private final String reason;
        private Connection connection;

        InadequateSecurity(SSLSession tls) {
            this.reason = "RFC 9113 9.2: " + tls.getProtocol() + " " + tls.getCipherSuite();
        }

        @Override
        public void onOpen(Connection connection) {
            this.connection = connection;
            byte[] debug = reason.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ByteBuffer goAway = ByteBuffer.allocate(9 + 8 + debug.length);
            int length = 8 + debug.length;
            goAway.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length)
                    .put((byte) 0x7).put((byte) 0).putInt(0) // GOAWAY on stream 0
                    .putInt(0).putInt(0xc).put(debug).flip(); // last stream 0, INADEQUATE_SECURITY
            connection.write(ByteBuffer.wrap(SETTINGS), goAway);
            connection.flush();
            connection.close();
        }

        @Override
        public void onData(ByteBuffer chunk) {
            chunk.position(chunk.limit());
        }

        @Override
        public void onClose(Throwable cause) {
            connection = null;
        }
    }
}
