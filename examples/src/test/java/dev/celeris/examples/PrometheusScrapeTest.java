package dev.celeris.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.router.Celeris;
import dev.celeris.router.Router;
import dev.celeris.router.Server;
import dev.celeris.router.ServerBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus server (the Debian {@code prometheus} package) scrapes the demo with
 * {@code --metrics} on every transport, and its HTTP API must show the request counter of
 * {@code /users/:id} with exactly the requests sent, and {@code up == 1} for each target.
 * Everything binds 127.0.0.1; Prometheus gets a temporary config and data directory and is
 * stopped by its PID.
 */
@Timeout(180)
class PrometheusScrapeTest {

    private static final List<String> TRANSPORTS = List.of("nio", "netty", "jetty");
    private static final HttpClient H1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final HttpClient H2C = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void prometheusScrapesTheDemoOnEveryTransport() throws Exception {
        Path binary = Stream.of("/usr/bin/prometheus", "/usr/local/bin/prometheus").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(binary != null, "prometheus is not installed (Debian package prometheus): skipped");
        Map<String, Server> servers = new LinkedHashMap<>();
        Path dir = Files.createTempDirectory("celeris-prometheus");
        Process prometheus = null;
        try {
            Map<String, Integer> expected = new TreeMap<>();
            for (int t = 0; t < TRANSPORTS.size(); t++) {
                String transport = TRANSPORTS.get(t);
                ServerBuilder builder = Celeris.server().host("127.0.0.1").port(0).transport(transport)
                        .shutdownGrace(Duration.ofSeconds(1));
                Router router = DemoApp.router("secret");
                DemoMetrics.install(router, builder);
                Server server = builder.start(router);
                servers.put(transport, server);
                int requests = 3 + t; // a different count per transport, so no target can pass for another
                for (int i = 0; i < requests; i++) {
                    HttpClient client = i % 2 == 0 ? H1 : H2C;
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/users/" + i)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isEqualTo(200);
                }
                expected.put(transport, requests);
            }
            int apiPort = freePort();
            Files.writeString(dir.resolve("prometheus.yml"), config(servers));
            prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + apiPort,
                    "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            String api = "http://127.0.0.1:" + apiPort;

            Map<String, Integer> counts = Map.of();
            Map<String, Integer> up = Map.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && !(counts.equals(expected) && up.size() == 3)) {
                Thread.sleep(500);
                if (!prometheus.isAlive()) break;
                counts = query(api, "sum by (job) (http_server_request_duration_seconds_count{http_route=\"/users/:id\"})");
                up = query(api, "up == 1");
            }
            assertThat(prometheus.isAlive()).as("prometheus log: %s", log(dir)).isTrue();
            assertThat(counts).as("request counters per transport").isEqualTo(expected);
            assertThat(up).as("up == 1 per target").containsOnlyKeys(TRANSPORTS).containsValues(1);
        } finally {
            if (prometheus != null) {
                prometheus.destroy(); // SIGTERM to this PID only
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            servers.values().forEach(Server::close);
            deleteTree(dir);
        }
    }

    private static String config(Map<String, Server> servers) {
        StringBuilder yml = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n");
        servers.forEach((name, server) -> yml.append("  - job_name: ").append(name).append('\n')
                .append("    static_configs:\n      - targets: ['127.0.0.1:").append(server.port()).append("']\n"));
        return yml.toString();
    }

    /** An instant query's result as job → integer value; empty while Prometheus is not ready. */
    private static Map<String, Integer> query(String api, String promql) {
        try {
            HttpResponse<String> r = H1.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) return Map.of();
            Map<String, Integer> out = new TreeMap<>();
            for (JsonNode sample : JSON.readTree(r.body()).path("data").path("result")) {
                out.put(sample.path("metric").path("job").asString(),
                        (int) Double.parseDouble(sample.path("value").get(1).asString()));
            }
            return out;
        } catch (IOException e) {
            return Map.of(); // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
