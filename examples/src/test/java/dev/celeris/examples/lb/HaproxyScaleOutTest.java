package dev.celeris.examples.lb;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three demo instances (nio, netty, jetty: one JVM each) behind HAProxy with the repository's
 * {@code deploy/haproxy/haproxy.cfg} (HTTP/2 to every instance, health checks on
 * {@code /health}): load spreads, a rolling restart under h2load loses no request, a killed
 * instance is taken out by the health check. Skipped where haproxy or h2load is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HaproxyScaleOutTest {

    private static final List<String> TRANSPORTS = List.of("nio", "netty", "jetty");

    @TempDir
    static Path dir;
    private final List<DemoProcess> instances = new ArrayList<>();
    private HaproxyProcess haproxy;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Tools.onPath("haproxy"), "SKIPPED: haproxy is not installed (Debian package haproxy; .ci/run installs it)");
        assumeTrue(Tools.onPath("h2load"), "SKIPPED: h2load is not installed (Debian package nghttp2-client)");
        for (String t : TRANSPORTS) instances.add(DemoProcess.start(t, 0, dir));
        haproxy = HaproxyProcess.start(dir, HaproxyProcess.servers(instances), Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        if (haproxy != null) haproxy.close();
        for (DemoProcess d : instances) if (d.isAlive()) d.kill();
    }

    @Test
    @Order(1)
    @Timeout(120)
    void loadSpreadsOverTheThreeTransports() throws Exception {
        Map<String, Integer> servedBy = new TreeMap<>();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int i = 0; i < 30; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(haproxy.url("/users/" + i))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("{\"user_id\":\"" + i + "\"}");
                servedBy.merge(r.headers().firstValue("x-served-by").orElse("?"), 1, Integer::sum);
            }
        }
        assertThat(servedBy).as("round robin over every instance").containsOnlyKeys(TRANSPORTS)
                .allSatisfy((name, count) -> assertThat(count).isGreaterThanOrEqualTo(5));
        H2Load load = H2Load.run(haproxy.url("/json"), 3000, 4, 8);
        assertThat(load.lostNothing()).as(load.output()).isTrue();
    }

    @Test
    @Order(2)
    @Timeout(300)
    void rollingRestartUnderLoadLosesNoRequest() throws Exception {
        long goawaysBefore = Long.parseLong(haproxy.stat("BACKEND", "h2_goaway_rcvd"));
        AtomicBoolean restarting = new AtomicBoolean(true);
        List<H2Load> runs = new CopyOnWriteArrayList<>();
        List<Throwable> loadFailures = new CopyOnWriteArrayList<>();
        java.nio.file.Path body = java.nio.file.Files.writeString(dir.resolve("post.json"), "{\"title\":\"rolling\",\"n\":42}");
        Thread load = Thread.ofPlatform().name("h2load-loop").start(() -> {
            try {
                boolean post = false;
                do {
                    // GET /json and POST /echo (not idempotent: only a refused connection may be retried) in turn
                    runs.add(post ? H2Load.run(haproxy.url("/echo"), 2000, 4, 8, body) : H2Load.run(haproxy.url("/json"), 2000, 4, 8));
                    post = !post;
                } while (restarting.get());
            } catch (Throwable t) {
                loadFailures.add(t);
            }
        });
        try {
            Tools.await("the first h2load run", Duration.ofSeconds(60), () -> !runs.isEmpty() || !loadFailures.isEmpty());
            for (int i = 0; i < instances.size(); i++) {
                DemoProcess old = instances.get(i);
                int runsBefore = runs.size();
                old.stop(); // SIGTERM: GOAWAY to HAProxy's connections, drain, exit
                DemoProcess fresh = DemoProcess.start(old.transport, old.port, dir);
                instances.set(i, fresh);
                haproxy.awaitStatus(fresh.transport, "UP", Duration.ofSeconds(60));
                // Load kept flowing through the restart (some run ended after it started).
                Tools.await("h2load to keep running", Duration.ofSeconds(60), () -> runs.size() > runsBefore || !loadFailures.isEmpty());
            }
        } finally {
            restarting.set(false);
            load.join(Duration.ofSeconds(120));
        }
        assertThat(loadFailures).isEmpty();
        long total = runs.stream().mapToLong(H2Load::total).sum();
        assertThat(runs).as("h2load runs through the rolling restart").hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(run -> assertThat(run.lostNothing()).as(run.output()).isTrue());
        assertThat(total).isEqualTo(2000L * runs.size());
        long goaways = Long.parseLong(haproxy.stat("BACKEND", "h2_goaway_rcvd")) - goawaysBefore;
        assertThat(goaways).as("HAProxy received a GOAWAY from every instance it was connected to").isGreaterThanOrEqualTo(3);
        System.out.println("rolling restart of " + TRANSPORTS + ": " + runs.size() + " h2load runs, " + total
                + " requests, all answered 2xx; " + goaways + " GOAWAY frames received by HAProxy");
    }

    @Test
    @Order(3)
    @Timeout(180)
    void killedInstanceIsTakenOutByTheHealthCheck() throws Exception {
        DemoProcess victim = instances.get(2);
        victim.kill(); // SIGKILL: no GOAWAY, no drain
        haproxy.awaitStatus(victim.transport, "DOWN", Duration.ofSeconds(60));
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(haproxy.url("/"))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-served-by")).get().isNotEqualTo(victim.transport);
            }
        }
        H2Load load = H2Load.run(haproxy.url("/"), 2000, 4, 8);
        assertThat(load.lostNothing()).as(load.output()).isTrue();
    }
}
