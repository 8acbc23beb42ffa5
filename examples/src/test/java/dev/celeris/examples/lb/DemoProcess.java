package dev.celeris.examples.lb;

import dev.celeris.examples.DemoApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One demo instance in a JVM of its own ({@link DemoApp#main}, the class path of this test), as
 * {@code deploy/haproxy/run.sh} starts it. {@link #stop()} sends SIGTERM (the demo's shutdown
 * hook closes the server gracefully: GOAWAY, drain); {@link #kill()} sends SIGKILL. Both act
 * on this process's own PID only.
 */
final class DemoProcess {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^ ]+:(\\d+) \\(transport: (\\w+)");

    final String transport;
    private final Process process;
    final int port;
    private final Path log;

    private DemoProcess(String transport, Process process, int port, Path log) {
        this.transport = transport;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the demo on {@code transport}, 127.0.0.1:{@code port} (0: ephemeral), returns once it listens. */
    static DemoProcess start(String transport, int port, Path logDir, String... extraArgs) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                DemoApp.class.getName(), "--transport", transport, "--host", "127.0.0.1", "--port", Integer.toString(port)));
        command.addAll(List.of(extraArgs));
        Path log = Files.createTempFile(logDir, transport + "-", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Integer> bound = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("demo-" + transport + "-out").start(() -> pump(p, log, bound));
        try {
            int actual = bound.get(60, TimeUnit.SECONDS);
            return new DemoProcess(transport, p, actual, log);
        } catch (Exception e) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("demo on " + transport + " did not start: " + Files.readString(log), e);
        }
    }

    private static void pump(Process p, Path log, CompletableFuture<Integer> bound) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) bound.complete(Integer.parseInt(m.group(1)));
            }
        } catch (IOException e) {
            bound.completeExceptionally(e);
        }
        bound.completeExceptionally(new IOException("demo exited with " + p.exitValue()));
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM and wait for the graceful shutdown to finish; returns the exit code. */
    int stop() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(transport + " (pid " + pid() + ") ignored SIGTERM for 60 s");
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no GOAWAY; the kernel resets its sockets. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
