package dev.celeris.spi.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/** The ClientHello ALPN check native TLS engines use, on real ClientHellos from the JDK's client engine. */
class ClientHelloAlpnTest {

    private static final List<String> OURS = List.of("h2", "http/1.1");

    @Test
    void refusesAClientWhoseProtocolsAreAllUnknown() throws Exception {
        assertThat(ClientHelloAlpn.refuses(clientHello("spdy/3", "h3"), OURS)).isTrue();
    }

    @Test
    void acceptsAClientWithOneProtocolInCommonOrNoAlpnAtAll() throws Exception {
        assertThat(ClientHelloAlpn.refuses(clientHello("spdy/3", "http/1.1"), OURS)).isFalse();
        assertThat(ClientHelloAlpn.refuses(clientHello("h2"), OURS)).isFalse();
        assertThat(ClientHelloAlpn.refuses(clientHello(), OURS)).as("no ALPN extension").isFalse();
    }

    @Test
    void leavesEveryIncompleteClientHelloToTheEngine() throws Exception {
        ByteBuffer hello = clientHello("spdy/3");
        for (int n = 0; n < hello.remaining(); n++) {
            ByteBuffer prefix = hello.duplicate().limit(hello.position() + n);
            assertThat(ClientHelloAlpn.refuses(prefix, OURS)).as("first %d bytes", n).isFalse();
        }
        assertThat(ClientHelloAlpn.refuses(hello, OURS)).as("all of it").isTrue();
    }

    @Test
    void leavesAnythingButAClientHelloToTheEngine() {
        byte[] plain = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(ClientHelloAlpn.refuses(ByteBuffer.wrap(plain), OURS)).isFalse();
        assertThat(ClientHelloAlpn.refuses(ClientHelloAlpn.noApplicationProtocolAlert(), OURS)).isFalse();
        byte[] garbage = new byte[64];
        garbage[0] = 22;
        garbage[3] = 0;
        garbage[4] = 59;
        garbage[5] = 1;
        garbage[8] = 55; // a ClientHello of 55 bytes of zeros: nothing to find
        assertThat(ClientHelloAlpn.refuses(ByteBuffer.wrap(garbage), OURS)).isFalse();
    }

    @Test
    void theAlertIsAFatalNoApplicationProtocolRecord() {
        ByteBuffer alert = ClientHelloAlpn.noApplicationProtocolAlert();
        assertThat(alert.isReadOnly()).isTrue();
        byte[] bytes = new byte[alert.remaining()];
        alert.get(bytes);
        assertThat(bytes).containsExactly(21, 3, 3, 0, 2, 2, 120);
    }

    /** The first flight of a JDK client engine offering {@code protocols} by ALPN (none: no extension). */
    private static ByteBuffer clientHello(String... protocols) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        if (protocols.length > 0) {
            SSLParameters params = engine.getSSLParameters();
            params.setApplicationProtocols(protocols);
            engine.setSSLParameters(params);
        }
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        return out.flip();
    }
}
