package dev.celeris.benchmarks.soak;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Soak: a mixed load over long-lived connections against the demo in its own JVM, then the
 * checks that catch slow leaks. Run it with {@code benchmarks/soak.sh}.
 *
 * <p>Each HTTP/2 connection carries, one after another for the whole run: GETs, JSON uploads,
 * uploads cancelled half-way with RST_STREAM, POSTs rejected with 401 while their body is still
 * coming, large downloads and slow-reader downloads. Each HTTP/1.1 connection does the same
 * with keep-alive. Passes when: no unexpected status or failed exchange; every HTTP/2
 * connection's send window, as the client accounts it, is back within half the server's
 * connection window of its peak (credit of every consumed byte returned); heap after full GC,
 * open fds and threads are back at their post-warm-up baseline; and GET latency of the last
 * minute is within bounds of the first.
 */
public final class SoakMain {

    /**
     * At most one cancelled upload per connection in this time: 2.5 per second stays well inside
     * the server's Rapid Reset limit (200 resets of unanswered streams per 30 s, 6.7 per second),
     * also when a fixed window lets two windows' worth through around its boundary. Unpaced, one
     * iteration in ten ran at about 20 per second on a quiet machine and was rightly cut off.
     */
    private static final long CANCEL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(400);

    private static final byte[] JSON_64K = json(64 * 1024);
    private static final byte[] JSON_200K = json(200 * 1024);
    private static final byte[] BODY_100K = new byte[100 * 1024];

    private final String host = "127.0.0.1";
    private final int port;
    private final long endNanos;
    private final long startNanos = System.nanoTime();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final Latencies latencies = new Latencies();
    private final List<String> windowReports = new ArrayList<>();
    private volatile String firstError;

    private SoakMain(int port, long durationNanos) {
        this.port = port;
        this.endNanos = startNanos + durationNanos;
    }

    public static void main(String[] args) throws Exception {
        String transport = "nio";
        double minutes = 10;
        int h2Conns = 4;
        int h1Conns = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--transport" -> transport = args[i + 1];
                case "--minutes" -> minutes = Double.parseDouble(args[i + 1]);
                case "--h2" -> h2Conns = Integer.parseInt(args[i + 1]);
                case "--h1" -> h1Conns = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.exit(run(transport, minutes, h2Conns, h1Conns, 10) ? 0 : 1);
    }

    /** @param warmUpSeconds load before the baseline is taken (JIT, pools, lazy init) */
    static boolean run(String transport, double minutes, int h2Conns, int h1Conns, int warmUpSeconds) throws Exception {
        try (DemoProcess demo = DemoProcess.start(transport, "256m")) {
            System.out.printf("soak: transport=%s pid=%d port=%d minutes=%s h2=%d h1=%d%n", transport, demo.pid(), demo.port, minutes, h2Conns, h1Conns);
            new SoakMain(demo.port, TimeUnit.SECONDS.toNanos(warmUpSeconds)).load(1, 1);
            Thread.sleep(1000);
            long heap0 = demo.heapAfterGcKb();
            int fds0 = demo.openFds();
            int threads0 = demo.threads();
            SoakMain soak = new SoakMain(demo.port, (long) (minutes * 60e9));
            try (LoadSampler load = new LoadSampler(soak.startNanos)) {
                soak.load(h2Conns, h1Conns);
                Thread.sleep(2000);   // let the server notice the closes
                long heap1 = demo.heapAfterGcKb();
                int fds1 = demo.openFds();
                int threads1 = demo.threads();
                return soak.report(transport, heap0, heap1, fds0, fds1, threads0, threads1, demo, load);
            }
        }
    }

    private void load(int h2Conns, int h1Conns) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < h2Conns; i++) workers.add(Thread.ofPlatform().name("soak-h2-" + i).start(this::h2Worker));
        for (int i = 0; i < h1Conns; i++) workers.add(Thread.ofPlatform().name("soak-h1-" + i).start(this::h1Worker));
        for (Thread t : workers) t.join();
    }

    private boolean running() {
        return System.nanoTime() < endNanos;
    }

    private void h2Worker() {
        long opened = System.nanoTime();
        long nextCancel = opened;
        try (H2Client c = new H2Client(host, port)) {
            for (long i = 0; running() && !c.isClosed(); i++) {
                h2Op(c, "h2-get", "GET", "/", Map.of(), null, Long.MAX_VALUE, false, 200, true);
                h2Op(c, "h2-json", "GET", "/json", Map.of(), null, Long.MAX_VALUE, false, 200, false);
                h2Op(c, "h2-upload", "POST", "/echo", Map.of("content-type", "application/json"), JSON_64K, Long.MAX_VALUE, false, 200, false);
                h2Op(c, "h2-rejected", "POST", "/api/v1/posts", Map.of("content-type", "application/json"), BODY_100K, Long.MAX_VALUE, false, 401, false);
                if (i % 10 == 0 && System.nanoTime() >= nextCancel) {
                    nextCancel = System.nanoTime() + CANCEL_INTERVAL_NANOS;
                    h2Op(c, "h2-cancelled", "POST", "/echo", Map.of("content-type", "application/json"), JSON_200K, 40_000, false, -1, false);
                }
                if (i % 10 == 0) h2Op(c, "h2-download", "GET", "/download?bytes=" + (2 << 20), Map.of(), null, Long.MAX_VALUE, false, 200, false);
                if (i % 20 == 5) h2Op(c, "h2-slow-reader", "GET", "/download?bytes=" + (256 << 10), Map.of(), null, Long.MAX_VALUE, true, 200, false);
            }
            // Every consumed byte's credit must come back: wait briefly for the last WINDOW_UPDATEs.
            long deadline = System.currentTimeMillis() + 2000;
            while (c.connectionWindow() < c.peakWindow() / 2 && System.currentTimeMillis() < deadline) Thread.sleep(20);
            long window = c.connectionWindow();
            boolean balanced = window >= c.peakWindow() / 2 - 16_384;
            synchronized (windowReports) {
                windowReports.add(String.format("window=%d peak=%d credit=%d sent=%d rst_sent=%d in %.1f s %s", window, c.peakWindow(), c.credit(),
                        c.dataSent(), c.resetsSent(), (System.nanoTime() - opened) / 1e9, balanced ? "balanced" : "LEAKED"));
            }
            if (!balanced) error("h2-window", "connection window " + window + " of peak " + c.peakWindow() + " after " + c.dataSent() + " bytes sent");
        } catch (Exception e) {
            error("h2-connection", e.toString());
        }
    }

    private void h2Op(H2Client c, String op, String method, String path, Map<String, String> headers, byte[] body,
                      long stopAfter, boolean slow, int expect, boolean timed) {
        long t0 = System.nanoTime();
        try {
            int id = c.start(method, path, headers, body != null, slow);
            if (body != null) c.sendBody(id, body, stopAfter, 10_000);
            H2Client.Result r = stopAfter < Long.MAX_VALUE ? null : c.result(id).get(60, TimeUnit.SECONDS);
            if (r == null) {
                c.result(id).completeOnTimeout(null, 0, TimeUnit.SECONDS);   // cancelled: nothing more to wait for
            }
            c.forget(id);
            if (r != null && (r.status() != expect || r.resetCode() > 0 && expect != 401)) {
                error(op, "status " + r.status() + " reset " + r.resetCode() + (r.refused() ? " refused after GOAWAY " + c.goAway() : "") + " on " + path);
                return;
            }
            count(op);
            if (timed) latencies.add(minute(), System.nanoTime() - t0);
        } catch (Exception e) {
            error(op, e.toString());
        }
    }

    private void h1Worker() {
        try (H1Client c = new H1Client(host, port)) {
            for (long i = 0; running(); i++) {
                h1Op(c, "h1-get", "GET", "/", "", null, false, 200, true);
                h1Op(c, "h1-upload", "POST", "/echo", "content-type: application/json\r\n", JSON_64K, false, 200, false);
                h1Op(c, "h1-rejected", "POST", "/api/v1/posts", "content-type: application/json\r\n", BODY_100K, false, 401, false);
                if (i % 10 == 0) h1Op(c, "h1-download", "GET", "/download?bytes=" + (1 << 20), "", null, false, 200, false);
                if (i % 20 == 5) h1Op(c, "h1-slow-reader", "GET", "/download?bytes=" + (128 << 10), "", null, true, 200, false);
            }
        }
    }

    private void h1Op(H1Client c, String op, String method, String path, String headers, byte[] body, boolean slow, int expect, boolean timed) {
        long t0 = System.nanoTime();
        try {
            H1Client.Result r = c.exchange(method, path, headers, body, slow);
            if (r.status() != expect) {
                error(op, "status " + r.status() + " on " + path);
                return;
            }
            count(op);
            if (timed) latencies.add(minute(), System.nanoTime() - t0);
        } catch (Exception e) {
            c.markBroken();
            error(op, e.toString());
        }
    }

    private int minute() {
        return (int) ((System.nanoTime() - startNanos) / 60_000_000_000L);
    }

    private void count(String op) {
        counts.computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
    }

    private void error(String op, String what) {
        errors.computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
        if (firstError == null) firstError = op + ": " + what;
    }

    private boolean report(String transport, long heap0, long heap1, int fds0, int fds1, int threads0, int threads1, DemoProcess demo,
                           LoadSampler load) {
        boolean ok = true;
        System.out.println("operations: " + new java.util.TreeMap<>(counts));
        if (!errors.isEmpty()) {
            System.out.println("FAIL errors: " + new java.util.TreeMap<>(errors) + " first: " + firstError);
            ok = false;
        }
        windowReports.forEach(w -> System.out.println("h2 connection " + w));
        boolean heapOk = heap1 <= heap0 + Math.max(8 * 1024, heap0 / 4);
        System.out.printf("%s heap after full GC: baseline %d KiB, end %d KiB%n", heapOk ? "ok  " : "FAIL", heap0, heap1);
        boolean fdsOk = fds1 <= fds0 + 2;
        System.out.printf("%s open fds: baseline %d, end %d%n", fdsOk ? "ok  " : "FAIL", fds0, fds1);
        boolean threadsOk = threads1 <= threads0 + 4;
        System.out.printf("%s threads: baseline %d, end %d%n", threadsOk ? "ok  " : "FAIL", threads0, threads1);
        Latencies.Summary first = latencies.summary(0);
        // The last whole minute of the planned run (an op still finishing after it may land later).
        int lastMinute = Math.max(0, (int) ((endNanos - startNanos) / 60_000_000_000L) - 1);
        Latencies.Summary last = latencies.summary(lastMinute);
        // Per minute, with the machine's load: a drift that follows the load is the machine, not a leak.
        for (int m = 0; m <= lastMinute; m++) {
            Latencies.Summary s = latencies.summary(m);
            System.out.printf("     minute %d: GET p50 %.2f ms p99 %.2f ms (n=%d), load average %.1f%n", m, s.p50Ms(), s.p99Ms(), s.n(), load.mean(m));
        }
        boolean latencyOk = last.p99Ms() <= 3 * first.p99Ms() + 25;
        System.out.printf("%s GET latency first minute p50 %.2f ms p99 %.2f ms (n=%d); last minute p50 %.2f ms p99 %.2f ms (n=%d)%n",
                latencyOk ? "ok  " : "FAIL", first.p50Ms(), first.p99Ms(), first.n(), last.p50Ms(), last.p99Ms(), last.n());
        ok &= heapOk && fdsOk && threadsOk && latencyOk;
        System.out.println((ok ? "PASS" : "FAIL") + " soak transport=" + transport + " (demo log: " + demo.log() + ")");
        return ok;
    }

    private static byte[] json(int size) {
        StringBuilder b = new StringBuilder(size + 32).append("{\"data\":\"");
        while (b.length() < size) b.append("0123456789abcdef");
        return b.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
