package dev.celeris.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soak and chaos harnesses for a few seconds on the NIO transport, so a harness broken by a
 * change (a route the demo no longer serves, a client that mis-frames, a check that cannot pass)
 * fails CI instead of the next 10-minute run. Their real runs are the commands
 * {@code benchmarks/soak.sh} and {@code benchmarks/chaos.sh}. No timing is asserted: the soak's
 * latency check compares the first minute with itself in a run this short, and the chaos run's
 * exit-time bound is off (the demo must still exit after SIGTERM, within the generous wait).
 */
class SoakChaosSmokeTest {

    @Test
    @Timeout(300)
    void soakPassesAShortRun() throws Exception {
        // 5 s of mixed load on 1 HTTP/2 + 1 HTTP/1.1 connection after a 2 s warm-up: every
        // operation answered as expected, window credit balanced, heap/fds/threads at baseline.
        assertThat(SoakMain.run("nio", 5 / 60.0, 1, 1, 2)).as("soak verdict (details in the test output)").isTrue();
    }

    @Test
    @Timeout(300)
    void chaosPassesAShortRun() throws Exception {
        assumeTrue(onPath("h2load"), "h2load (nghttp2-client) is not installed: chaos needs it as the background load");
        // 4 s of misbehaving clients with probes, then SIGTERM with streams in flight: GOAWAY's
        // last-stream-id honoured, every probe answered, the demo exits.
        assertThat(ChaosMain.run("nio", 4, false)).as("chaos verdict (details in the test output)").isTrue();
    }

    private static boolean onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, binary).canExecute()) return true;
        }
        return false;
    }
}
