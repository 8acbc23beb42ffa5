package dev.celeris.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.spi.testkit.TlsTestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The TLS listeners of the benchmark servers answer the hello route over h2 and HTTP/1.1 (ALPN). */
@Timeout(60)
class TlsPeersTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"netty-native", "jetty-native", "undertow-native", "celeris-nio", "celeris-jetty"})
    void helloOverTlsByAlpn(String server) throws Exception {
        try (Peer peer = TlsPeers.start(server, "127.0.0.1", 1, TlsTestCertificates.file("server.pem"),
                TlsTestCertificates.file("server.key"))) {
            assertThat(peer.name()).isEqualTo(server);
            for (HttpClient.Version version : HttpClient.Version.values()) {
                try (HttpClient client = HttpClient.newBuilder().sslContext(TlsTestCertificates.clientContext())
                        .version(version).build()) {
                    HttpResponse<String> res = client.send(HttpRequest.newBuilder(
                            URI.create("https://localhost:" + peer.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(res.version()).as(server).isEqualTo(version);
                    assertThat(res.body()).isEqualTo("Hello, Celeris!");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"helidon-native", "celeris-router-nio"})
    void serversWithoutATlsListenerHaveNoTlsRow(String server) throws Exception {
        assertThat(TlsPeers.start(server, "127.0.0.1", 1, TlsTestCertificates.file("server.pem"),
                TlsTestCertificates.file("server.key"))).isNull();
    }
}
