package dev.celeris.router;

import java.util.List;
import java.util.Objects;

/**
 * One registered route: a method, a full path pattern (group prefixes included) and its
 * flattened handler chain (the middleware in force at registration, then the handlers).
 */
public final class Route {

    private final String method;
    private final String path;
    private final Handler[] chain;
    private boolean nonBlocking;

    public Route(String method, String path, List<Handler> chain) {
        this.method = Objects.requireNonNull(method, "method");
        this.path = Objects.requireNonNull(path, "path");
        if (chain.isEmpty()) throw new IllegalArgumentException(method + " " + path + ": a route needs a handler");
        for (Handler h : chain) Objects.requireNonNull(h, () -> method + " " + path + ": null handler");
        this.chain = chain.toArray(new Handler[0]);
    }

    public String method() {
        return method;
    }

    /** The pattern, e.g. {@code /api/v1/users/:id}. */
    public String path() {
        return path;
    }

    /** The flattened chain: middleware first, the route's handler(s) last. */
    public List<Handler> handlers() {
        return List.of(chain);
    }

    /**
     * Whether the route runs inline on the connection's I/O thread ({@link Routes#nonBlocking()})
     * instead of on its own virtual thread.
     */
    public boolean isNonBlocking() {
        return nonBlocking;
    }

    void markNonBlocking() {
        nonBlocking = true;
    }

    Handler[] chain() {
        return chain;
    }

    @Override
    public String toString() {
        return method + " " + path + " (" + chain.length + " handler" + (chain.length == 1 ? "" : "s")
                + (nonBlocking ? ", non-blocking" : "") + ")";
    }
}
