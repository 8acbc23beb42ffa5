package dev.celeris.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.router.Celeris;
import dev.celeris.router.Router;
import dev.celeris.router.Server;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Counters match reality under load: after a fixed h2load run the request count, the response
 * body bytes and the bytes sent on the connections equal what h2load itself reports.
 */
@Timeout(120)
class H2loadCountersTest {

    private static final int REQUESTS = 2000;

    @Test
    void requestCountAndBytesEqualWhatH2loadReports() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/h2load")),
                "h2load is not installed (Debian nghttp2-client): skipped");
        MeterRegistry registry = new SimpleMeterRegistry();
        Router router = Router.create();
        router.get("/users/:id", ctx -> ctx.json(java.util.Map.of("user_id", ctx.param("id"))));
        String out;
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport("nio")
                .observer(CelerisMetrics.create(registry)).start(router)) {
            File log = File.createTempFile("h2load", ".txt");
            try {
                Process p = new ProcessBuilder("h2load", "-n", Integer.toString(REQUESTS), "-c", "4", "-m", "10",
                        "http://127.0.0.1:" + server.port() + "/users/42")
                        .redirectErrorStream(true).redirectOutput(log).start();
                if (!p.waitFor(90, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("h2load did not finish");
                }
                out = Files.readString(log.toPath(), StandardCharsets.UTF_8);
            } finally {
                log.delete();
            }
            assertThat(out).contains(REQUESTS + " succeeded, 0 failed, 0 errored");
            // h2load closed its connections: wait until the server saw every close (bytes are added then)
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && openConnections(registry) != 0) Thread.sleep(20);
        }
        long traffic = number(out, "traffic: [^(]*\\((\\d+)\\) total");
        long data = number(out, "traffic: .*?, [^(]*\\((\\d+)\\) data");

        var duration = registry.find("http.server.request.duration").tag("http.route", "/users/:id").timer();
        assertThat(duration.count()).isEqualTo(REQUESTS);
        var body = registry.find("http.server.response.body.size").tag("http.route", "/users/:id").summary();
        assertThat((long) body.totalAmount()).as(out).isEqualTo(data);
        // h2load counts what it read until it sent its GOAWAY; the server's answering GOAWAY
        // (9-byte header + 8-byte payload, one per connection) arrives after h2load stopped counting.
        double serverGoAways = registry.find("celeris.http2.goaways").tag("celeris.origin", "server").counter().count();
        assertThat(serverGoAways).isEqualTo(4);
        assertThat((long) registry.find("celeris.server.network.io").tag("network.io.direction", "transmit").counter()
                .count()).as(out).isEqualTo(traffic + 17 * (long) serverGoAways);
        assertThat(registry.find("celeris.http2.streams").counter().count()).isEqualTo(REQUESTS);
        assertThat(registry.find("celeris.server.connections").counter().count()).isEqualTo(4);
    }

    private static double openConnections(MeterRegistry registry) {
        return registry.find("celeris.server.connections.active").gauges().stream().mapToDouble(g -> g.value()).sum();
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) throw new AssertionError("no " + regex + " in\n" + text);
        return Long.parseLong(m.group(1));
    }
}
