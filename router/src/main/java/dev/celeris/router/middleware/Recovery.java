package dev.celeris.router.middleware;

import dev.celeris.router.Handler;

/**
 * Turns an exception thrown further down the chain into an error response right here, through
 * the router's error handler, so middleware registered before it (a {@link Logger}) sees the
 * final status. With the default error handler an {@link dev.celeris.router.HttpException}
 * keeps its status and anything else is logged with its stack trace and answered 500 (JSON or
 * text by {@code Accept}). After the response was committed the exception is rethrown and the
 * engine resets the stream.
 */
public final class Recovery {

    private Recovery() {
    }

    public static Handler create() {
        return ctx -> {
            try {
                ctx.next();
            } catch (Throwable error) {
                ctx.router().handleError(ctx, error);
            }
        };
    }
}
