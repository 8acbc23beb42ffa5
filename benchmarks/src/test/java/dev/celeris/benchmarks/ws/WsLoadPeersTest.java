package dev.celeris.benchmarks.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.benchmarks.peers.Peer;
import dev.celeris.benchmarks.peers.WsPeers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Smoke test of the WebSocket benchmark rows end to end (no timing assertions): every WebSocket
 * peer answers {@code /ws/echo} and the {@code /ws/sub} + {@code /ws/pub} broadcast pair, and
 * {@link WsLoad} drives them, checking every echoed or delivered message byte for byte, with
 * run.sh's summary lines and latency log.
 */
@Timeout(120)
class WsLoadPeersTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"celeris-router-nio", "celeris-router-netty", "celeris-router-jetty", "jetty-native", "undertow-native"})
    void echoAndBroadcastRunCleanAgainstEveryWebSocketPeer(String server, @TempDir Path dir) throws Exception {
        try (Peer peer = WsPeers.start(server, "127.0.0.1", 0, 1)) {
            assertThat(peer).as(server + " has a WebSocket listener").isNotNull();
            assertThat(peer.name()).isEqualTo(server);
            String base = "ws://127.0.0.1:" + peer.port();

            WsLoad.Result echo = run(4, 8, 32, null, null, base + "/ws/echo");
            assertThat(echo.errored()).isZero();
            assertThat(echo.bad()).isZero();
            assertThat(echo.done()).isGreaterThanOrEqualTo(2_000);

            WsLoad.Result big = run(2, 2, 1024, null, null, base + "/ws/echo");
            assertThat(big.errored()).isZero();
            assertThat(big.bad()).isZero();
            assertThat(big.done()).isGreaterThanOrEqualTo(2_000);

            Path log = dir.resolve("latency.log");
            WsLoad.Result fanOut = run(8, 4, 32, "/ws/pub", log, base + "/ws/sub");
            assertThat(fanOut.errored()).isZero();
            assertThat(fanOut.bad()).isZero();
            assertThat(fanOut.done()).isGreaterThanOrEqualTo(2_000);
            WsLoad.writeLog(log, fanOut);
            assertThat(Files.readAllLines(log)).hasSize((int) fanOut.done())
                    .allSatisfy(line -> assertThat(line).matches("0\t200\t\\d+"));
        }
    }

    @Test
    void serversWithoutAWebSocketListenerGetNone() throws Exception {
        assertThat(WsPeers.start("netty-native", "127.0.0.1", 0, 1)).isNull();
        assertThat(WsPeers.start("celeris-nio", "127.0.0.1", 0, 1)).isNull();
    }

    @Test
    void summaryLinesParseLikeH2loadsInRunSh() {
        WsLoad.Options o = WsLoad.Options.parse(new String[] {"-c", "3", "-m", "2", "-t", "1", "-D", "2",
                "--size", "32", "ws://127.0.0.1:1/ws/echo"});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WsLoad.report(o, new WsLoad.Result(1000, 1, 2, 2.0, null), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        // run.sh: rps_of, and the failed/succeeded sed expressions in measure()
        assertThat(out).containsPattern("(?m)^finished in [^,]*, 500\\.00 req/s");
        assertThat(out).containsPattern("(?m)^requests: .* 999 succeeded, 3 failed, 2 errored");
    }

    private static WsLoad.Result run(int c, int m, int size, String publish, Path log, String url) throws Exception {
        // counted, not timed: -n 2,000 messages, with a 60 s cap for a very busy machine
        return WsLoad.run(new WsLoad.Options(c, m, 60, 2_000, size, publish, true, log, URI.create(url)));
    }
}
