package dev.celeris.benchmarks.jmh;

import dev.celeris.engine.HttpHandler;
import dev.celeris.examples.DemoApp;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The demo application ({@link DemoApp#router}: Recovery and RequestId middleware, Jackson JSON)
 * answering one HTTP/2 request through the whole engine, in memory, with the harness of
 * {@link EngineRoundTripBenchmark}. Next to that benchmark's engine-only figures it shows what the
 * router and the application layer add per request, in time and in bytes allocated
 * ({@code -prof gc}):
 *
 * <pre>java -jar benchmarks/target/celeris-benchmarks.jar RouterRoundTripBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouterRoundTripBenchmark {

    @Param({"virtual", "inline"})
    public String dispatch;

    @Param({"hello", "json", "params"})
    public String route;

    private InMemoryH2Client client;

    @Setup(Level.Iteration)
    public void open() {
        HttpHandler app = DemoApp.router("secret").freeze();
        if (dispatch.equals("inline")) app = HttpHandler.nonBlocking(app);
        String path = switch (route) {
            case "hello" -> "/";
            case "json" -> "/json";
            case "params" -> "/users/123/posts/456";
            default -> throw new IllegalArgumentException(route);
        };
        byte[] p = path.getBytes(StandardCharsets.US_ASCII);
        // GET, http, :path, then :authority: the first request indexes it (0x41), later ones take it
        // from the dynamic table (0xbe = index 62). "/" is the static entry 4 (0x84), as h2load and
        // EngineRoundTripBenchmark send it; other paths a literal without indexing (name index 4).
        byte[] head = path.equals("/") ? new byte[] {(byte) 0x82, (byte) 0x86, (byte) 0x84}
                : InMemoryH2Client.concat(new byte[] {(byte) 0x82, (byte) 0x86, 0x04, (byte) p.length}, p);
        client = new InMemoryH2Client(app, InMemoryH2Client.concat(head, new byte[] {0x41, 5, 'b', 'e', 'n', 'c', 'h'}),
                InMemoryH2Client.concat(head, new byte[] {(byte) 0xbe}));
    }

    @Benchmark
    public long roundTrip() {
        return client.roundTrip();
    }
}
