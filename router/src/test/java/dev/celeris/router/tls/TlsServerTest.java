package dev.celeris.router.tls;

import static dev.celeris.spi.testkit.TlsTestCertificates.clientContext;
import static dev.celeris.spi.testkit.TlsTestCertificates.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.router.Celeris;
import dev.celeris.router.Router;
import dev.celeris.router.Server;
import dev.celeris.router.middleware.Hsts;
import dev.celeris.router.middleware.HttpsRedirect;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import dev.celeris.spi.testkit.TlsTestCertificates;
import dev.celeris.spi.tls.TlsConfig;
import dev.celeris.spi.tls.TlsCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HTTPS servers over real sockets: mTLS, SNI, certificate reload, bad clients, HSTS and the redirect. */
@Timeout(60)
class TlsServerTest {

    private final List<Server> servers = new ArrayList<>();

    @TempDir
    Path tmp;

    /** Every transport with the JDK layer, and every native TLS engine ("netty-native"). */
    static List<String> transports() {
        List<String> names = new ArrayList<>(Transports.available().stream().map(TransportProvider::name).toList());
        Assumptions.assumeFalse(names.isEmpty(), "no transport on the test class path");
        names.addAll(natives());
        return names;
    }

    /** The JDK layer (on nio) and each native TLS engine: the certificate and mTLS cases run on each. */
    static List<String> engines() {
        List<String> names = new ArrayList<>(List.of("nio"));
        names.addAll(natives());
        return names;
    }

    static List<String> natives() {
        return Transports.available().stream().map(TransportProvider::name)
                .filter(n -> n.equals("netty") || n.equals("jetty")).map(n -> n + "-native").toList();
    }

    @AfterEach
    void stop() {
        servers.forEach(Server::close);
    }

    private static Router whoami() {
        Router r = Router.create();
        r.use(Hsts.create(Duration.ofDays(1), true, false));
        r.get("/whoami", ctx -> {
            String client;
            try {
                client = ((X509Certificate) ctx.tlsSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
            } catch (SSLPeerUnverifiedException none) {
                client = "anonymous";
            }
            ctx.string(ctx.protocol() + " " + ctx.scheme() + " " + ctx.tlsSession().getProtocol() + " " + client);
        });
        return r;
    }

    /** {@code transport}, or {@code NAME-native} for that transport's native TLS engine. */
    private Server start(String transport, TlsConfig tls) {
        if (transport.endsWith("-native")) {
            transport = transport.substring(0, transport.length() - "-native".length());
            tls = tls.toBuilder().engine(TlsConfig.Engine.NATIVE).build();
        }
        Server s = Celeris.server().host("127.0.0.1").port(0).transport(transport).shutdownGrace(Duration.ofSeconds(1))
                .tls(tls).start(whoami());
        servers.add(s);
        return s;
    }

    @Test
    void http11OverTlsSeesHttpsAndTheSessionAndGetsHsts() throws Exception {
        Server s = start("nio", TlsTestCertificates.server().build());
        assertThat(s.isTls()).isTrue();
        try (TlsClient c = new TlsClient(clientContext(), s.port(), null)) {
            String res = c.get("/whoami");
            assertThat(res).startsWith("HTTP/1.1 200").endsWith("HTTP/1.1 https TLSv1.3 anonymous")
                    .contains("strict-transport-security: max-age=86400; includeSubDomains\r\n");
        }
    }

    @Test
    void proxyProtocolHeaderComesBeforeTheTlsHandshake() throws Exception {
        Router r = Router.create();
        r.get("/peer", ctx -> ctx.string(ctx.remoteAddress() + " " + ctx.scheme()));
        Server s = Celeris.server().host("127.0.0.1").port(0).tls(TlsTestCertificates.server().build())
                .proxyProtocol(dev.celeris.spi.proxy.ProxyProtocolConfig.defaults()).start(r);
        servers.add(s);
        Socket raw = raw(s);
        raw.getOutputStream().write("PROXY TCP4 203.0.113.7 127.0.0.1 41000 443\r\n".getBytes(StandardCharsets.US_ASCII));
        var tls = (javax.net.ssl.SSLSocket) clientContext().getSocketFactory().createSocket(raw, "localhost", s.port(), true);
        tls.startHandshake();
        tls.getOutputStream().write("GET /peer HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String res = new String(tls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        tls.close();
        assertThat(res).startsWith("HTTP/1.1 200").contains("203.0.113.7").endsWith(" https");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void mtlsRequiredAcceptsOnlyTrustedUnexpiredClientCertificates(String engine) throws Exception {
        Server s = start(engine, TlsTestCertificates.server()
                .clientAuth(TlsConfig.ClientAuth.REQUIRED, file("ca.pem")).build());
        try (TlsClient c = new TlsClient(clientContext("client.p12"), s.port(), null)) {
            assertThat(c.get("/whoami")).endsWith("CN=test client");
        }
        for (String refused : new String[] {null, "client-expired.p12", "client-other.p12"}) {
            assertThatThrownBy(() -> {
                try (TlsClient c = new TlsClient(clientContext(refused), s.port(), null)) {
                    c.get("/whoami"); // TLS 1.3: the server's verdict arrives after the client's Finished
                }
            }).as("client certificate %s", refused).isInstanceOf(IOException.class);
        }
        try (TlsClient c = new TlsClient(clientContext("client.p12"), s.port(), null)) {
            assertThat(c.get("/whoami")).as("the server is unharmed").endsWith("CN=test client");
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void mtlsOptionalServesClientsWithoutACertificate(String engine) throws Exception {
        Server s = start(engine, TlsTestCertificates.server()
                .clientAuth(TlsConfig.ClientAuth.OPTIONAL, file("ca.pem")).build());
        try (TlsClient c = new TlsClient(clientContext(), s.port(), null)) {
            assertThat(c.get("/whoami")).endsWith("anonymous");
        }
        try (TlsClient c = new TlsClient(clientContext("client.p12"), s.port(), null)) {
            assertThat(c.get("/whoami")).endsWith("CN=test client");
        }
        assertThatThrownBy(() -> {
            try (TlsClient c = new TlsClient(clientContext("client-expired.p12"), s.port(), null)) {
                c.get("/whoami");
            }
        }).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void sniChoosesTheCertificate(String engine) throws Exception {
        TlsCredentials api = TlsCredentials.pem(file("api.pem"), file("api.key"));
        Server s = start(engine, TlsTestCertificates.server().sni("api.test", api).sni("*.api.test", api).build());
        assertThat(subject(s, "api.test")).isEqualTo("CN=api.test");
        assertThat(subject(s, "v2.api.test")).as("wildcard").isEqualTo("CN=api.test");
        assertThat(subject(s, "other.test")).as("unknown name: the default").isEqualTo("CN=localhost");
        assertThat(subject(s, null)).as("no SNI: the default").isEqualTo("CN=localhost");
    }

    private static String subject(Server s, String sni) throws Exception {
        try (TlsClient c = new TlsClient(clientContext(), s.port(), sni)) {
            return c.serverCertificate().getSubjectX500Principal().getName();
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void keyStoreCredentials(String engine) throws Exception {
        char[] pw = TlsTestCertificates.PASSWORD.toCharArray();
        Server s = start(engine, TlsConfig.builder(TlsCredentials.keyStore(file("server.p12"), "PKCS12", pw)).build());
        assertThat(subject(s, null)).isEqualTo("CN=localhost");
        Server rsa = start(engine, TlsConfig.pem(file("rsa.pem"), file("rsa-pkcs1.key")).build());
        try (TlsClient c = new TlsClient(clientContext(), rsa.port(), null)) {
            assertThat(c.serverCertificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
            assertThat(c.get("/whoami")).endsWith("anonymous");
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void reloadOnACallServesTheNewCertificateWhileOpenConnectionsKeepWorking(String engine) throws Exception {
        Path cert = copy("server.pem", "live.pem");
        Path key = copy("server.key", "live.key");
        Server s = start(engine, TlsConfig.pem(cert, key).build());
        try (TlsClient old = new TlsClient(clientContext(), s.port(), null)) {
            var first = old.serverCertificate().getSerialNumber();
            assertThat(old.get("/whoami")).startsWith("HTTP/1.1 200");
            copy("server2.pem", "live.pem");
            copy("server2.key", "live.key");
            s.reloadTls();
            try (TlsClient fresh = new TlsClient(clientContext(), s.port(), null)) {
                assertThat(fresh.serverCertificate().getSerialNumber()).isNotEqualTo(first)
                        .isEqualTo(((X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                                .generateCertificate(Files.newInputStream(file("server2.pem")))).getSerialNumber());
                assertThat(fresh.get("/whoami")).startsWith("HTTP/1.1 200");
            }
            assertThat(old.get("/whoami")).as("the old connection still works").startsWith("HTTP/1.1 200");
            assertThat(old.serverCertificate().getSerialNumber()).isEqualTo(first);
        }
        Files.writeString(cert, "broken");
        assertThatThrownBy(s::reloadTls).as("a bad file fails the reload").isInstanceOf(Exception.class);
        assertThat(subject(s, null)).as("and the previous certificate stays").isEqualTo("CN=localhost");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void watchedFilesAreReloadedWhenTheyChange(String engine) throws Exception {
        Path cert = copy("server.pem", "watched.pem");
        Path key = copy("server.key", "watched.key");
        Server s = start(engine, TlsConfig.pem(cert, key).watchInterval(Duration.ofMillis(100)).build());
        var first = serial(s);
        copy("server2.pem", "watched.pem");
        copy("server2.key", "watched.key");
        Files.setLastModifiedTime(cert, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (serial(s).equals(first) && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(serial(s)).isNotEqualTo(first);

        Path cert2 = copy("server.pem", "unwatched.pem");
        Server still = start(engine, TlsConfig.pem(cert2, copy("server.key", "unwatched.key")).build());
        var before = serial(still);
        copy("server2.pem", "unwatched.pem");
        copy("server2.key", "unwatched.key");
        Thread.sleep(500);
        assertThat(serial(still)).as("watchInterval 0: no watching").isEqualTo(before);
    }

    private static java.math.BigInteger serial(Server s) throws Exception {
        try (TlsClient c = new TlsClient(clientContext(), s.port(), null)) {
            return c.serverCertificate().getSerialNumber();
        }
    }

    private Path copy(String resource, String as) throws IOException {
        return Files.copy(file(resource), tmp.resolve(as), StandardCopyOption.REPLACE_EXISTING);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void badClientsGetACleanOutcomeAndLeaveOthersAlone(String transport) throws Exception {
        // Long enough for the good client's handshake on a loaded CI box, short enough to wait for twice.
        Server s = start(transport, TlsTestCertificates.server().handshakeTimeout(Duration.ofMillis(1500)).build());
        try (Socket plain = raw(s)) {
            plain.getOutputStream().write("GET / HTTP/1.1\r\nhost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(plain.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .startsWith("HTTP/1.1 400 ").contains("speaks HTTPS");
        }
        try (Socket garbage = raw(s)) {
            byte[] junk = new byte[2000];
            new Random(1).nextBytes(junk);
            junk[0] = 0x16;
            garbage.getOutputStream().write(junk);
            assertThat(readsToEnd(garbage.getInputStream())).as("garbage: closed").isTrue();
        }
        try (Socket silent = raw(s)) {
            assertThat(readsToEnd(silent.getInputStream())).as("no handshake: closed after the timeout").isTrue();
        }
        try (Socket half = raw(s)) {
            half.getOutputStream().write(new byte[] {0x16, 3, 1, 0, (byte) 200, 1, 0}); // a ClientHello that stops
            assertThat(readsToEnd(half.getInputStream())).as("stalled handshake: closed after the timeout").isTrue();
        }
        try (TlsClient good = new TlsClient(clientContext(), s.port(), null)) {
            assertThat(good.get("/whoami")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void handshakeTimeoutOptionKeepsAPatientConnectionOpen() throws Exception {
        Server s = start("nio", TlsTestCertificates.server().handshakeTimeout(Duration.ofSeconds(60)).build());
        try (Socket silent = raw(s)) {
            silent.setSoTimeout(700);
            assertThatThrownBy(() -> silent.getInputStream().read()).isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void httpsRedirectSendsCleartextToTheHttpsPort() throws Exception {
        Router redirect = Router.create();
        redirect.use(HttpsRedirect.to(8443));
        Server plain = Celeris.server().host("127.0.0.1").port(0).start(redirect);
        servers.add(plain);
        try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
            HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plain.port()
                    + "/a/b?x=1")).POST(HttpRequest.BodyPublishers.ofString("kept")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(308);
            assertThat(res.headers().firstValue("location")).hasValue("https://127.0.0.1:8443/a/b?x=1");
            assertThat(res.headers().firstValue("strict-transport-security")).as("never over cleartext").isEmpty();
        }
        Router both = whoami();
        both.use(HttpsRedirect.to(443));
        Server secure = Celeris.server().host("127.0.0.1").port(0).tls(TlsTestCertificates.server().build()).start(both);
        servers.add(secure);
        try (TlsClient c = new TlsClient(clientContext(), secure.port(), null)) {
            assertThat(c.get("/whoami")).as("HTTPS requests pass through").startsWith("HTTP/1.1 200");
        }
    }

    private static Socket raw(Server s) throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout(20_000);
        socket.connect(new InetSocketAddress("127.0.0.1", s.port()), 20_000);
        return socket;
    }

    private static boolean readsToEnd(InputStream in) {
        try {
            while (in.read() >= 0) {
                // drain an alert, if any
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
