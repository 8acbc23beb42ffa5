package dev.celeris.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.router.Celeris;
import dev.celeris.router.Router;
import dev.celeris.router.Server;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The binder over a real server: meters, tags and the Prometheus endpoint. */
@Timeout(60)
class CelerisMetricsTest {

    private static final HttpClient H1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final HttpClient H2C = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

    private static HttpResponse<String> send(HttpClient client, String method, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Timer timer(MeterRegistry registry, String method, String route, String status, String version) {
        return registry.find("http.server.request.duration").tag("http.request.method", method).tag("http.route", route)
                .tag("http.response.status_code", status).tag("network.protocol.version", version).timer();
    }

    @Test
    void requestsAreRecordedByRouteTemplateNeverByPath() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Router router = Router.create();
        router.get("/users/:id", ctx -> ctx.string("user " + ctx.param("id")));
        router.get("/boom", ctx -> {
            throw new IllegalStateException("bug");
        });
        PrometheusEndpoint.register(router, registry);
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport("nio")
                .observer(CelerisMetrics.create(registry)).start(router)) {
            String base = "http://127.0.0.1:" + server.port();
            for (int i = 0; i < 3; i++) assertThat(send(H1, "GET", base + "/users/" + i).body()).isEqualTo("user " + i);
            for (int i = 0; i < 2; i++) assertThat(send(H2C, "GET", base + "/users/x" + i).statusCode()).isEqualTo(200);
            assertThat(send(H1, "GET", base + "/nothing/here").statusCode()).isEqualTo(404);
            assertThat(send(H1, "BREW", base + "/users/1").statusCode()).isEqualTo(405);
            assertThat(send(H1, "GET", base + "/boom").statusCode()).isEqualTo(500);

            // An exchange is recorded when its handler returns, which can be just after the client has
            // the response: wait until every exchange above is recorded (no timing asserted).
            eventually(() -> {
                assertThat(timer(registry, "GET", "/users/:id", "200", "1.1").count()).isEqualTo(3);
                assertThat(timer(registry, "GET", "/users/:id", "200", "2").count()).isEqualTo(2);
                assertThat(timer(registry, "GET", "_UNMATCHED", "404", "1.1").count()).isEqualTo(1);
                assertThat(timer(registry, "_OTHER", "_UNMATCHED", "405", "1.1").count()).isEqualTo(1);
                assertThat(timer(registry, "GET", "/boom", "500", "1.1").count()).isEqualTo(1);
                assertThat(registry.find("http.server.request.duration").timers())
                        .allSatisfy(t -> assertThat(t.getId().getTag("http.route")).doesNotContain("/users/0", "/nothing"));
                assertThat(registry.find("http.server.response.body.size").tag("http.route", "/users/:id")
                        .tag("network.protocol.version", "1.1").summary().totalAmount()).isEqualTo(3 * "user 0".length());
                assertThat(registry.find("http.server.active_requests").tag("http.request.method", "GET").gauge().value())
                        .isZero();
            });
            assertThat(registry.find("celeris.http2.streams").counter().count()).isGreaterThanOrEqualTo(2);

            HttpResponse<String> scrape = send(H1, "GET", base + "/metrics");
            assertThat(scrape.headers().firstValue("content-type")).hasValue(PrometheusEndpoint.CONTENT_TYPE);
            assertThat(scrape.body()).contains("http_server_request_duration_seconds_count{http_request_method=\"GET\","
                    + "http_response_status_code=\"200\",http_route=\"/users/:id\",network_protocol_version=\"1.1\"} 3");
            assertThat(scrape.body()).contains("celeris_server_connections_active{network_protocol_version=\"1.1\"}");
        }
        // every connection closed: the open-connection gauges are back to zero, bytes were counted
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && openConnections(registry) != 0) Thread.sleep(50);
        assertThat(openConnections(registry)).isZero();
        assertThat(registry.find("celeris.server.network.io").tag("network.io.direction", "receive").counter().count())
                .isPositive();
    }

    /** Retries {@code assertion} until it passes (20 s at most): meters are updated after the response is out. */
    private static void eventually(Runnable assertion) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError | NullPointerException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(20);
            }
        }
    }

    private static double openConnections(MeterRegistry registry) {
        return registry.find("celeris.server.connections.active").gauges().stream().mapToDouble(g -> g.value()).sum();
    }

    /**
     * A client that cuts its upload short (content-length 100, 10 bytes, then gone) and a client
     * that sends a malformed request line are counted by kind; neither is answered 500.
     */
    @Test
    void clientFailuresAreCountedByKind() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Router router = Router.create();
        router.post("/upload", ctx -> ctx.string("read " + ctx.request().body().readAllBytes().length));
        PrometheusEndpoint.register(router, registry);
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport("nio")
                .observer(CelerisMetrics.create(registry)).start(router)) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
                s.getOutputStream().write(("POST /upload HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n0123456789")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                s.shutdownOutput(); // the body can never complete
                assertThat(new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII))
                        .doesNotContain(" 500 ");
            }
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
                s.getOutputStream().write("GET /x HTTP/1.1\r\nbad header line\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertThat(new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII))
                        .startsWith("HTTP/1.1 400");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && (failures(registry, "disconnected") < 1 || failures(registry, "protocol_error") < 1)) {
                Thread.sleep(50);
            }
            assertThat(failures(registry, "disconnected")).isEqualTo(1);
            assertThat(failures(registry, "protocol_error")).isEqualTo(1);
            assertThat(send(H1, "GET", "http://127.0.0.1:" + server.port() + "/metrics").body())
                    .contains("celeris_client_failures_total{celeris_failure=\"protocol_error\"} 1.0");
        }
    }

    private static double failures(MeterRegistry registry, String kind) {
        var c = registry.find("celeris.client.failures").tag("celeris.failure", kind).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void semanticConventionValuesAreBounded() {
        assertThat(SemanticConventions.method("GET")).isEqualTo("GET");
        assertThat(SemanticConventions.method("get")).isEqualTo("_OTHER");
        assertThat(SemanticConventions.method("X-CUSTOM")).isEqualTo("_OTHER");
        assertThat(SemanticConventions.route(null)).isEqualTo("_UNMATCHED");
        assertThat(SemanticConventions.protocolVersion("HTTP/2.0")).isEqualTo("2");
        assertThat(SemanticConventions.protocolVersion(null)).isEqualTo("unknown");
        assertThat(SemanticConventions.h2Error(0xb)).isEqualTo("ENHANCE_YOUR_CALM");
        assertThat(SemanticConventions.h2Error(0xdead)).isEqualTo("_OTHER");
        assertThat(SemanticConventions.status(204)).isEqualTo("204");
    }
}
