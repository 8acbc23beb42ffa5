package dev.celeris.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The CLI contract: one line per case, a final {@code N passed, M failed}, exit status, JUnit XML. */
@Timeout(60)
class H2CheckCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return H2Check.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @AfterAll
    static void stop() {
        CelerisServers.closeAll();
    }

    @Test
    void sectionRunAgainstCelerisPassesAndWritesJUnitXml() throws Exception {
        int port = CelerisServers.server("nio").port();
        Path xml = dir.resolve("report.xml");
        int status = run("--host", "127.0.0.1", "--port", Integer.toString(port), "--path", "/", "--section", "6.5",
                "--timeout", "2s", "--junit", xml.toString());
        List<String> lines = lines();
        int n = Catalogue.select("6.5", false, false).size();
        assertThat(lines).hasSize(n + 1);
        assertThat(lines.subList(0, n)).allMatch(l -> l.startsWith("PASS ") && l.contains("§6.5"));
        assertThat(lines.get(n)).isEqualTo(n + " passed, 0 failed");
        assertThat(status).isZero();
        assertThat(Files.readString(xml)).contains("<testsuite", "tests=\"" + n + "\"", "failures=\"0\"", "http2/6.5.2/1");
    }

    @Test
    void tlsOptionRunsTheCasesOverTlsAndRefusesACleartextPort() throws Exception {
        int port = CelerisServers.tlsTarget("netty", java.time.Duration.ofSeconds(2)).port();
        int status = run("--host", "127.0.0.1", "--port", Integer.toString(port), "--tls", "--section", "6.5");
        int n = Catalogue.select("6.5", false, false).size();
        assertThat(lines().get(lines().size() - 1)).isEqualTo(n + " passed, 0 failed");
        assertThat(status).isZero();
        out.reset();
        int cleartext = CelerisServers.server("nio").port();
        assertThat(run("--host", "127.0.0.1", "--port", Integer.toString(cleartext), "--tls", "--section", "6.5.2"))
                .as("--tls against a cleartext port fails").isEqualTo(1);
    }

    @Test
    void failuresSayWhatWasExpectedAndSeenAndExitNonZero() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        int status = run("--host", "127.0.0.1", "--port", Integer.toString(closedPort), "--section", "http2/6.7/1", "--timeout", "300ms");
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(0)).startsWith("FAIL http2/6.7/1").contains("expected: ").contains("seen: ").contains("Connection refused");
        assertThat(lines().get(1)).isEqualTo("0 passed, 1 failed");
        assertThat(status).isEqualTo(1);
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("--port", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--host and --port are required", "usage:");
        assertThat(run("--host", "h", "--port", "1", "--timeout", "soon")).isEqualTo(2);
        assertThat(run("--host", "h", "--port", "1", "--section", "99.9")).isEqualTo(2);
    }

    @Test
    void listShowsCasesWithTheirRequirement() {
        assertThat(run("--list", "--strict")).isZero();
        assertThat(lines()).anyMatch(l -> l.startsWith("strict/")).anyMatch(l -> l.contains("RFC 7541"));
        assertThat(lines().getLast()).endsWith(" cases");
    }

    @Test
    void webSocketOptionsSelectTheGroupsPathAndLimit() {
        int port = CelerisServers.server("nio").port();
        String p = Integer.toString(port);
        // Without --websocket the catalogue runs no WebSocket case; with it, all four groups.
        assertThat(run("--list")).isZero();
        assertThat(lines()).noneMatch(l -> l.startsWith("websocket"));
        out.reset();
        assertThat(run("--list", "--websocket")).isZero();
        assertThat(lines()).anyMatch(l -> l.startsWith("websocket/")).anyMatch(l -> l.startsWith("websocket-h2/"))
                .anyMatch(l -> l.startsWith("deflate/")).anyMatch(l -> l.startsWith("deflate-h2/"));
        out.reset();
        // --ws-path picks the endpoint: the default /ws/echo exists in the demo, a missing one fails the handshake.
        assertThat(run("--host", "127.0.0.1", "--port", p, "--websocket", "--section", "websocket-h2/5.2/1")).isZero();
        out.reset();
        assertThat(run("--host", "127.0.0.1", "--port", p, "--websocket", "--ws-path", "/no-such-socket", "--section", "websocket/5.2/1")).isEqualTo(1);
        out.reset();
        // --ws-max-message enables the limit cases, which are skipped without it.
        assertThat(run("--host", "127.0.0.1", "--port", p, "--ws-path", CelerisServers.WS_PATH, "--section", "websocket/10.4/3")).isZero();
        assertThat(lines()).contains("1 skipped", "0 passed, 0 failed");
        out.reset();
        assertThat(run("--host", "127.0.0.1", "--port", p, "--ws-path", CelerisServers.WS_PATH, "--ws-max-message", "1048576",
                "--section", "websocket/10.4/3")).isZero();
        assertThat(lines().getFirst()).startsWith("PASS websocket/10.4/3").contains("RFC 6455 §10.4");
        assertThat(lines().getLast()).isEqualTo("1 passed, 0 failed");
    }

    @Test
    void timeoutsParse() {
        assertThat(H2Check.parseDuration("2s").toMillis()).isEqualTo(2000);
        assertThat(H2Check.parseDuration("500ms").toMillis()).isEqualTo(500);
        assertThat(H2Check.parseDuration("1.5").toMillis()).isEqualTo(1500);
    }
}
