package dev.celeris.engine.internal.h2;

import dev.celeris.engine.ClientException;
import dev.celeris.engine.EngineObserver;
import dev.celeris.engine.internal.ExchangeEvents;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the application's {@link dev.celeris.engine.HttpHandler} for a stream: on a new virtual thread (default),
 * on {@link dev.celeris.engine.EngineConfig#handlerExecutor()}, or inline on the I/O thread for
 * non-blocking handlers once the request is complete. Every call into user code is wrapped: a
 * handler exception becomes a 500 (or RST_STREAM INTERNAL_ERROR after commit) and never
 * disturbs the connection.
 */
final class Dispatcher {

    private final Http2ConnectionHandler conn;
    private final Executor executor;
    private final EngineObserver observer;

    Dispatcher(Http2ConnectionHandler conn) {
        this.conn = conn;
        this.executor = conn.config.handlerExecutor();
        this.observer = conn.config.observer();
    }

    void dispatch(H2Stream stream) {
        stream.dispatched = true;
        H2Response response = new H2Response(stream, conn.outbox, "HEAD".equals(stream.request.method()), stream.inline);
        stream.response = response;
        H2Request request = stream.request;
        if (stream.inline) {
            run(request, response);
            return;
        }
        Runnable task = () -> run(request, response);
        try {
            if (executor != null) executor.execute(task);
            else Thread.startVirtualThread(task);
        } catch (RejectedExecutionException e) {
            Http2ConnectionHandler.LOG.log(System.Logger.Level.WARNING, "handler executor rejected stream {0}", stream.id);
            conn.outbox.submit(StreamOp.reset(stream, H2Error.REFUSED_STREAM));
        }
    }

    private void run(H2Request request, H2Response response) {
        long started = ExchangeEvents.started(observer, request);
        Throwable failure = null;
        try {
            conn.handler.handle(request, response);
        } catch (Throwable t) {
            failure = t;
            ClientException client = ClientException.in(t);
            if (client != null) {
                Http2ConnectionHandler.LOG.log(System.Logger.Level.DEBUG, "client failure on {0}: {1}", request,
                        client.getMessage());
            } else if (response.failure() == null) {
                Http2ConnectionHandler.LOG.log(System.Logger.Level.WARNING, "handler failed on " + request, t);
            }
        }
        try {
            response.complete(failure);
        } catch (RuntimeException e) {
            Http2ConnectionHandler.LOG.log(System.Logger.Level.DEBUG, "completing " + request + " failed", e);
        }
        ExchangeEvents.completed(observer, request, response, started, failure);
    }
}
