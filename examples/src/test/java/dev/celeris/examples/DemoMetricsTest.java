package dev.celeris.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.router.Celeris;
import dev.celeris.router.Router;
import dev.celeris.router.Server;
import dev.celeris.router.ServerBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --metrics}: a flag without a value that adds {@code GET /metrics}; without it nothing changes. */
@Timeout(60)
class DemoMetricsTest {

    @Test
    void theFlagIsFoundAndRemovedBeforeTheOtherOptions() {
        String[] args = {"--port", "9000", "--metrics", "--transport", "netty"};
        assertThat(DemoMetrics.requested(args)).isTrue();
        assertThat(DemoApp.Options.parse(DemoMetrics.without(args)))
                .isEqualTo(new DemoApp.Options("netty", null, 9000, "secret", null));
        assertThat(DemoMetrics.requested(new String[] {"--port", "9000"})).isFalse();
    }

    @Test
    void metricsRouteOnlyWithTheFlag() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        ServerBuilder builder = Celeris.server().host("127.0.0.1").port(0).transport("nio");
        Router router = DemoApp.router("secret");
        DemoMetrics.install(router, builder);
        try (Server server = builder.start(router)) {
            String base = "http://127.0.0.1:" + server.port();
            client.send(HttpRequest.newBuilder(URI.create(base + "/users/1")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("http_route=\"/users/:id\"");
        }
        try (Server plain = Celeris.server().host("127.0.0.1").port(0).transport("nio").start(DemoApp.router("secret"))) {
            HttpResponse<String> none = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + plain.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(404);
        }
    }
}
