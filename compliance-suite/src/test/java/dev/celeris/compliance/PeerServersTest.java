package dev.celeris.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.compliance.peers.PeerServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The suite against the native h2c servers of Netty, Jetty and Undertow (their defaults): each
 * run must match {@code expectations/<peer>.txt}, whose FAIL lines are the peer's deviations
 * (summarised in {@code PEERS.md}). Writes the full CLI-style output to
 * {@code target/peers/<peer>.txt} for the report.
 *
 * <p>Opt-in ({@code -Dh2check.peers=true}): the peers are other projects' servers, their
 * verdicts on timing-sensitive cases can move with the load of the machine, and the run takes
 * about a minute; it documents them, it does not gate Celeris.
 */
@Timeout(180)
class PeerServersTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"netty", "jetty", "undertow"})
    void verdictsMatchTheExpectationFile(String peer) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("h2check.peers"),
                "SKIPPED: peer servers (Netty/Jetty/Undertow) run only with -Dh2check.peers=true; see compliance-suite/PEERS.md");
        try (PeerServer server = PeerServer.start(peer)) {
            List<Result> results = new Runner(new Target("127.0.0.1", server.port(), "/", Duration.ofSeconds(1)))
                    .runAll(Catalogue.select(null, true, true), r -> { });
            Path out = Path.of("target", "peers", peer + ".txt");
            Files.createDirectories(out.getParent());
            Files.write(out, results.stream().map(Result::line).toList());
            Path expectations = Path.of("expectations", peer + ".txt");
            Map<String, Result.Verdict> expected = Expectations.load(expectations);
            assertThat(Expectations.differences(expected, results)).as(peer + " verdicts vs " + expectations).isEmpty();
        }
    }
}
