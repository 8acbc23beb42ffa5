package dev.celeris.router.middleware;

import dev.celeris.router.Handler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Cross-Origin Resource Sharing (Fetch standard §3.2). Register it with {@code router.use(...)}
 * so it also answers preflights for paths that have no OPTIONS route.
 *
 * <pre>{@code
 * router.use(Cors.builder().allowOrigins("https://app.example").allowCredentials(true).build());
 * }</pre>
 *
 * A request without {@code Origin} passes untouched. A disallowed origin gets no CORS headers
 * (the browser blocks it); its preflight is answered 403. A preflight ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) from an allowed origin is answered 204 here.
 */
public final class Cors {

    private Cors() {
    }

    /** Any origin, the common methods, any requested header, no credentials. */
    public static Handler create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<String> origins = new ArrayList<>();
        private List<String> methods = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
        private List<String> headers = List.of();
        private List<String> exposed = List.of();
        private boolean credentials;
        private Duration maxAge = Duration.ofMinutes(10);

        private Builder() {
        }

        /** Allowed origins ({@code "*"} for any). Default: any. */
        public Builder allowOrigins(String... origins) {
            Collections.addAll(this.origins, origins);
            return this;
        }

        public Builder allowMethods(String... methods) {
            this.methods = List.of(methods);
            return this;
        }

        /** Allowed request headers; default: whatever the preflight asks for. */
        public Builder allowHeaders(String... headers) {
            this.headers = List.of(headers);
            return this;
        }

        public Builder exposeHeaders(String... headers) {
            this.exposed = List.of(headers);
            return this;
        }

        /** Allow cookies/credentials; the origin is then echoed, never {@code *}. */
        public Builder allowCredentials(boolean on) {
            this.credentials = on;
            return this;
        }

        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        public Handler build() {
            List<String> allowed = origins.isEmpty() ? List.of("*") : List.copyOf(origins);
            boolean any = allowed.contains("*");
            String methodList = String.join(", ", methods);
            String headerList = headers.isEmpty() ? null : String.join(", ", headers);
            String exposeList = exposed.isEmpty() ? null : String.join(", ", exposed);
            boolean creds = credentials;
            String age = Long.toString(maxAge.toSeconds());
            List<String> lowerHeaders = headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
            return ctx -> {
                String origin = ctx.header("origin");
                if (origin == null) {
                    ctx.next();
                    return;
                }
                boolean ok = any || allowed.contains(origin);
                boolean preflight = "OPTIONS".equals(ctx.method()) && ctx.header("access-control-request-method") != null;
                if (!ok) {
                    if (preflight) {
                        ctx.string(403, "CORS origin not allowed");
                        return;
                    }
                    ctx.next();
                    return;
                }
                ctx.addHeader("vary", "Origin");
                ctx.header("access-control-allow-origin", any && !creds ? "*" : origin);
                if (creds) ctx.header("access-control-allow-credentials", "true");
                if (preflight) {
                    String requested = ctx.header("access-control-request-method");
                    if (!methods.contains(requested.trim().toUpperCase(Locale.ROOT))) {
                        ctx.string(403, "CORS method not allowed: " + requested);
                        return;
                    }
                    ctx.header("access-control-allow-methods", methodList);
                    String reqHeaders = ctx.header("access-control-request-headers");
                    if (headerList != null) {
                        if (reqHeaders != null && !allHeadersAllowed(reqHeaders, lowerHeaders)) {
                            ctx.string(403, "CORS header not allowed: " + reqHeaders);
                            return;
                        }
                        ctx.header("access-control-allow-headers", headerList);
                    } else if (reqHeaders != null) {
                        ctx.header("access-control-allow-headers", reqHeaders);
                    }
                    ctx.header("access-control-max-age", age);
                    ctx.noContent();
                    return;
                }
                if (exposeList != null) ctx.header("access-control-expose-headers", exposeList);
                ctx.next();
            };
        }
    }

    private static boolean allHeadersAllowed(String requested, List<String> allowed) {
        for (String h : requested.split(",")) {
            String name = h.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !allowed.contains(name)) return false;
        }
        return true;
    }
}
