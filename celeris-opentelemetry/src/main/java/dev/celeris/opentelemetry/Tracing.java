package dev.celeris.opentelemetry;

import dev.celeris.router.Context;
import dev.celeris.router.Handler;
import dev.celeris.router.HttpException;
import dev.celeris.router.middleware.Logger;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Objects;
import java.util.Set;

/**
 * Tracing middleware: one OpenTelemetry SERVER span per request, named {@code GET /users/:id}
 * (method and route template, or only the method when no route matched), a child of the
 * trace context the client sent ({@code traceparent}/{@code tracestate}) with its
 * {@code baggage}. The span is current on the handler's thread ({@code Span.current()},
 * {@code Baggage.current()}), records an exception the handler throws, gets status ERROR for
 * exceptions and 5xx, and ends when the response has been written — for a streamed response,
 * when the handler finished streaming.
 *
 * <pre>{@code
 * router.use(Tracing.create(openTelemetry));
 * }</pre>
 *
 * Attributes follow the OpenTelemetry HTTP semantic conventions; see docs/observability.md.
 * The trace id is stored under {@link Logger#TRACE_ID}, so the access log prints it.
 */
public final class Tracing {

    static final String SCOPE = "dev.celeris.opentelemetry";
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY");
    private static final TextMapPropagator W3C = TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
    static final AttributeKey<String> PROTOCOL_NAME = AttributeKey.stringKey("network.protocol.name");
    static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
    static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private Tracing() {
    }

    /**
     * The middleware for {@code openTelemetry}'s tracer. Propagation uses the instance's
     * propagators, or W3C trace context + baggage when it has none configured.
     */
    public static Handler create(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        TextMapPropagator configured = openTelemetry.getPropagators().getTextMapPropagator();
        TextMapPropagator propagator = configured.fields().isEmpty() ? W3C : configured;
        return create(openTelemetry.getTracer(SCOPE), propagator);
    }

    /** The middleware for {@code tracer}, extracting context with {@code propagator}. */
    public static Handler create(Tracer tracer, TextMapPropagator propagator) {
        Objects.requireNonNull(tracer, "tracer");
        Objects.requireNonNull(propagator, "propagator");
        return ctx -> trace(tracer, propagator, ctx);
    }

    private static void trace(Tracer tracer, TextMapPropagator propagator, Context ctx) throws Exception {
        io.opentelemetry.context.Context parent =
                propagator.extract(io.opentelemetry.context.Context.root(), ctx, ContextHeaders.INSTANCE);
        String method = ctx.method();
        boolean known = METHODS.contains(method);
        String route = ctx.routeTemplate();
        String verb = known ? method : "HTTP";
        Span span = tracer.spanBuilder(route == null ? verb : verb + " " + route).setParent(parent)
                .setSpanKind(SpanKind.SERVER).startSpan();
        if (span.isRecording()) requestAttributes(span, ctx, method, known, route);
        if (span.getSpanContext().isValid()) ctx.set(Logger.TRACE_ID, span.getSpanContext().getTraceId());
        Throwable failure = null;
        try (Scope ignored = parent.with(span).makeCurrent()) {
            ctx.next();
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            end(span, ctx, failure);
        }
    }

    private static void requestAttributes(Span span, Context ctx, String method, boolean known, String route) {
        span.setAttribute(METHOD, known ? method : "_OTHER");
        if (!known) span.setAttribute(METHOD_ORIGINAL, method);
        if (route != null) span.setAttribute(ROUTE, route);
        span.setAttribute(URL_PATH, ctx.path());
        if (ctx.rawQuery() != null) span.setAttribute(URL_QUERY, ctx.rawQuery());
        span.setAttribute(URL_SCHEME, ctx.scheme());
        span.setAttribute(PROTOCOL_NAME, "http");
        span.setAttribute(PROTOCOL_VERSION, protocolVersion(ctx.protocol()));
        String host = ctx.host();
        if (host != null) hostAttributes(span, host);
        String client = ctx.clientIp();
        if (client != null) span.setAttribute(CLIENT_ADDRESS, client);
        String agent = ctx.header("user-agent");
        if (agent != null) span.setAttribute(USER_AGENT, agent);
    }

    /** {@code server.address} and {@code server.port} from the {@code Host} / {@code :authority}. */
    static void hostAttributes(Span span, String authority) {
        int colon = authority.lastIndexOf(':');
        if (colon > 0 && colon > authority.lastIndexOf(']')) {
            span.setAttribute(SERVER_ADDRESS, authority.substring(0, colon));
            try {
                span.setAttribute(SERVER_PORT, Long.parseLong(authority.substring(colon + 1)));
            } catch (NumberFormatException e) {
                // not a port: the address alone is still useful
            }
        } else {
            span.setAttribute(SERVER_ADDRESS, authority);
        }
    }

    private static void end(Span span, Context ctx, Throwable failure) {
        int status = failure != null && !ctx.isCommitted()
                ? (failure instanceof HttpException h ? h.status() : 500) : ctx.status();
        if (span.isRecording()) {
            span.setAttribute(STATUS, status);
            if (failure != null) {
                span.recordException(failure);
                span.setAttribute(ERROR_TYPE, failure.getClass().getName());
                span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
            } else if (status >= 500) {
                span.setAttribute(ERROR_TYPE, Integer.toString(status));
                span.setStatus(StatusCode.ERROR);
            }
        }
        span.end();
    }

    static String protocolVersion(String protocol) {
        return switch (protocol) {
            case "HTTP/2.0" -> "2";
            case "HTTP/1.1" -> "1.1";
            case "HTTP/1.0" -> "1.0";
            default -> protocol;
        };
    }
}
