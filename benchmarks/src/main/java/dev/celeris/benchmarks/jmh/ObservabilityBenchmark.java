package dev.celeris.benchmarks.jmh;

import static dev.celeris.benchmarks.jmh.EngineRoundTripBenchmark.concat;
import static dev.celeris.benchmarks.jmh.EngineRoundTripBenchmark.frame;

import dev.celeris.engine.ConnectionInfo;
import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.EngineObserver;
import dev.celeris.engine.HttpEngine;
import dev.celeris.engine.Protocols;
import dev.celeris.micrometer.CelerisMetrics;
import dev.celeris.opentelemetry.Tracing;
import dev.celeris.router.Router;
import dev.celeris.spi.ConnectionHandler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.common.CompletableResultCode;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What observability costs per request: the in-memory HTTP/2 round trip of
 * {@link EngineRoundTripBenchmark}, served by a {@link Router} ({@code GET /}), with
 * <ul>
 *   <li>{@code none}: no observer ({@link EngineObserver#NONE}), no tracing;</li>
 *   <li>{@code noop}: an observer that ignores every event (the engine's own event cost);</li>
 *   <li>{@code metrics}: {@link CelerisMetrics} on a Prometheus registry;</li>
 *   <li>{@code tracing-off}: the {@link Tracing} middleware with the sampler off;</li>
 *   <li>{@code tracing-on}: tracing, sampler on, spans to an exporter that drops them;</li>
 *   <li>{@code all}: metrics and tracing (sampler on).</li>
 * </ul>
 * Run with {@code -prof gc}; {@code gc.alloc.rate.norm} (bytes per request) does not depend on
 * how loaded the machine is, the time does.
 *
 * <pre>java -jar benchmarks/target/celeris-benchmarks.jar ObservabilityBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ObservabilityBenchmark {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    @Param({"none", "noop", "metrics", "tracing-off", "tracing-on", "all"})
    public String setup;

    private EngineRoundTripBenchmark.LoopConnection connection;
    private ConnectionHandler handler;
    private SdkTracerProvider tracerProvider;
    private int streamId;
    private long responseBytes;
    private final byte[] warmHeaders = frame(0x1, 0x5, 0, new byte[] {(byte) 0x82, (byte) 0x86, (byte) 0x84, (byte) 0xbe});

    @Setup(Level.Iteration)
    public void open() {
        Router router = Router.create();
        EngineObserver observer = switch (setup) {
            case "noop" -> new EngineObserver() {
                @Override public void connectionOpened(ConnectionInfo c) { }
            };
            case "metrics", "all" -> CelerisMetrics.create(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            default -> EngineObserver.NONE;
        };
        if (setup.startsWith("tracing") || setup.equals("all")) {
            tracerProvider = SdkTracerProvider.builder()
                    .setSampler(setup.equals("tracing-off") ? Sampler.alwaysOff() : Sampler.alwaysOn())
                    .addSpanProcessor(SimpleSpanProcessor.create(new DroppingExporter())).build();
            router.use(Tracing.create(OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build()));
        }
        router.get("/", ctx -> ctx.bytes(HELLO, "text/plain"));
        EngineConfig config = EngineConfig.builder().protocols(Protocols.HTTP2_ONLY).idleTimeout(Duration.ofHours(1))
                .observer(observer).build();
        handler = HttpEngine.create(config, router).newHandler();
        connection = new EngineRoundTripBenchmark.LoopConnection(Thread.currentThread());
        handler.onOpen(connection);
        byte[] first = frame(0x1, 0x5, 1, new byte[] {(byte) 0x82, (byte) 0x86, (byte) 0x84, 0x41, 5, 'b', 'e', 'n', 'c', 'h'});
        handler.onData(ByteBuffer.wrap(concat(PREFACE, frame(0x4, 0, 0, new byte[0]), frame(0x4, 0x1, 0, new byte[0]), first)));
        streamId = 1;
        responseBytes = 0;
        awaitResponses(1);
    }

    @TearDown(Level.Iteration)
    public void close() {
        if (tracerProvider != null) tracerProvider.close();
    }

    @Benchmark
    public long roundTrip() {
        streamId += 2;
        byte[] h = warmHeaders;
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
        EngineRoundTripBenchmark.LoopConnection c = connection;
        while (c.completed < target) {
            Runnable task = c.tasks.poll();
            if (task != null) task.run();
            else Thread.onSpinWait();
        }
    }

    /** Takes finished spans and drops them (the cost measured is making them, not exporting). */
    private static final class DroppingExporter implements SpanExporter {
        @Override public CompletableResultCode export(java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }
        @Override public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }
        @Override public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
    }
}
