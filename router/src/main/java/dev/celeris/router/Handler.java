package dev.celeris.router;

/**
 * Application code for one request: a route handler or a middleware. Middleware calls
 * {@link Context#next()} to run the rest of the chain; a handler that does not call it ends the
 * chain there.
 *
 * <pre>{@code
 * router.get("/users/:id", ctx -> ctx.json(Map.of("user_id", ctx.param("id"))));
 * router.use(ctx -> { long t0 = System.nanoTime(); ctx.next(); log(System.nanoTime() - t0); });
 * }</pre>
 */
@FunctionalInterface
public interface Handler {

    void handle(Context ctx) throws Exception;
}
