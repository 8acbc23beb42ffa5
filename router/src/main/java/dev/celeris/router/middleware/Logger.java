package dev.celeris.router.middleware;

import dev.celeris.router.Context;
import dev.celeris.router.Handler;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Access log: one line per request with method, path, status, body bytes, duration, protocol and
 * remote address (plus the request id when {@link RequestId} ran first, and the trace id when a
 * tracing middleware stored it under {@link #TRACE_ID}). Text by default:
 *
 * <pre>127.0.0.1 "GET /users/42 HTTP/2.0" 200 16 0.412ms trace=4bf92f3577b34da6a3ce929d0e0e4736</pre>
 *
 * or JSON ({@link Builder#json()}). Lines go to {@code System.Logger} {@value #LOGGER_NAME} at
 * INFO unless a sink is given. Put it first, before {@link Recovery}, to log the final status.
 */
public final class Logger {

    public static final String LOGGER_NAME = "dev.celeris.access";
    /** The context attribute (a {@code String}) a tracing middleware sets to the request's trace id. */
    public static final String TRACE_ID = "celeris.trace_id";

    private Logger() {
    }

    /** Text lines to {@code System.Logger} {@value #LOGGER_NAME}. */
    public static Handler create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private boolean json;
        private Consumer<String> sink;

        private Builder() {
        }

        /** One JSON object per line instead of text. */
        public Builder json() {
            this.json = true;
            return this;
        }

        /** Where lines go (default: System.Logger at INFO). */
        public Builder sink(Consumer<String> sink) {
            this.sink = Objects.requireNonNull(sink);
            return this;
        }

        public Handler build() {
            boolean asJson = json;
            Consumer<String> out = sink;
            if (out == null) {
                System.Logger log = System.getLogger(LOGGER_NAME);
                out = line -> log.log(System.Logger.Level.INFO, line);
            }
            Consumer<String> target = out;
            return ctx -> {
                long start = System.nanoTime();
                Throwable failure = null;
                try {
                    ctx.next();
                } catch (Throwable t) {
                    failure = t;
                    throw t;
                } finally {
                    long nanos = System.nanoTime() - start;
                    int status = failure != null && !ctx.isCommitted() ? statusOf(failure) : ctx.status();
                    target.accept(asJson ? Logger.json(ctx, status, nanos) : Logger.text(ctx, status, nanos));
                }
            };
        }
    }

    private static int statusOf(Throwable t) {
        return t instanceof dev.celeris.router.HttpException h ? h.status() : 500;
    }

    static String text(Context ctx, int status, long nanos) {
        StringBuilder sb = new StringBuilder(96);
        sb.append(ctx.clientIp()).append(" \"").append(ctx.method()).append(' ').append(ctx.path());
        if (ctx.rawQuery() != null) sb.append('?').append(ctx.rawQuery());
        sb.append(' ').append(ctx.protocol()).append("\" ").append(status).append(' ').append(ctx.bytesWritten())
                .append(' ').append(String.format(java.util.Locale.ROOT, "%.3fms", nanos / 1e6));
        Object id = ctx.get(RequestId.ATTRIBUTE);
        if (id != null) sb.append(" id=").append(id);
        Object trace = ctx.get(TRACE_ID);
        if (trace != null) sb.append(" trace=").append(trace);
        return sb.toString();
    }

    static String json(Context ctx, int status, long nanos) {
        StringBuilder sb = new StringBuilder(160).append('{');
        field(sb, "time", Instant.now().toString()).append(',');
        field(sb, "method", ctx.method()).append(',');
        field(sb, "path", ctx.path()).append(',');
        if (ctx.rawQuery() != null) field(sb, "query", ctx.rawQuery()).append(',');
        sb.append("\"status\":").append(status).append(',');
        sb.append("\"bytes\":").append(ctx.bytesWritten()).append(',');
        sb.append("\"duration_ms\":").append(String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6)).append(',');
        field(sb, "protocol", ctx.protocol()).append(',');
        field(sb, "remote", ctx.clientIp());
        Object id = ctx.get(RequestId.ATTRIBUTE);
        if (id != null) field(sb.append(','), "request_id", id.toString());
        Object trace = ctx.get(TRACE_ID);
        if (trace != null) field(sb.append(','), "trace_id", trace.toString());
        return sb.append('}').toString();
    }

    private static StringBuilder field(StringBuilder sb, String name, String value) {
        sb.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"');
    }
}
