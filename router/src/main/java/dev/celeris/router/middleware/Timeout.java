package dev.celeris.router.middleware;

import dev.celeris.engine.Headers;
import dev.celeris.engine.HttpResponse;
import dev.celeris.router.Handler;
import dev.celeris.router.ResponseWrapper;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds how long the rest of the chain may take. The chain runs on its own virtual thread;
 * when it has not finished in time and nothing was sent yet, the client gets 503 Service
 * Unavailable at once (like Go's {@code http.TimeoutHandler}), the handler thread is interrupted,
 * and whatever it writes afterwards is discarded. If the handler had already started streaming,
 * it is interrupted and the response ends as the handler leaves it.
 */
public final class Timeout {

    private Timeout() {
    }

    public static Handler of(Duration limit) {
        return of(limit, 503, "Request timed out");
    }

    public static Handler of(Duration limit, int status, String message) {
        long nanos = limit.toNanos();
        if (nanos <= 0) throw new IllegalArgumentException("timeout must be positive");
        return ctx -> {
            HttpResponse original = ctx.response();
            Guarded guarded = new Guarded(original);
            ctx.wrapResponse(r -> guarded);
            FutureTask<Void> task = new FutureTask<>(() -> {
                ctx.next();
                return null;
            });
            Thread worker = Thread.ofVirtual().name("celeris-timeout-worker").start(task);
            try {
                task.get(nanos, TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
            } catch (TimeoutException e) {
                boolean answered = guarded.expire();
                worker.interrupt();
                if (answered) {
                    original.status(status);
                    original.headers().set("content-type", "text/plain; charset=utf-8");
                    original.send(message.getBytes(StandardCharsets.UTF_8));
                    ctx.wrapResponse(r -> original);
                    return;
                }
                await(task);   // already streaming: let it end
            }
        };
    }

    private static void await(Future<?> task) throws Exception {
        try {
            task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
        }
    }

    /** Drops the handler's writes once the timeout answered for it. */
    private static final class Guarded extends ResponseWrapper {
        private boolean expired;

        Guarded(HttpResponse delegate) {
            super(delegate);
        }

        /** True when nothing was committed, so the caller may answer instead. */
        synchronized boolean expire() {
            expired = true;
            return !delegate.isCommitted();
        }

        private synchronized boolean live() {
            return !expired || delegate.isCommitted();
        }

        @Override
        public synchronized void send(ByteBuffer body) {
            if (!expired) delegate.send(body);
        }

        @Override
        public synchronized void end() {
            if (live()) delegate.end();
        }

        @Override
        public Headers headers() {
            return expired && !delegate.isCommitted() ? new Headers() : delegate.headers();
        }

        @Override
        public synchronized OutputStream body() {
            if (!expired) return delegate.body();
            return OutputStream.nullOutputStream();
        }

        @Override
        public synchronized HttpResponse status(int status) {
            if (!expired) delegate.status(status);
            return this;
        }

        @Override
        public boolean isCommitted() {
            return expired || delegate.isCommitted();
        }

        @Override
        public boolean isDone() {
            return expired || delegate.isDone();
        }
    }
}
