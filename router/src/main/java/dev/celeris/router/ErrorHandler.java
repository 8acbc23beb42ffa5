package dev.celeris.router;

/**
 * Turns an exception thrown by a handler (or middleware) into a response. Called only while the
 * response is not yet committed; after commit the stream is reset instead.
 */
@FunctionalInterface
public interface ErrorHandler {

    void handle(Context ctx, Throwable error) throws Exception;
}
