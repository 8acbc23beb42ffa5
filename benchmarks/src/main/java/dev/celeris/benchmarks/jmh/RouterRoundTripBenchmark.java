package dev.celeris.benchmarks.jmh;

import static dev.celeris.benchmarks.jmh.EngineRoundTripBenchmark.concat;
import static dev.celeris.benchmarks.jmh.EngineRoundTripBenchmark.frame;

import dev.celeris.benchmarks.jmh.EngineRoundTripBenchmark.LoopConnection;
import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpEngine;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.Protocols;
import dev.celeris.examples.DemoApp;
import dev.celeris.spi.ConnectionHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Param({"virtual", "inline"})
    public String dispatch;

    @Param({"hello", "json", "params"})
    public String route;

    private LoopConnection connection;
    private ConnectionHandler handler;
    private int streamId;
    private long responseBytes;
    private byte[] headers;

    @Setup(Level.Iteration)
    public void open() {
        HttpHandler app = DemoApp.router("secret").freeze();
        if (dispatch.equals("inline")) app = HttpHandler.nonBlocking(app);
        EngineConfig config = EngineConfig.builder().protocols(Protocols.HTTP2_ONLY).idleTimeout(Duration.ofHours(1)).build();
        handler = HttpEngine.create(config, app).newHandler();
        connection = new LoopConnection(Thread.currentThread());
        handler.onOpen(connection);
        String path = switch (route) {
            case "hello" -> "/";
            case "json" -> "/json";
            case "params" -> "/users/123/posts/456";
            default -> throw new IllegalArgumentException(route);
        };
        byte[] p = path.getBytes(StandardCharsets.US_ASCII);
        // GET, http, :path as a literal without indexing (name index 4), then :authority: the first
        // request indexes it (0x41), later ones take it from the dynamic table (0xbe = index 62)
        byte[] first = concat(new byte[] {(byte) 0x82, (byte) 0x86, 0x04, (byte) p.length}, p,
                new byte[] {0x41, 5, 'b', 'e', 'n', 'c', 'h'});
        byte[] warm = concat(new byte[] {(byte) 0x82, (byte) 0x86, 0x04, (byte) p.length}, p, new byte[] {(byte) 0xbe});
        headers = frame(0x1, 0x5, 0, warm);
        handler.onData(ByteBuffer.wrap(concat(PREFACE, frame(0x4, 0, 0, new byte[0]), frame(0x4, 0x1, 0, new byte[0]),
                frame(0x1, 0x5, 1, first))));
        streamId = 1;
        responseBytes = 0;
        awaitResponses(1);
    }

    @Benchmark
    public long roundTrip() {
        streamId += 2;
        byte[] h = headers;
        h[5] = (byte) (streamId >>> 24);
        h[6] = (byte) (streamId >>> 16);
        h[7] = (byte) (streamId >>> 8);
        h[8] = (byte) streamId;
        long target = connection.completed + 1;
        handler.onData(ByteBuffer.wrap(h));
        awaitResponses(target);
        if (connection.dataBytes - responseBytes > 32_768) {
            int n = (int) (connection.dataBytes - responseBytes);
            responseBytes = connection.dataBytes;
            handler.onData(ByteBuffer.wrap(frame(0x8, 0, 0, ByteBuffer.allocate(4).putInt(n).array())));
        }
        return connection.completed;
    }

    private void awaitResponses(long target) {
        LoopConnection c = connection;
        while (c.completed < target) {
            Runnable task = c.tasks.poll();
            if (task != null) task.run();
            else Thread.onSpinWait();
        }
    }
}
