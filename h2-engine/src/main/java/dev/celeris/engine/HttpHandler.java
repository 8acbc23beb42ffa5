package dev.celeris.engine;

/**
 * Application code that answers one request. The engine calls it once per request stream
 * (HTTP/2) or per request (HTTP/1.1).
 *
 * <p>By default ({@link #isBlocking()} true) the handler runs on its own virtual thread (or the
 * configured {@link EngineConfig#handlerExecutor()}), so it may block: reading the request body
 * waits for bytes under flow control, writing the response waits for the peer's window.
 *
 * <p>A handler that declares itself non-blocking ({@link #isBlocking()} false) runs inline on
 * the connection's I/O thread once the whole request, body included, has arrived. It must not
 * block; it saves the thread hand-off.
 *
 * <p>When the handler returns, the engine completes the response if the handler did not. An
 * exception thrown before the response was committed becomes a 500; after commit, the stream
 * is reset (HTTP/2 RST_STREAM INTERNAL_ERROR) or the connection closed (HTTP/1.1).
 */
@FunctionalInterface
public interface HttpHandler {

    void handle(HttpRequest request, HttpResponse response) throws Exception;

    /** Whether this handler may block; non-blocking handlers run inline on the I/O thread. */
    default boolean isBlocking() {
        return true;
    }

    /**
     * Whether this request's handling may block, asked on the I/O thread once the request head
     * has arrived (HTTP/2: its HEADERS; HTTP/1.1: its request line and headers), before its body.
     * A handler that serves some requests inline and others on their own thread (a router with
     * routes marked non-blocking) overrides this; it must decide from the request head alone,
     * quickly and without blocking. The default is {@link #isBlocking()}.
     */
    default boolean isBlocking(HttpRequest request) {
        return isBlocking();
    }

    /** Wraps {@code handler} as a non-blocking handler that runs inline on the I/O thread. */
    static HttpHandler nonBlocking(HttpHandler handler) {
        return new HttpHandler() {
            @Override
            public void handle(HttpRequest request, HttpResponse response) throws Exception {
                handler.handle(request, response);
            }

            @Override
            public boolean isBlocking() {
                return false;
            }
        };
    }
}
