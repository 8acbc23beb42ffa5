package dev.celeris.opentelemetry;

import dev.celeris.router.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/** Reads propagation headers ({@code traceparent}, {@code tracestate}, {@code baggage}) from a request. */
enum ContextHeaders implements TextMapGetter<Context> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Context ctx) {
        return ctx.headers().names();
    }

    @Override
    public String get(Context ctx, String name) {
        return ctx == null ? null : ctx.header(name);
    }
}
