package dev.celeris.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.internal.h1.Http1Connection;
import dev.celeris.engine.internal.h2.Http2ConnectionHandler;
import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/** Protocol choice by ALPN over TLS, and RFC 9113 §9.2 enforcement. */
class TlsStartTest {

    /** A connection that claims a TLS session and ALPN result; records output and close. */
    static final class TlsConn implements Connection {
        final SSLSession session;
        final String alpn;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean closed;

        TlsConn(String protocol, String cipher, String alpn) {
            this.session = protocol == null ? null : (SSLSession) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {SSLSession.class}, (p, m, a) -> switch (m.getName()) {
                        case "getProtocol" -> protocol;
                        case "getCipherSuite" -> cipher;
                        default -> null;
                    });
            this.alpn = alpn;
        }

        @Override
        public void write(ByteBuffer... buffers) {
            for (ByteBuffer b : buffers) {
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                out.writeBytes(bytes);
            }
        }

        @Override public void flush() { }
        @Override public boolean isWritable() { return true; }
        @Override public long queuedBytes() { return 0; }
        @Override public void execute(Runnable task) { }
        @Override public boolean inEventLoop() { return true; }
        @Override public boolean isOpen() { return !closed; }
        @Override public SocketAddress remoteAddress() { return new InetSocketAddress(1); }
        @Override public SocketAddress localAddress() { return new InetSocketAddress(2); }
        @Override public void close() { closed = true; }
        @Override public void abort() { closed = true; }
        @Override public SSLSession tlsSession() { return session; }
        @Override public String applicationProtocol() { return alpn; }
    }

    private static ConnectionHandler open(TlsConn conn) {
        ConnectionHandler start = Protocol.newConnectionHandler(EngineConfig.defaults(), (req, res) -> res.send("x"));
        start.onOpen(conn);
        // With detection (the default) the detector is the start: it chose by ALPN, or it detects itself.
        if (start instanceof ProtocolDetector d) return d.delegate() != null ? d.delegate() : d;
        return ((TlsStart) start).delegate();
    }

    @Test
    void alpnPicksTheProtocol() {
        assertThat(open(new TlsConn("TLSv1.3", "TLS_AES_128_GCM_SHA256", "h2"))).isInstanceOf(Http2ConnectionHandler.class);
        assertThat(open(new TlsConn("TLSv1.3", "TLS_AES_128_GCM_SHA256", "http/1.1"))).isInstanceOf(Http1Connection.class);
        assertThat(open(new TlsConn("TLSv1.3", "TLS_AES_128_GCM_SHA256", null))).as("TLS without ALPN: detected")
                .isInstanceOf(ProtocolDetector.class);
        assertThat(open(new TlsConn(null, null, null))).as("cleartext").isInstanceOf(ProtocolDetector.class);
    }

    @Test
    void h2OverAForbiddenCipherSuiteGetsInadequateSecurity() {
        TlsConn conn = new TlsConn("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "h2");
        assertThat(open(conn)).isInstanceOf(TlsStart.InadequateSecurity.class);
        ByteBuffer out = ByteBuffer.wrap(conn.out.toByteArray());
        // SETTINGS (empty), then GOAWAY: type 7, stream 0, last stream 0, error 0xc INADEQUATE_SECURITY
        assertThat(out.getInt(0) >>> 8).isZero();
        assertThat(out.get(3)).isEqualTo((byte) 0x4);
        assertThat(out.get(9 + 3)).isEqualTo((byte) 0x7);
        assertThat(out.getInt(9 + 5)).isZero();
        assertThat(out.getInt(9 + 9)).isZero();
        assertThat(out.getInt(9 + 13)).isEqualTo(0xc);
        int length = out.getInt(9) >>> 8;
        assertThat(new String(conn.out.toByteArray(), 9 + 17, length - 8, java.nio.charset.StandardCharsets.US_ASCII))
                .contains("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
        assertThat(out.remaining()).isEqualTo(9 + 9 + length);
        assertThat(conn.closed).isTrue();
    }
}
