package dev.celeris.router;

/**
 * Entry point: {@code Celeris.server().port(8080).start(router)}.
 *
 * <pre>{@code
 * Router router = Router.create();
 * router.get("/", ctx -> ctx.string("Hello, Celeris!"));
 * try (Server server = Celeris.server().port(8080).transport("nio").start(router)) {
 *     server.await();
 * }
 * }</pre>
 */
public final class Celeris {

    private Celeris() {
    }

    /** A server builder with the defaults documented on {@link ServerBuilder}. */
    public static ServerBuilder server() {
        return new ServerBuilder();
    }
}
