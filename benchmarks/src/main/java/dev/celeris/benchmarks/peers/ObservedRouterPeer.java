package dev.celeris.benchmarks.peers;

import dev.celeris.examples.DemoApp;
import dev.celeris.examples.DemoMetrics;
import dev.celeris.opentelemetry.Tracing;
import dev.celeris.router.Celeris;
import dev.celeris.router.Router;
import dev.celeris.router.Server;
import dev.celeris.router.ServerBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Collection;

/**
 * The demo application of {@link CelerisRouterPeer} with observability on, to measure what it
 * costs under load: {@code celeris-router-metrics-<transport>} (the demo's {@code --metrics}:
 * Micrometer binder on a Prometheus registry), {@code celeris-router-tracing-off-<transport>}
 * and {@code celeris-router-tracing-on-<transport>} (the tracing middleware with the sampler
 * off / on; spans are batched to an exporter that drops them).
 */
public final class ObservedRouterPeer implements Peer {

    static final String METRICS = "celeris-router-metrics-";
    static final String TRACING_OFF = "celeris-router-tracing-off-";
    static final String TRACING_ON = "celeris-router-tracing-on-";

    private final Server server;
    private final String prefix;
    private final SdkTracerProvider tracing;

    private ObservedRouterPeer(Server server, String prefix, SdkTracerProvider tracing) {
        this.server = server;
        this.prefix = prefix;
        this.tracing = tracing;
    }

    /** Starts {@code name} if it is one of this class's servers, else returns {@code null}. */
    static ObservedRouterPeer startIfObserved(String name, String host, int port, int ioThreads) {
        for (String prefix : new String[] {METRICS, TRACING_OFF, TRACING_ON}) {
            if (!name.startsWith(prefix)) continue;
            ServerBuilder builder = Celeris.server().host(host).port(port).transport(name.substring(prefix.length()))
                    .ioThreads(ioThreads);
            Router router;
            SdkTracerProvider tracing = null;
            if (prefix.equals(METRICS)) {
                router = DemoApp.router("secret");
                DemoMetrics.install(router, builder);
            } else {
                tracing = SdkTracerProvider.builder()
                        .setSampler(prefix.equals(TRACING_ON) ? Sampler.alwaysOn() : Sampler.alwaysOff())
                        .addSpanProcessor(BatchSpanProcessor.builder(new DroppingExporter()).build()).build();
                router = DemoApp.router("secret", Tracing.create(OpenTelemetrySdk.builder().setTracerProvider(tracing).build()));
            }
            return new ObservedRouterPeer(builder.start(router), prefix, tracing);
        }
        return null;
    }

    @Override
    public String name() {
        return prefix + server.transportName();
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        if (tracing != null) tracing.close();
    }

    /** Takes finished spans and drops them: the cost measured is making spans, not shipping them. */
    private static final class DroppingExporter implements SpanExporter {
        @Override public CompletableResultCode export(Collection<SpanData> spans) { return CompletableResultCode.ofSuccess(); }
        @Override public CompletableResultCode flush() { return CompletableResultCode.ofSuccess(); }
        @Override public CompletableResultCode shutdown() { return CompletableResultCode.ofSuccess(); }
    }
}
