package dev.celeris.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.router.Celeris;
import dev.celeris.router.Router;
import dev.celeris.router.Server;
import dev.celeris.spi.testkit.TlsTestCertificates;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Over TLS the observed connection still shows the engine the TLS session and ALPN protocol
 * (HTTP/2 is chosen, the handler sees the session), and each connection's handshake is counted
 * by protocol version and ALPN protocol.
 */
@Timeout(60)
class TlsMetricsTest {

    @Test
    void handshakesAreCountedAndTheEngineStillSeesAlpn() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Router router = Router.create();
        router.get("/users/:id", ctx -> ctx.string(ctx.protocol() + " " + ctx.tlsSession().getProtocol()));
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport("nio")
                .tls(TlsTestCertificates.server().build()).observer(CelerisMetrics.create(registry)).start(router);
             HttpClient client = HttpClient.newBuilder().sslContext(TlsTestCertificates.clientContext())
                     .version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port()
                    + "/users/1")).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("HTTP/2.0 TLSv1.3");
        }
        var handshakes = registry.find("celeris.tls.handshakes").tag("tls.protocol.version", "TLSv1.3")
                .tag("tls.next_protocol", "h2").counter();
        assertThat(handshakes).isNotNull();
        assertThat(handshakes.count()).isEqualTo(1);
        assertThat(registry.find("http.server.request.duration").tag("http.route", "/users/:id")
                .tag("network.protocol.version", "2").timer().count()).isEqualTo(1);
    }
}
