package dev.celeris.router.middleware;

import dev.celeris.router.Handler;
import dev.celeris.router.Routes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A health endpoint: {@code {"status":"UP"}} with 200, or 503 with {@code "DOWN"} when a check
 * fails (a check that throws counts as down). Each named check is reported under
 * {@code "checks"}.
 *
 * <pre>{@code
 * Health.builder().check("db", db::ping).install(router);   // GET /health
 * }</pre>
 */
public final class Health {

    public static final String PATH = "/health";

    private Health() {
    }

    /** A handler that always reports UP (the process answers). */
    public static Handler create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder check(String name, BooleanSupplier check) {
            checks.put(Objects.requireNonNull(name), Objects.requireNonNull(check));
            return this;
        }

        public Handler build() {
            Map<String, BooleanSupplier> all = Map.copyOf(checks);
            Map<String, BooleanSupplier> ordered = new LinkedHashMap<>(checks);
            return ctx -> {
                Map<String, Object> body = new LinkedHashMap<>();
                Map<String, String> results = new LinkedHashMap<>();
                boolean up = true;
                for (var e : ordered.entrySet()) {
                    boolean ok;
                    try {
                        ok = e.getValue().getAsBoolean();
                    } catch (RuntimeException ex) {
                        ok = false;
                    }
                    results.put(e.getKey(), ok ? "UP" : "DOWN");
                    up &= ok;
                }
                body.put("status", up ? "UP" : "DOWN");
                if (!all.isEmpty()) body.put("checks", results);
                ctx.header("cache-control", "no-store");
                ctx.json(up ? 200 : 503, body);
            };
        }

        /** Registers {@code GET /health} (and so HEAD) on {@code routes}. */
        public void install(Routes<?> routes) {
            routes.get(PATH, build());
        }
    }
}
