package dev.celeris.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.compliance.interop.InteropClient;
import dev.celeris.compliance.interop.InteropClients;
import dev.celeris.compliance.interop.Outcome;
import dev.celeris.compliance.interop.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients against every transport (demo routes): curl, nghttp, h2load, the JDK
 * HttpClient, OkHttp, Netty's and Jetty's HTTP/2 clients, each on GET, a 1 MiB POST and a
 * 10 MiB download. Writes the matrix to {@code target/interop.md} (copied to
 * {@code docs/interop.md}); every available cell must pass. A client whose binary is missing
 * is reported as skipped in the table and in the test output, never silently.
 */
@Timeout(600)
class InteropMatrixTest {

    @TempDir
    static Path dir;

    @AfterAll
    static void stop() {
        CelerisServers.closeAll();
    }

    @Test
    void everyClientTalksToEveryTransport() throws Exception {
        List<String> transports = CelerisServers.transports();
        Map<String, Map<String, String>> table = new LinkedHashMap<>(); // row "client / scenario" -> transport -> cell
        List<String> failures = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (InteropClient client : InteropClients.all(dir)) {
            try (client) {
                String missing = client.unavailable();
                for (Scenario s : Scenario.values()) {
                    Map<String, String> row = table.computeIfAbsent(client.name() + " | " + s.label(), k -> new LinkedHashMap<>());
                    for (String t : transports) {
                        if (missing != null) {
                            row.put(t, "⏭ skipped: " + missing);
                            continue;
                        }
                        String base = "http://127.0.0.1:" + CelerisServers.server(t).port();
                        Outcome o;
                        try {
                            o = client.run(s, base);
                        } catch (Exception e) {
                            o = Outcome.failed(e);
                        }
                        row.put(t, o.cell());
                        if (!o.ok()) failures.add(client.name() + " " + s.label() + " on " + t + ": " + o.detail());
                    }
                }
                if (missing != null) skipped.add(client.name() + " (" + missing + ")");
            }
        }
        StringBuilder md = new StringBuilder("| client | exchange | ").append(String.join(" | ", transports)).append(" |\n|---|---|")
                .append("---|".repeat(transports.size())).append('\n');
        table.forEach((row, cells) -> md.append("| ").append(row).append(" | ").append(String.join(" | ", cells.values())).append(" |\n"));
        Path out = Path.of("target", "interop.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        if (!skipped.isEmpty()) System.out.println("SKIPPED interop clients (binary missing): " + skipped);
        assertThat(failures).as("interop matrix (see " + out.toAbsolutePath() + ")\n" + md).isEmpty();
    }
}
