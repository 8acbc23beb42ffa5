package dev.celeris.examples.lb;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy run in the foreground ({@code -db}) on the repository's {@code deploy/haproxy/haproxy.cfg},
 * its addresses passed through the environment exactly as {@code deploy/haproxy/run.sh} does.
 * The admin socket answers {@code show stat}, which tells what the health checks concluded.
 */
final class HaproxyProcess implements AutoCloseable {

    final int port;
    private final Process process;
    private final Path stats;
    private final Path log;

    private HaproxyProcess(int port, Process process, Path stats, Path log) {
        this.port = port;
        this.process = process;
        this.stats = stats;
        this.log = log;
    }

    /**
     * Starts HAProxy on a free loopback port in front of {@code servers} (name → host:port, the
     * names {@code nio}, {@code netty}, {@code jetty} of the config); {@code extraEnv} adds
     * switches such as {@code CELERIS_PROXY_PROTOCOL}.
     */
    static HaproxyProcess start(Path dir, Map<String, String> servers, Map<String, String> extraEnv) throws Exception {
        int port = Tools.freePort();
        Path stats = dir.resolve("haproxy-" + port + ".sock");
        Path log = dir.resolve("haproxy-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder("haproxy", "-db", "-f", Tools.repoFile("deploy/haproxy/haproxy.cfg").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("CELERIS_LB_BIND", "127.0.0.1:" + port);
        env.put("CELERIS_LB_STATS", stats.toString());
        servers.forEach((name, address) -> env.put("CELERIS_" + name.toUpperCase(java.util.Locale.ROOT), address));
        env.putAll(extraEnv);
        HaproxyProcess haproxy = new HaproxyProcess(port, pb.start(), stats, log);
        try {
            Tools.await("HAProxy's admin socket", Duration.ofSeconds(30), () -> Files.exists(stats) || !haproxy.process.isAlive());
            if (!haproxy.process.isAlive()) throw new AssertionError("haproxy exited: " + haproxy.log());
            for (String name : servers.keySet()) haproxy.awaitStatus(name, "UP", Duration.ofSeconds(60));
        } catch (Throwable t) {
            haproxy.close();
            throw t;
        }
        return haproxy;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** One admin command's answer. */
    String admin(String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(stats));
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            StringBuilder out = new StringBuilder();
            while (ch.read(buf) >= 0) {
                buf.flip();
                out.append(StandardCharsets.US_ASCII.decode(buf));
                buf.clear();
            }
            return out.toString();
        }
    }

    /** The health-check status of server {@code name} in backend {@code celeris}: UP, DOWN, "UP 1/2"... */
    String status(String name) throws IOException {
        return stat(name, "status");
    }

    /**
     * One column of {@code show stat} for {@code svname} ({@code nio}..., or {@code BACKEND}) in
     * backend {@code celeris}, e.g. {@code h2_goaway_rcvd}.
     */
    String stat(String svname, String column) throws IOException {
        String csv = admin("show stat");
        List<String> lines = csv.lines().toList();
        String[] header = lines.get(0).substring(2).split(",");
        int px = indexOf(header, "pxname");
        int sv = indexOf(header, "svname");
        int col = indexOf(header, column);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length > col && f[px].equals("celeris") && f[sv].equals(svname)) return f[col];
        }
        throw new AssertionError("no server " + svname + " in: " + csv);
    }

    void awaitStatus(String name, String wanted, Duration timeout) throws InterruptedException {
        Tools.await("HAProxy to report " + name + " " + wanted, timeout, () -> {
            try {
                return wanted.equals(status(name));
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static int indexOf(String[] header, String name) {
        for (int i = 0; i < header.length; i++) if (header[i].equals(name)) return i;
        throw new AssertionError("no column " + name);
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Env for {@link #start}: servers by name. */
    static Map<String, String> servers(List<DemoProcess> instances) {
        Map<String, String> m = new HashMap<>();
        for (DemoProcess d : instances) m.put(d.transport, d.address());
        return m;
    }
}
