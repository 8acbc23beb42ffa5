package dev.celeris.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite checked against a server nobody here wrote: nghttpd's verdicts must match
 * {@code expectations/nghttpd.txt}, where each deviation is explained. A case that changes
 * verdict on nghttpd is either a suite bug or an nghttpd change; either way someone looks.
 */
@Timeout(120)
class NghttpdSelfCheckTest {

    static final Path EXPECTATIONS = Path.of("expectations", "nghttpd.txt");

    @TempDir
    static Path docroot;
    static Process nghttpd;
    static int port;

    @BeforeAll
    static void startNghttpd() throws Exception {
        String binary = findOnPath("nghttpd");
        Assumptions.assumeTrue(binary != null, "SKIPPED: nghttpd is not installed (Debian package nghttp2-server); "
                + "the nghttpd self-check of the compliance suite did not run");
        Files.writeString(docroot.resolve("index.html"), "<!doctype html><title>h2check</title><p>" + "hello ".repeat(200) + "</p>\n");
        port = freePort();
        nghttpd = new ProcessBuilder(binary, "--no-tls", "-d", docroot.toString(), "-a", "127.0.0.1", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitListening(port, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopNghttpd() throws InterruptedException {
        if (nghttpd != null) {
            nghttpd.destroy();
            if (!nghttpd.waitFor(5, TimeUnit.SECONDS)) nghttpd.destroyForcibly();
        }
    }

    @Test
    void verdictsMatchTheExpectationFile() throws IOException {
        Map<String, Result.Verdict> expected = Expectations.load(EXPECTATIONS);
        List<ComplianceCase> cases = Catalogue.select(null, true, true);
        List<Result> results = new Runner(new Target("127.0.0.1", port, "/", Duration.ofSeconds(1))).runAll(cases, r -> { });
        assertThat(Expectations.differences(expected, results)).as("nghttpd verdicts vs " + EXPECTATIONS).isEmpty();
    }

    static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.isFile() && f.canExecute()) return f.getAbsolutePath();
        }
        return null;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitListening(int port, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " after " + max);
    }
}
