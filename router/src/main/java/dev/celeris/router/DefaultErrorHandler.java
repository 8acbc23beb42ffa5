package dev.celeris.router;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The default error rendering: an {@link HttpException} answers with its status, message and
 * headers; anything else is logged with its stack trace and answered 500 without details.
 * The body is JSON {@code {"error": message, "status": code}} when {@code Accept} prefers JSON,
 * else plain text.
 */
final class DefaultErrorHandler implements ErrorHandler {

    static final DefaultErrorHandler INSTANCE = new DefaultErrorHandler();
    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    private DefaultErrorHandler() {
    }

    @Override
    public void handle(Context ctx, Throwable error) {
        int status;
        String message;
        if (error instanceof HttpException http) {
            status = http.status();
            message = http.getMessage();
            http.headers().forEach((n, v) -> ctx.response().headers().add(n, v));
        } else {
            LOG.log(System.Logger.Level.ERROR, "Unhandled error in " + ctx.method() + " " + ctx.path(), error);
            status = 500;
            message = "Internal Server Error";
        }
        render(ctx, status, message);
    }

    /** Writes {@code message} with {@code status} as JSON or text according to {@code Accept}. */
    static void render(Context ctx, int status, String message) {
        if (Accept.prefersJson(ctx.header("accept"))) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", message);
            body.put("status", status);
            ctx.json(status, body);
        } else {
            ctx.string(status, message);
        }
    }
}
