package dev.celeris.benchmarks.jmh;

import dev.celeris.engine.ConnectionInfo;
import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.EngineObserver;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.Protocols;
import dev.celeris.micrometer.CelerisMetrics;
import dev.celeris.opentelemetry.Tracing;
import dev.celeris.router.Router;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
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
 * What observability costs per request: one HTTP/2 round trip through the engine in memory
 * ({@link InMemoryH2Client}), answered by a {@link Router} ({@code GET /users/:id}), with
 * <ul>
 *   <li>{@code none}: no observer ({@link EngineObserver#NONE}), no tracing;</li>
 *   <li>{@code noop}: an observer that ignores every event (the engine's own cost of events);</li>
 *   <li>{@code metrics}: {@link CelerisMetrics} on a Prometheus registry;</li>
 *   <li>{@code tracing-off}: the {@link Tracing} middleware, sampler off;</li>
 *   <li>{@code tracing-on}: tracing, sampler on, spans to an exporter that drops them;</li>
 *   <li>{@code all}: metrics and tracing with the sampler on.</li>
 * </ul>
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} (bytes per request) does not depend on how
 * loaded the machine is; the time does.
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

    private static final byte[] PATH = "/users/123".getBytes(StandardCharsets.US_ASCII);

    @Param({"none", "noop", "metrics", "tracing-off", "tracing-on", "all"})
    public String setup;

    /**
     * {@code inline} (default: the handler runs on the benchmark thread, so bytes per request do
     * not wander with virtual-thread scheduling) or {@code virtual} (the router's default).
     */
    @Param({"inline"})
    public String dispatch;

    private InMemoryH2Client client;
    private SdkTracerProvider tracerProvider;

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
        router.get("/users/:id", ctx -> ctx.string(ctx.param("id")));
        EngineConfig config = EngineConfig.builder().protocols(Protocols.HTTP2_ONLY).idleTimeout(Duration.ofHours(1))
                .observer(observer).build();
        // GET, http, :path literal (name index 4), :authority indexed by the first request (0x41), then reused (0xbe)
        byte[] head = {(byte) 0x82, (byte) 0x86, 0x04, (byte) PATH.length};
        HttpHandler app = dispatch.equals("inline") ? HttpHandler.nonBlocking(router.freeze()) : router.freeze();
        client = new InMemoryH2Client(app, config,
                InMemoryH2Client.concat(head, PATH, new byte[] {0x41, 5, 'b', 'e', 'n', 'c', 'h'}),
                InMemoryH2Client.concat(head, PATH, new byte[] {(byte) 0xbe}));
    }

    @TearDown(Level.Iteration)
    public void close() {
        if (tracerProvider != null) tracerProvider.close();
    }

    @Benchmark
    public long roundTrip() {
        return client.roundTrip();
    }

    /** Takes finished spans and drops them: the cost measured is making spans, not exporting them. */
    private static final class DroppingExporter implements SpanExporter {
        @Override public CompletableResultCode export(Collection<SpanData> spans) { return CompletableResultCode.ofSuccess(); }
        @Override public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }
        @Override public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
    }
}
