package dev.celeris.examples;

import dev.celeris.micrometer.CelerisMetrics;
import dev.celeris.micrometer.PrometheusEndpoint;
import dev.celeris.router.Router;
import dev.celeris.router.ServerBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Arrays;

/**
 * The demo's {@code --metrics} flag: Micrometer meters of every engine event, served in the
 * Prometheus text format at {@code GET /metrics}.
 */
public final class DemoMetrics {

    /** The flag; it takes no value. */
    public static final String FLAG = "--metrics";

    private DemoMetrics() {
    }

    /** Adds {@code GET /metrics} to {@code router} and the metrics observer to {@code server}; returns the registry. */
    public static PrometheusMeterRegistry install(Router router, ServerBuilder server) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusEndpoint.register(router, registry);
        server.observer(CelerisMetrics.create(registry));
        return registry;
    }

    /** Whether {@code args} hold {@link #FLAG}. */
    static boolean requested(String[] args) {
        return Arrays.asList(args).contains(FLAG);
    }

    /** {@code args} without {@link #FLAG}, for the options that take values. */
    static String[] without(String[] args) {
        return Arrays.stream(args).filter(a -> !FLAG.equals(a)).toArray(String[]::new);
    }
}
