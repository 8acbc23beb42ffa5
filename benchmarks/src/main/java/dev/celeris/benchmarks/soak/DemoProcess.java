package dev.celeris.benchmarks.soak;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo server in its own JVM, as users run it, plus what the soak reads from outside:
 * open file descriptors and threads from /proc, heap after a full GC through jcmd.
 */
final class DemoProcess implements AutoCloseable {

    private final Process process;
    final int port;
    private final Path log;

    private DemoProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static DemoProcess start(String transport, String heap) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xms" + heap, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                "dev.celeris.examples.DemoApp", "--transport", transport, "--host", "127.0.0.1", "--port", "0", "--token", "soak-token"));
        Path log = Files.createTempFile("celeris-demo-" + transport, ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on http://[^:]+:(\\d+)");
        String line;
        while ((line = r.readLine()) != null) {
            Files.writeString(log, line + "\n", StandardOpenOption.APPEND);
            Matcher m = listening.matcher(line);
            if (m.find()) {
                DemoProcess d = new DemoProcess(p, Integer.parseInt(m.group(1)), log);
                Thread.ofPlatform().daemon().start(() -> drain(r, log));
                return d;
            }
        }
        throw new IOException("demo exited before listening (exit " + p.waitFor() + "); see " + log);
    }

    private static void drain(BufferedReader r, Path log) {
        try {
            for (String l; (l = r.readLine()) != null; ) Files.writeString(log, l + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            // process gone
        }
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    int openFds() {
        String[] fds = new File("/proc/" + pid() + "/fd").list();
        return fds == null ? -1 : fds.length;
    }

    int threads() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (l.startsWith("Threads:")) return Integer.parseInt(l.substring(8).trim());
        }
        return -1;
    }

    /** Heap used after two full GCs, in KiB (jcmd GC.run, GC.heap_info). */
    long heapAfterGcKb() throws IOException, InterruptedException {
        jcmd("GC.run");
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        if (!m.find()) throw new IOException("no heap figure in: " + info);
        return Long.parseLong(m.group(1));
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** SIGTERM: the demo's shutdown hook runs {@code Server.close()}, the graceful path. */
    void terminate() {
        process.destroy();
    }

    boolean waitFor(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }
}
