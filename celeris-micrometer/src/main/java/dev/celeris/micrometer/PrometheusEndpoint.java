package dev.celeris.micrometer;

import dev.celeris.router.Handler;
import dev.celeris.router.Router;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Serves a {@link PrometheusMeterRegistry} in the Prometheus text exposition format (0.0.4),
 * the format every Prometheus server scrapes.
 *
 * <pre>{@code
 * PrometheusEndpoint.register(router, registry);   // GET /metrics
 * }</pre>
 */
public final class PrometheusEndpoint {

    /** The content type of the Prometheus text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusEndpoint() {
    }

    /** A handler answering with the registry's current scrape. */
    public static Handler handler(PrometheusMeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return ctx -> ctx.bytes(200, registry.scrape().getBytes(StandardCharsets.UTF_8), CONTENT_TYPE);
    }

    /** Adds {@code GET /metrics} to {@code router}. */
    public static Router register(Router router, PrometheusMeterRegistry registry) {
        return register(router, "/metrics", registry);
    }

    /** Adds {@code GET path} to {@code router}. */
    public static Router register(Router router, String path, PrometheusMeterRegistry registry) {
        router.get(path, handler(registry));
        return router;
    }
}
