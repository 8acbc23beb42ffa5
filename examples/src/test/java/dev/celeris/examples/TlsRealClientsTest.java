package dev.celeris.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.router.Celeris;
import dev.celeris.router.Server;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import dev.celeris.spi.testkit.TlsTestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo routes over HTTPS (the JDK TLS layer, and each native engine: {@code netty-native},
 * {@code jetty-native}) on every transport, driven by clients nobody
 * here wrote: curl with {@code --http2} and {@code --http1.1} (checking the certificate against
 * the test CA), nghttp, h2load, the JDK HttpClient and OkHttp (h2 by ALPN), and headless Chromium
 * loading {@code /static/h2check.html}, whose script reports the page's {@code nextHopProtocol}
 * and fetches {@code /users/42}; the DOM it leaves is read with {@code --dump-dom}.
 */
@Timeout(120)
class TlsRealClientsTest {

    private static final Map<String, Server> SERVERS = new ConcurrentHashMap<>();

    static List<String> transports() {
        // The memory transport (celeris-test) has no socket for these clients.
        List<String> names = new java.util.ArrayList<>(Transports.available().stream().map(TransportProvider::name)
                .filter(n -> !n.equals("memory")).toList());
        Assumptions.assumeFalse(names.isEmpty(), "no transport on the class path");
        // and the native TLS engines: netty's SslHandler on BoringSSL, jetty's SslConnection
        names.addAll(names.stream().filter(n -> n.equals("netty") || n.equals("jetty")).map(n -> n + "-native").toList());
        return names;
    }

    /** https://localhost:PORT of a TLS demo server on {@code transport} (started once per transport). */
    static String base(String transport) {
        Server server = SERVERS.computeIfAbsent(transport, t -> Celeris.server().host("127.0.0.1").port(0)
                .transport(t.replace("-native", "")).shutdownGrace(Duration.ofSeconds(1))
                .tls(TlsTestCertificates.server().engine(t.endsWith("-native")
                        ? dev.celeris.spi.tls.TlsConfig.Engine.NATIVE : dev.celeris.spi.tls.TlsConfig.Engine.JDK).build())
                .start(DemoApp.router("secret")));
        return "https://localhost:" + server.port();
    }

    @AfterAll
    static void stopServers() {
        SERVERS.values().forEach(Server::close);
        SERVERS.clear();
    }

    @ParameterizedTest
    @MethodSource("transports")
    void curlHttp2AndHttp11(String transport) throws Exception {
        String curl = ExternalTools.require("curl");
        String ca = TlsTestCertificates.file("ca.pem").toString();
        for (String[] mode : new String[][] {{"--http2", "2"}, {"--http1.1", "1.1"}}) {
            ExternalTools.Run r = ExternalTools.run(curl, "-sS", mode[0], "--cacert", ca, "-w", " %{http_version}",
                    base(transport) + "/users/42");
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output()).isEqualTo("{\"user_id\":\"42\"} " + mode[1]);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void nghttpNegotiatesH2(String transport) throws Exception {
        ExternalTools.Run r = ExternalTools.run(ExternalTools.require("nghttp"), "-v", base(transport) + "/json");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("The negotiated protocol: h2").contains("{\"message\":\"Hello, World!\"}");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void h2loadOverTls(String transport) throws Exception {
        ExternalTools.Run r = ExternalTools.run(ExternalTools.require("h2load"), "-n", "400", "-c", "4", "-m", "10",
                base(transport) + "/");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("Application protocol: h2")
                .contains("requests: 400 total, 400 started, 400 done, 400 succeeded, 0 failed");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void jdkHttpClientGetsH2ByAlpn(String transport) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().sslContext(TlsTestCertificates.clientContext())
                .version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create(base(transport) + "/users/42")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(res.body()).isEqualTo("{\"user_id\":\"42\"}");
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base(transport) + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"over tls\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.body()).isEqualTo("{\"title\":\"over tls\"}");
        }
        try (HttpClient h1 = HttpClient.newBuilder().sslContext(TlsTestCertificates.clientContext())
                .version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<byte[]> res = h1.send(HttpRequest.newBuilder(URI.create(base(transport) + "/download?bytes=3000000"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(res.body()).hasSize(3_000_000);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void okHttpGetsH2ByAlpn(String transport) throws Exception {
        SSLContext ssl = TlsTestCertificates.clientContext();
        OkHttpClient client = new OkHttpClient.Builder().sslSocketFactory(ssl.getSocketFactory(), trustManager())
                .readTimeout(20, TimeUnit.SECONDS).build();
        try {
            for (int i = 0; i < 3; i++) {
                try (Response res = client.newCall(new Request.Builder().url(base(transport) + "/users/" + i).build())
                        .execute()) {
                    assertThat(res.protocol()).isEqualTo(Protocol.HTTP_2);
                    assertThat(res.body().string()).isEqualTo("{\"user_id\":\"" + i + "\"}");
                }
            }
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void headlessChromiumLoadsThePageOverH2(String transport) throws Exception {
        String chromium = ExternalTools.require("chromium");
        Path profile = Files.createTempDirectory("celeris-chromium");
        ExternalTools.Run r = ExternalTools.run(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-dev-shm-usage", "--ignore-certificate-errors",
                "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom",
                base(transport) + "/static/h2check.html");
        assertThat(r.output()).as(r.output())
                .contains("protocol=h2 h2=true users42=200 {\"user_id\":\"42\"}");
    }

    private static X509TrustManager trustManager() throws Exception {
        var store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (var in = Files.newInputStream(TlsTestCertificates.file("ca.pem"))) {
            store.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }
}
