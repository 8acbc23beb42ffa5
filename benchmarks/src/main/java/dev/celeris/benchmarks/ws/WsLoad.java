package dev.celeris.benchmarks.ws;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The WebSocket load generator of {@code benchmarks/run.sh}, with h2load's command line and
 * summary lines so the runner treats it like h2load:
 * <pre>
 * WsLoad [-c N] [-m M] [-D SECONDS | -n MESSAGES] [-t T] [--log-file=FILE] [--size BYTES] [--publish PATH] [--verify] ws://HOST:PORT/PATH
 * </pre>
 * <b>Echo</b> (default): N connections to PATH, each keeping M text messages of BYTES bytes in
 * flight (a new one is sent for every echo received); a "request" is one round trip.
 * <b>Broadcast</b> ({@code --publish /ws/pub}): N subscriber connections to PATH and one publisher
 * connection to the publish path, which keeps at most M messages ahead of the slowest
 * subscriber; a "request" is one message delivered to one subscriber, so req/s is deliveries/s.
 * With {@code -n} the run ends once that many requests are done (or after -D seconds at the latest).
 * Latency (per round trip, or from publishing to each delivery) goes to {@code --log-file} in
 * h2load's format (start µs, status, latency µs). All connections run on one event-loop thread
 * ({@code -t} is accepted and ignored); they are opened before the timed window starts.
 */
public final class WsLoad {

    private WsLoad() {
    }

    record Options(int connections, int inFlight, double seconds, long requests, int size, String publish,
                   boolean verify, Path logFile, URI uri) {

        static Options parse(String[] args) {
            int c = 1, m = 1, size = 32;
            double d = 5;
            long n = 0;
            String publish = null;
            boolean verify = false;
            Path log = null;
            URI uri = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-c" -> c = Integer.parseInt(args[++i]);
                    case "-m" -> m = Integer.parseInt(args[++i]);
                    case "-D" -> d = Double.parseDouble(args[++i]);
                    case "-n" -> n = Long.parseLong(args[++i]);
                    case "-t" -> i++;
                    case "--size" -> size = Integer.parseInt(args[++i]);
                    case "--publish" -> publish = args[++i];
                    case "--verify" -> verify = true;
                    default -> {
                        if (a.startsWith("--log-file=")) log = Path.of(a.substring("--log-file=".length()));
                        else if (a.startsWith("ws://")) uri = URI.create(a);
                        else throw new IllegalArgumentException("unknown argument " + a);
                    }
                }
            }
            if (uri == null) throw new IllegalArgumentException("no ws:// URL");
            if (c < 1 || m < 1 || size < 0 || d <= 0) throw new IllegalArgumentException("bad -c/-m/--size/-D");
            return new Options(c, m, d, n, size, publish, verify, log, uri);
        }
    }

    /** What one run measured. */
    record Result(long done, long bad, long errored, double seconds, long[] latenciesNanos) {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (RuntimeException e) {
            System.err.println(e.getMessage() + "\nusage: WsLoad [-c N] [-m M] [-D S] [-n MESSAGES] [--size B] [--publish PATH] [--verify] [--log-file=F] ws://HOST:PORT/PATH");
            System.exit(2);
            return;
        }
        Result r = run(o);
        report(o, r, System.out);
        if (o.logFile() != null) writeLog(o.logFile(), r);
        System.exit(r.done() > 0 && r.errored() == 0 ? 0 : 1);
    }

    static byte[] payload(int size) {
        byte[] p = new byte[size];
        for (int i = 0; i < size; i++) p[i] = (byte) ('a' + i % 26);
        return p;
    }

    /** Opens the connections, drives them for the window, closes them. */
    public static Result run(Options o) throws IOException {
        InetSocketAddress address = new InetSocketAddress(o.uri().getHost(), o.uri().getPort());
        String path = o.uri().getRawPath() + (o.uri().getRawQuery() == null ? "" : "?" + o.uri().getRawQuery());
        byte[] payload = payload(o.size());
        boolean broadcast = o.publish() != null;
        List<WsClientConnection> conns = new ArrayList<>();
        WsClientConnection publisher = null;
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < o.connections(); i++) {
                conns.add(WsClientConnection.open(address, path, payload, o.verify(), broadcast ? 1 : o.inFlight()));
            }
            if (broadcast) publisher = WsClientConnection.open(address, o.publish(), payload, false, o.inFlight());
            List<WsClientConnection> all = new ArrayList<>(conns);
            if (publisher != null) all.add(publisher);
            for (WsClientConnection c : all) c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
            WsLoadLoop loop = new WsLoadLoop(selector, conns, publisher, o.inFlight(), o.logFile() != null);
            return loop.run((long) (o.seconds() * 1e9), o.requests(), all);
        } finally {
            for (WsClientConnection c : conns) c.close();
            if (publisher != null) publisher.close();
        }
    }

    static void report(Options o, Result r, PrintStream out) {
        double rate = r.done() / r.seconds();
        double bytes = rate * (o.size() + 2 + (o.size() < 126 ? 0 : o.size() <= 0xFFFF ? 2 : 8));
        out.printf(Locale.ROOT, "mode: %s, %d %s, %d message(s) of %d bytes in flight, 1 event-loop thread%n",
                o.publish() == null ? "echo" : "broadcast", o.connections(),
                o.publish() == null ? "connection(s)" : "subscriber(s) + 1 publisher", o.inFlight(), o.size());
        out.printf(Locale.ROOT, "finished in %.2fs, %.2f req/s, %.2fMB/s%n", r.seconds(), rate, bytes / 1e6);
        out.printf(Locale.ROOT, "requests: %d total, %d started, %d done, %d succeeded, %d failed, %d errored, 0 timeout%n",
                r.done(), r.done(), r.done(), r.done() - r.bad(), r.bad() + r.errored(), r.errored());
        long[] l = r.latenciesNanos();
        if (l != null && l.length > 0) {
            long[] s = l.clone();
            java.util.Arrays.sort(s);
            out.printf(Locale.ROOT, "latency: p50 %d us, p99 %d us, max %d us (%d samples)%n",
                    s[s.length / 2] / 1000, s[Math.min(s.length - 1, (int) (s.length * 0.99))] / 1000,
                    s[s.length - 1] / 1000, s.length);
        }
    }

    static void writeLog(Path file, Result r) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (long n : r.latenciesNanos()) {
                w.write("0\t200\t" + n / 1000 + "\n");
            }
        }
    }
}
