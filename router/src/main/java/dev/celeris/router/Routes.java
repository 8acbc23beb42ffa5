package dev.celeris.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Route registration shared by {@link Router} and {@link Group}: every verb method funnels into
 * {@link Router#add(Route)} with the full path (prefixes joined) and the chain flattened from
 * the middleware in force at that moment plus the given handlers.
 *
 * @param <S> the concrete type, returned for chaining
 */
public abstract sealed class Routes<S extends Routes<S>> permits Router, Group {

    /** Methods {@link #any} registers, as Gin's {@code Any}. */
    public static final List<String> ANY_METHODS =
            List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE");

    final List<Handler> middleware = new ArrayList<>();

    Routes() {
    }

    abstract Router router();

    /** The path prefix of this group ("" for the router). */
    abstract String prefix();

    /** The middleware in force here: the parents' first, then this one's. */
    abstract List<Handler> effectiveMiddleware();

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /** The routes the previous registration call added, for {@link #nonBlocking()}. */
    private List<Route> lastAdded = List.of();

    /**
     * Adds middleware for routes registered <em>after</em> this call (here and in groups below).
     * Router-level middleware also wraps the 404/405 handlers.
     */
    public S use(Handler... handlers) {
        router().checkOpen();
        lastAdded = List.of();
        for (Handler h : handlers) middleware.add(Objects.requireNonNull(h, "middleware"));
        return self();
    }

    public S get(String path, Handler... handlers) {
        return handle("GET", path, handlers);
    }

    public S post(String path, Handler... handlers) {
        return handle("POST", path, handlers);
    }

    public S put(String path, Handler... handlers) {
        return handle("PUT", path, handlers);
    }

    public S patch(String path, Handler... handlers) {
        return handle("PATCH", path, handlers);
    }

    public S delete(String path, Handler... handlers) {
        return handle("DELETE", path, handlers);
    }

    public S head(String path, Handler... handlers) {
        return handle("HEAD", path, handlers);
    }

    public S options(String path, Handler... handlers) {
        return handle("OPTIONS", path, handlers);
    }

    /** Registers the handlers for every method in {@link #ANY_METHODS}. */
    public S any(String path, Handler... handlers) {
        List<Route> added = new ArrayList<>(ANY_METHODS.size());
        for (String m : ANY_METHODS) {
            handle(m, path, handlers);
            added.addAll(lastAdded);
        }
        lastAdded = added;
        return self();
    }

    /**
     * Marks the route(s) registered by the previous call ({@code get}, {@code any}, ...) as
     * non-blocking: they run inline on the connection's I/O thread once the whole request has
     * arrived, saving the hand-off to a virtual thread. The whole chain, middleware included,
     * then runs on the I/O thread and must never block (no body reads of unbounded uploads, no
     * locks, no I/O): a blocked I/O thread stalls every connection it serves.
     *
     * <pre>{@code router.get("/", ctx -> ctx.string("hello")).nonBlocking();}</pre>
     *
     * @throws IllegalStateException when no route was registered just before, or once frozen
     */
    public S nonBlocking() {
        router().checkOpen();
        if (lastAdded.isEmpty()) throw new IllegalStateException("nonBlocking() follows a route registration");
        for (Route r : lastAdded) r.markNonBlocking();
        router().noteNonBlocking();
        return self();
    }

    /** Registers a route for any method token, e.g. {@code handle("PROPFIND", "/dav/*path", h)}. */
    public S handle(String method, String path, Handler... handlers) {
        if (handlers.length == 0) throw new IllegalArgumentException(method + " " + path + ": a route needs a handler");
        List<Handler> chain = new ArrayList<>(effectiveMiddleware());
        chain.addAll(Arrays.asList(handlers));
        Route route = new Route(method, joinPath(prefix(), path), chain);
        router().add(route);
        lastAdded = List.of(route);
        return self();
    }

    /**
     * A WebSocket route (RFC 6455 over HTTP/1.1, RFC 8441 over HTTP/2): registered for GET (the
     * HTTP/1.1 upgrade) and CONNECT (HTTP/2's extended CONNECT), behind the middleware in force.
     *
     * <pre>{@code
     * router.ws("/chat/:room", ws -> ws.onText((s, text) -> s.send(text)));
     * }</pre>
     */
    public S ws(String path, java.util.function.Consumer<WsRoute> setup) {
        WsRoute route = new WsRoute();
        setup.accept(route);
        WsEndpoint endpoint = new WsEndpoint(route);
        handle("GET", path, endpoint);
        return handle("CONNECT", path, endpoint);
    }

    /** A sub-group under {@code prefix}, with optional middleware of its own. */
    public Group group(String prefix, Handler... middleware) {
        Group group = new Group(this, joinPath(prefix(), prefix));
        group.use(middleware);
        return group;
    }

    static String joinPath(String prefix, String path) {
        Objects.requireNonNull(path, "path");
        if (prefix.isEmpty()) return path;
        if (path.isEmpty()) return prefix;
        if (!path.startsWith("/")) path = "/" + path;
        return prefix.endsWith("/") ? prefix + path.substring(1) : prefix + path;
    }
}
