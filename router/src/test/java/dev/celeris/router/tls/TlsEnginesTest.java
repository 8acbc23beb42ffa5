package dev.celeris.router.tls;

import static dev.celeris.spi.testkit.TlsTestCertificates.clientContext;
import static dev.celeris.spi.testkit.TlsTestCertificates.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.router.Celeris;
import dev.celeris.router.Router;
import dev.celeris.router.Server;
import dev.celeris.spi.testkit.TlsTestCertificates;
import dev.celeris.spi.tls.TlsConfig;
import dev.celeris.spi.tls.TlsCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same TLS behaviour from the JDK layer and from each native engine: ALPN choice, the
 * {@code no_application_protocol} refusal, encrypted keys; and that {@code engine(NATIVE)} really
 * switches the engine (and falls back to the JDK layer behind a PROXY protocol layer).
 */
@Timeout(60)
class TlsEnginesTest {

    private final List<Server> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(Server::close);
    }

    static List<String> engines() {
        return TlsServerTest.engines();
    }

    private Server start(String engine, TlsConfig.Builder tls) {
        String transport = engine.replace("-native", "");
        if (engine.endsWith("-native")) tls.engine(TlsConfig.Engine.NATIVE);
        Router r = Router.create();
        r.get("/proto", ctx -> ctx.string(ctx.protocol() + " " + ctx.tlsSession().getProtocol() + " "
                + ctx.tlsSession().getClass().getName()));
        Server s = Celeris.server().host("127.0.0.1").port(0).transport(transport).shutdownGrace(Duration.ofSeconds(1))
                .tls(tls.build()).start(r);
        servers.add(s);
        return s;
    }

    @ParameterizedTest
    @MethodSource("engines")
    void alpnChoosesTheProtocolAndRefusesAClientWithNothingInCommon(String engine) throws Exception {
        Server s = start(engine, TlsTestCertificates.server());
        try (HttpClient client = HttpClient.newBuilder().sslContext(clientContext()).version(HttpClient.Version.HTTP_2).build()) {
            HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + s.port()
                    + "/proto")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(res.body()).startsWith("HTTP/2.0 TLSv1.3");
        }
        try (TlsClient c = new TlsClient(clientContext(), s.port(), null, "http/1.1")) {
            assertThat(c.socket.getApplicationProtocol()).isEqualTo("http/1.1");
            assertThat(c.get("/proto")).contains("HTTP/1.1 TLSv1.3");
        }
        try (TlsClient c = new TlsClient(clientContext(), s.port(), null)) {
            assertThat(c.get("/proto")).as("no ALPN: HTTP/1.1").contains("HTTP/1.1 TLSv1.3");
        }
        assertThatThrownBy(() -> new TlsClient(clientContext(), s.port(), null, "spdy/3", "h3").close())
                .as("no common protocol").isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("no_application_protocol");
        try (TlsClient c = new TlsClient(clientContext(), s.port(), null, "spdy/3", "http/1.1")) {
            assertThat(c.socket.getApplicationProtocol()).as("one in common is enough").isEqualTo("http/1.1");
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void encryptedAndSec1KeysServe(String engine) throws Exception {
        char[] pw = TlsTestCertificates.PASSWORD.toCharArray();
        for (TlsCredentials key : List.of(TlsCredentials.pem(file("server.pem"), file("server-encrypted.key"), pw),
                TlsCredentials.pem(file("server.pem"), file("server-sec1.key")))) {
            Server s = start(engine, TlsConfig.builder(key));
            try (TlsClient c = new TlsClient(clientContext(), s.port(), null)) {
                assertThat(c.get("/proto")).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void nativeEngineIsReallyUsedAndTheJdkLayerIsTheDefault() throws Exception {
        Server jdk = start("netty", TlsTestCertificates.server());
        Server nat = start("netty-native", TlsTestCertificates.server());
        try (TlsClient a = new TlsClient(clientContext(), jdk.port(), null);
             TlsClient b = new TlsClient(clientContext(), nat.port(), null)) {
            assertThat(a.get("/proto")).doesNotContain("OpenSsl");
            assertThat(b.get("/proto")).contains("OpenSsl");
        }
        // jetty's SslConnection runs the same JDK engine: the difference is who moves the records
        Server jetty = start("jetty-native", TlsTestCertificates.server());
        try (TlsClient c = new TlsClient(clientContext(), jetty.port(), null)) {
            assertThat(c.get("/proto")).contains("HTTP/1.1 TLSv1.3");
            assertThat(jetty.isTls()).as("reloadable like the JDK layer").isTrue();
        }
    }

    /**
     * RFC 9113 §9.2 on the native engine: BoringSSL agrees h2 by ALPN over a TLS 1.2 CBC suite (the
     * JDK layer would pick http/1.1); the engine then answers the preface with GOAWAY
     * INADEQUATE_SECURITY (0xc).
     */
    @Test
    void h2OverAForbiddenSuiteOnTheNativeEngineGetsInadequateSecurity() throws Exception {
        Server s = start("netty-native", TlsConfig.pem(file("rsa.pem"), file("rsa.key")));
        java.net.Socket raw = new java.net.Socket("127.0.0.1", s.port());
        raw.setSoTimeout(20_000);
        var tls = (javax.net.ssl.SSLSocket) clientContext().getSocketFactory().createSocket(raw, "localhost", s.port(), true);
        var p = tls.getSSLParameters();
        p.setProtocols(new String[] {"TLSv1.2"});
        p.setCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"});
        p.setApplicationProtocols(new String[] {"h2"});
        tls.setSSLParameters(p);
        tls.startHandshake();
        assertThat(tls.getApplicationProtocol()).isEqualTo("h2");
        // The engine answers at once (SETTINGS, GOAWAY) and closes: read what it sent, no preface needed.
        java.io.DataInputStream in = new java.io.DataInputStream(tls.getInputStream());
        int goAwayError = -1;
        try {
            while (goAwayError < 0) {
                int length = (in.readUnsignedShort() << 8) | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                in.readUnsignedByte();
                in.readInt();
                byte[] payload = in.readNBytes(length);
                if (type == 7) goAwayError = java.nio.ByteBuffer.wrap(payload, 4, 4).getInt();
            }
        } finally {
            tls.close();
        }
        assertThat(goAwayError).as("GOAWAY INADEQUATE_SECURITY").isEqualTo(0xc);
    }

    @Test
    void aProxyProtocolLayerFallsBackToTheJdkLayer() throws Exception {
        Router r = Router.create();
        r.get("/s", ctx -> ctx.string(ctx.tlsSession().getClass().getName()));
        Server s = Celeris.server().host("127.0.0.1").port(0).transport("netty")
                .tls(TlsTestCertificates.server().engine(TlsConfig.Engine.NATIVE).build())
                .proxyProtocol(dev.celeris.spi.proxy.ProxyProtocolConfig.defaults()).start(r);
        servers.add(s);
        java.net.Socket raw = new java.net.Socket("127.0.0.1", s.port());
        raw.setSoTimeout(20_000);
        raw.getOutputStream().write("PROXY TCP4 203.0.113.7 127.0.0.1 41000 443\r\n".getBytes());
        var tls = (javax.net.ssl.SSLSocket) clientContext().getSocketFactory().createSocket(raw, "localhost", s.port(), true);
        tls.getOutputStream().write("GET /s HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n".getBytes());
        String res = new String(tls.getInputStream().readAllBytes());
        tls.close();
        assertThat(res).startsWith("HTTP/1.1 200").doesNotContain("OpenSsl");
    }
}
