package dev.celeris.micrometer;

import dev.celeris.engine.ConnectionInfo;
import dev.celeris.engine.EngineObserver;
import dev.celeris.engine.HttpRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records the engine's events as Micrometer meters named after the OpenTelemetry HTTP semantic
 * conventions (see docs/observability.md for every meter and tag). Register it as the server's
 * observer:
 *
 * <pre>{@code
 * var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * PrometheusEndpoint.register(router, registry);            // GET /metrics
 * Celeris.server().observer(CelerisMetrics.create(registry)).start(router);
 * }</pre>
 *
 * <p>Tags are low-cardinality by construction: routes are the router's templates
 * ({@code /users/:id}, {@code _UNMATCHED} when none matched), never raw paths; unknown methods
 * and HTTP/2 error codes fold to {@code _OTHER}; limits are configuration option names. Meters
 * are looked up once per tag combination and cached.
 */
public final class CelerisMetrics implements EngineObserver {

    private final MeterRegistry registry;
    private final Tags common;
    private final RequestMeterCache<RequestMeters> requests = new RequestMeterCache<>(this::requestMeters);
    private final Map<String, AtomicLong> active = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> connections = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Timer connectionDuration;

    private CelerisMetrics(MeterRegistry registry, Tags common) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.common = common;
        this.bytesIn = Counter.builder("celeris.server.network.io").baseUnit("bytes").tags(common)
                .tag("network.io.direction", "receive").description("Bytes received on server connections")
                .register(registry);
        this.bytesOut = Counter.builder("celeris.server.network.io").baseUnit("bytes").tags(common)
                .tag("network.io.direction", "transmit").description("Bytes sent on server connections")
                .register(registry);
        this.connectionDuration = Timer.builder("celeris.server.connection.duration").tags(common)
                .description("How long server connections stayed open").register(registry);
        for (String version : new String[] {"unknown", "1.1", "2"}) connectionGauge(version);
    }

    /** Meters in {@code registry} with no extra tags. */
    public static CelerisMetrics create(MeterRegistry registry) {
        return new CelerisMetrics(registry, Tags.empty());
    }

    /** Meters in {@code registry}, each with {@code commonTags} too (e.g. {@code celeris.transport=nio}). */
    public static CelerisMetrics create(MeterRegistry registry, Tags commonTags) {
        return new CelerisMetrics(registry, Objects.requireNonNull(commonTags, "commonTags"));
    }

    public MeterRegistry registry() {
        return registry;
    }

    // ---- connections

    @Override
    public void connectionOpened(ConnectionInfo c) {
        connectionGauge(SemanticConventions.protocolVersion(c.protocol())).incrementAndGet();
        counter("celeris.server.connections", "Connections accepted").increment();
    }

    @Override
    public void protocolSelected(ConnectionInfo c, String previous) {
        connectionGauge(SemanticConventions.protocolVersion(previous)).decrementAndGet();
        connectionGauge(SemanticConventions.protocolVersion(c.protocol())).incrementAndGet();
    }

    @Override
    public void connectionClosed(ConnectionInfo c, long durationNanos) {
        connectionGauge(SemanticConventions.protocolVersion(c.protocol())).decrementAndGet();
        bytesIn.increment(c.bytesIn());
        bytesOut.increment(c.bytesOut());
        connectionDuration.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    private AtomicLong connectionGauge(String version) {
        return connections.computeIfAbsent(version, v -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("celeris.server.connections.active", value, AtomicLong::get).tags(common)
                    .tag("network.protocol.version", v).description("Open server connections by protocol")
                    .register(registry);
            return value;
        });
    }

    // ---- exchanges

    @Override
    public void exchangeStarted(HttpRequest request) {
        activeRequests(SemanticConventions.method(request.method())).incrementAndGet();
    }

    @Override
    public void exchangeCompleted(HttpRequest request, int status, long responseBodyBytes, long durationNanos,
                                  Throwable failure) {
        String method = SemanticConventions.method(request.method());
        activeRequests(method).decrementAndGet();
        RequestMeters meters = requests.get(method, SemanticConventions.route(request.routeTemplate()), status,
                SemanticConventions.protocolVersion(request.protocol()));
        meters.duration.record(durationNanos, TimeUnit.NANOSECONDS);
        meters.bodySize.record(responseBodyBytes);
    }

    private AtomicLong activeRequests(String method) {
        AtomicLong value = active.get(method);
        if (value != null) return value;
        return active.computeIfAbsent(method, m -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("http.server.active_requests", v, AtomicLong::get).tags(common)
                    .tag("http.request.method", m).baseUnit("requests")
                    .description("Requests whose handler is running").register(registry);
            return v;
        });
    }

    private RequestMeters requestMeters(RequestMeterCache.Key k) {
        Tags tags = common.and("http.request.method", k.method(), "http.route", k.route(),
                "http.response.status_code", SemanticConventions.status(k.status()),
                "network.protocol.version", k.version());
        return new RequestMeters(
                Timer.builder("http.server.request.duration").tags(tags)
                        .description("Duration of HTTP server requests").register(registry),
                DistributionSummary.builder("http.server.response.body.size").baseUnit("bytes").tags(tags)
                        .description("Size of HTTP server response bodies").register(registry));
    }

    private record RequestMeters(Timer duration, DistributionSummary bodySize) { }

    // ---- HTTP/2, limits, TLS

    @Override
    public void streamOpened(ConnectionInfo c, int streamId) {
        counter("celeris.http2.streams", "HTTP/2 request streams opened").increment();
    }

    @Override
    public void streamReset(ConnectionInfo c, int streamId, Origin by, long errorCode) {
        counter("celeris.http2.resets", "HTTP/2 RST_STREAM frames by sender and error code",
                "celeris.origin", origin(by), "http2.error_code", SemanticConventions.h2Error(errorCode)).increment();
    }

    @Override
    public void goAway(ConnectionInfo c, Origin by, int lastStreamId, long errorCode) {
        counter("celeris.http2.goaways", "HTTP/2 GOAWAY frames by sender and error code",
                "celeris.origin", origin(by), "http2.error_code", SemanticConventions.h2Error(errorCode)).increment();
    }

    @Override
    public void limitTripped(ConnectionInfo c, String limit) {
        counter("celeris.limit.trips", "Flood and abuse limits that tripped, by option name",
                "celeris.limit", limit).increment();
    }

    @Override
    public void clientFailure(ConnectionInfo c, ClientFailure kind) {
        counter("celeris.client.failures", "Exchanges or connections a client ended early, by kind",
                "celeris.failure", clientFailureTag(kind)).increment();
    }

    /** The tag value of a client failure kind: its lower-case name ({@code reset}, {@code bad_body}, ...). */
    static String clientFailureTag(ClientFailure kind) {
        return switch (kind) {
            case RESET -> "reset";
            case DISCONNECTED -> "disconnected";
            case BAD_BODY -> "bad_body";
            case PROTOCOL_ERROR -> "protocol_error";
            case STALLED -> "stalled";
        };
    }

    @Override
    public void flowControlStalled(ConnectionInfo c, int streamId) {
        counter("celeris.http2.flow_control.stalls", "Response data waiting for the peer's window",
                "celeris.window", streamId == 0 ? "connection" : "stream").increment();
    }

    @Override
    public void tlsHandshake(ConnectionInfo c, String protocol, String cipherSuite, String alpn) {
        counter("celeris.tls.handshakes", "TLS connections by protocol version, cipher suite and ALPN protocol",
                "tls.protocol.version", protocol == null ? "unknown" : protocol,
                "tls.cipher", cipherSuite == null ? "unknown" : cipherSuite,
                "tls.next_protocol", alpn == null ? "none" : alpn).increment();
    }

    private static String origin(Origin by) {
        return by == Origin.PEER ? "peer" : "server";
    }

    /** A counter with {@code tagPairs}, cached by name and tag values. */
    private Counter counter(String name, String description, String... tagPairs) {
        String key = tagPairs.length == 0 ? name : name + '\u0000' + String.join("\u0000", tagPairs);
        Counter c = counters.get(key);
        if (c != null) return c;
        return counters.computeIfAbsent(key, k -> Counter.builder(name).description(description).tags(common)
                .tags(tagPairs).register(registry));
    }
}
