package dev.celeris.engine.internal.h2;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the application's {@link dev.celeris.engine.HttpHandler} for a stream: on a new virtual thread (default),
 * on {@link dev.celeris.engine.EngineConfig#handlerExecutor()}, or inline on the I/O thread for
 * non-blocking handlers once the request is complete. Every call into user code is wrapped (see
 * {@link H2Response#finish}): a handler exception becomes a 500 (or RST_STREAM INTERNAL_ERROR
 * after commit) and never disturbs the connection.
 */
final class Dispatcher {

    private final Http2ConnectionHandler conn;
    private final Executor executor;

    Dispatcher(Http2ConnectionHandler conn) {
        this.conn = conn;
        this.executor = conn.config.handlerExecutor();
    }

    void dispatch(H2Stream stream) {
        H2Response response = stream.response;
        response.startHandler();
        response.prepare("HEAD".equals(stream.request.method()), stream.inline);
        if (stream.inline) {
            response.runHandler();
            return;
        }
        try {
            if (executor != null) executor.execute(response);
            else Thread.startVirtualThread(response);
        } catch (RejectedExecutionException e) {
            Http2ConnectionHandler.LOG.log(System.Logger.Level.WARNING, "handler executor rejected stream {0}", stream.id);
            conn.outbox.submit(StreamOp.reset(stream, H2Error.REFUSED_STREAM));
        }
    }
}
