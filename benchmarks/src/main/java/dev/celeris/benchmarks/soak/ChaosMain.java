package dev.celeris.benchmarks.soak;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chaos under load, then a graceful shutdown. Run it with {@code benchmarks/chaos.sh}.
 *
 * <p>While h2load drives the demo, misbehaving clients: connections reset mid-request (SO_LINGER
 * 0), RST_STREAM at random points of uploads and downloads, peers that stop reading a large
 * download, HTTP/1.1 and HTTP/2 requests followed by a half-close. A probe checks after every round that
 * the server still answers. Then, with downloads in flight on several HTTP/2 connections that
 * keep opening streams, the demo gets SIGTERM ({@code Server.close()} through its shutdown
 * hook). Passes when: every probe succeeded; on every connection each stream at or below the
 * GOAWAY's last-stream-id completed with its whole body, and no stream above it was answered
 * (RFC 9113 §6.8), and none was left without either; the process exited within the grace
 * period plus a margin.
 */
public final class ChaosMain {

    private static final long DOWNLOAD = 4L << 20;
    private static final long SHUTDOWN_DOWNLOAD = 1L << 20;
    private static final long GRACE_MS = 10_000;   // ServerBuilder's default shutdown grace

    private final String host = "127.0.0.1";
    private final int port;
    private final AtomicLong actions = new AtomicLong();
    private final AtomicLong probeFailures = new AtomicLong();
    private volatile String firstProbeFailure;

    private ChaosMain(int port) {
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        String transport = "nio";
        int seconds = 60;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--transport" -> transport = args[i + 1];
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.exit(run(transport, seconds, true) ? 0 : 1);
    }

    /** @param exitTimeCounts whether exiting later than grace + margin fails the run (the harness smoke test only wants an exit) */
    static boolean run(String transport, int seconds, boolean exitTimeCounts) throws Exception {
        try (DemoProcess demo = DemoProcess.start(transport, "256m")) {
            System.out.printf("chaos: transport=%s pid=%d port=%d seconds=%d%n", transport, demo.pid(), demo.port, seconds);
            ChaosMain chaos = new ChaosMain(demo.port);
            Path h2loadOut = Files.createTempFile("celeris-chaos-h2load", ".txt");
            Process h2load = new ProcessBuilder("h2load", "-c", "8", "-m", "8", "-D", Integer.toString(seconds + 5),
                    "http://127.0.0.1:" + demo.port + "/json").redirectErrorStream(true).redirectOutput(h2loadOut.toFile()).start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> agents = new ArrayList<>();
            for (int i = 0; i < 3; i++) agents.add(Thread.ofPlatform().name("chaos-" + i).start(() -> chaos.misbehave(end)));
            for (Thread t : agents) t.join();
            boolean ok = chaos.probeFailures.get() == 0;
            System.out.printf("%s %d chaos actions, %d failed probes%s%n", ok ? "ok  " : "FAIL", chaos.actions.get(),
                    chaos.probeFailures.get(), ok ? "" : " first: " + chaos.firstProbeFailure);
            ok &= chaos.shutdown(demo, exitTimeCounts);
            h2load.waitFor(30, TimeUnit.SECONDS);
            if (h2load.isAlive()) h2load.destroy();
            for (String l : Files.readAllLines(h2loadOut)) if (l.startsWith("requests:") || l.startsWith("status codes:")) System.out.println("h2load " + l);
            System.out.println((ok ? "PASS" : "FAIL") + " chaos transport=" + transport + " (demo log: " + demo.log() + ")");
            return ok;
        }
    }

    private void misbehave(long endNanos) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (System.nanoTime() < endNanos) {
            try {
                switch (rnd.nextInt(6)) {
                    case 0 -> killMidUpload(rnd);
                    case 1 -> resetStreams(rnd);
                    case 2 -> stopReading(rnd.nextBoolean());
                    case 3 -> halfClose(rnd.nextBoolean());
                    case 4 -> killMidRequestH1(rnd);
                    default -> resetDownload(rnd);
                }
                actions.incrementAndGet();
            } catch (Exception e) {
                // a misbehaving client may well see errors; the probe below is what counts
            }
            probe();
        }
    }

    /** An upload cut off by a TCP reset part-way through its body. */
    private void killMidUpload(ThreadLocalRandom rnd) throws Exception {
        H2Client c = new H2Client(host, port);
        int id = c.start("POST", "/echo", Map.of("content-type", "application/json"), true, false);
        byte[] body = new byte[200_000];
        Thread.ofVirtual().start(() -> {
            try {
                c.sendBody(id, body, Long.MAX_VALUE, 5000);
            } catch (Exception e) {
                // the socket goes away under it
            }
        });
        Thread.sleep(rnd.nextInt(1, 30));
        c.close(true);
    }

    /** Several streams reset at random points: before, during and after their request bodies. */
    private void resetStreams(ThreadLocalRandom rnd) throws Exception {
        try (H2Client c = new H2Client(host, port)) {
            for (int i = 0; i < 5; i++) {
                int id = c.start("POST", "/echo", Map.of("content-type", "application/json"), true, false);
                c.sendBody(id, new byte[100_000], rnd.nextLong(0, 100_000), 5000);
            }
            int id = c.start("GET", "/json", Map.of(), false, false);
            c.rst(id, 8);
            int ok = c.start("GET", "/", Map.of(), false, false);
            H2Client.Result r = c.result(ok).get(10, TimeUnit.SECONDS);
            if (r.status() != 200) throw new IOException("after resets: " + r);
        }
    }

    /** A download reset after a random delay. */
    private void resetDownload(ThreadLocalRandom rnd) throws Exception {
        try (H2Client c = new H2Client(host, port)) {
            int id = c.start("GET", "/download?bytes=" + DOWNLOAD, Map.of(), false, true);
            Thread.sleep(rnd.nextInt(1, 50));
            c.rst(id, 8);
        }
    }

    /** A peer that asks for a large download and never reads it, then goes away. */
    private void stopReading(boolean h2) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setReceiveBufferSize(4096);
            OutputStream out = s.getOutputStream();
            if (h2) {
                h2GetOnStream1(out, "/download?bytes=" + (8 << 20));
            } else {
                out.write(("GET /download?bytes=" + (8 << 20) + " HTTP/1.1\r\nhost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            Thread.sleep(2000);
        }
    }

    /** Preface, empty SETTINGS, then HEADERS with END_STREAM|END_HEADERS on stream 1: GET http://x{path}. */
    private static void h2GetOnStream1(OutputStream out, String path) throws IOException {
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});
        byte[] block = h2Get(path);
        out.write(new byte[] {0, (byte) (block.length >> 8), (byte) block.length, 1, 5, 0, 0, 0, 1});
        out.write(block);
    }

    private static byte[] h2Get(String path) {
        var out = new dev.celeris.engine.internal.hpack.HpackOutput();
        var enc = new dev.celeris.engine.internal.hpack.HpackEncoder();
        enc.beginBlock(out);
        enc.encode(":method", "GET", out);
        enc.encode(":scheme", "http", out);
        enc.encode(":authority", "x", out);
        enc.encode(":path", path, out);
        return out.toByteArray();
    }

    /**
     * A whole request, then the client shuts its output: the response must still come. HTTP/1.1
     * (RFC 9112 §9.6), or HTTP/2 with the request's HEADERS carrying END_STREAM (the stream is
     * half-closed (remote) and is answered before the server closes).
     */
    private void halfClose(boolean h2) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            if (h2) {
                h2GetOnStream1(out, "/");
            } else {
                out.write("GET / HTTP/1.1\r\nhost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            s.shutdownOutput();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            // The demo's "/" body travels as plain bytes in an HTTP/1.1 body or an HTTP/2 DATA frame.
            boolean answered = h2 ? response.contains("Hello, Celeris!")
                    : response.startsWith("HTTP/1.1 200") && response.endsWith("Hello, Celeris!");
            if (!answered) {
                probeFailed((h2 ? "h2" : "h1") + " half-closed request got: "
                        + (h2 ? response.length() + " bytes" : response.lines().findFirst().orElse("nothing")));
            }
        }
    }

    /** An HTTP/1.1 request cut off by a reset in the middle of its head or body. */
    private void killMidRequestH1(ThreadLocalRandom rnd) throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 5000);
        byte[] req = "POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{\"a\":\""
                .getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(req, 0, rnd.nextInt(1, req.length));
        s.getOutputStream().flush();
        Thread.sleep(rnd.nextInt(1, 20));
        s.setSoLinger(true, 0);
        s.close();
    }

    private void probe() {
        try (H1Client c = new H1Client(host, port)) {
            H1Client.Result r = c.exchange("GET", "/", "", null, false);
            if (r.status() != 200) probeFailed("probe status " + r.status());
        } catch (IOException e) {
            probeFailed("probe: " + e);
        }
    }

    private void probeFailed(String what) {
        probeFailures.incrementAndGet();
        if (firstProbeFailure == null) firstProbeFailure = what;
    }

    /** Streams in flight and more being opened, then SIGTERM; checks GOAWAY's promise and the exit time. */
    private boolean shutdown(DemoProcess demo, boolean exitTimeCounts) throws Exception {
        List<H2Client> clients = new ArrayList<>();
        List<List<Integer>> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            H2Client c = new H2Client(host, port);
            clients.add(c);
            List<Integer> l = new ArrayList<>();
            // In flight at SIGTERM, and small enough to finish within the grace on a loaded machine.
            for (int k = 0; k < 3; k++) l.add(c.start("GET", "/download?bytes=" + SHUTDOWN_DOWNLOAD, Map.of(), false, false));
            ids.add(l);
        }
        Thread.sleep(200);
        long t0 = System.nanoTime();
        demo.terminate();
        // Keep opening streams until each connection has seen GOAWAY (or is gone): the race
        // GOAWAY's last-stream-id settles.
        long until = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < until) {
            boolean all = true;
            for (int i = 0; i < clients.size(); i++) {
                H2Client c = clients.get(i);
                if (c.goAwayLastStreamId() != Integer.MAX_VALUE || c.isClosed()) continue;
                all = false;
                try {
                    ids.get(i).add(c.start("GET", "/json", Map.of(), false, false));
                } catch (IOException e) {
                    // closed under us
                }
            }
            if (all) break;
            Thread.sleep(5);
        }
        boolean exited = demo.waitFor(GRACE_MS + 10_000);
        long exitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        boolean ok = exited && (exitMs <= GRACE_MS + 5_000 || !exitTimeCounts);
        System.out.printf("%s exit %s %d ms after SIGTERM (grace %d ms)%n", ok ? "ok  " : "FAIL",
                exited ? "code " + demo.exitValue() : "NOT within", exitMs, GRACE_MS);
        int completed = 0;
        int refused = 0;
        for (int i = 0; i < clients.size(); i++) {
            H2Client c = clients.get(i);
            int last = c.goAwayLastStreamId();
            for (int id : ids.get(i)) {
                H2Client.Result r;
                try {
                    r = c.result(id).get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    r = new H2Client.Result(0, 0, -3, false);
                }
                boolean accepted = id <= last;
                boolean whole = ids.get(i).indexOf(id) >= 3 || r.bodyBytes() == SHUTDOWN_DOWNLOAD;   // the first three are downloads
                if (accepted && r.complete() && whole) {
                    completed++;
                } else if (!accepted && r.status() == 0) {
                    refused++;
                } else {
                    ok = false;
                    System.out.printf("FAIL connection %d stream %d (GOAWAY last-stream-id %s): %s%n", i, id,
                            last == Integer.MAX_VALUE ? "none" : last, r);
                }
            }
            c.close();
        }
        System.out.printf("%s GOAWAY: %d streams accepted and completed, %d above last-stream-id refused%n", ok ? "ok  " : "FAIL", completed, refused);
        return ok;
    }
}
