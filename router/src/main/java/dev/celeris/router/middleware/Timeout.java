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
                    // ctx keeps the guard: the worker shares ctx and may still write through it
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

    /**
     * The handler's view of the response. It never shares a {@link Headers} object with the
     * engine while the handler may still write: headers are staged here and copied into the real
     * response at commit, under the lock that also decides the timeout, so a late write from the
     * worker can neither race with the I/O thread encoding the headers nor reach the wire after
     * the timeout answered. Writes after expiry are dropped.
     */
    private static final class Guarded extends ResponseWrapper {
        private final Headers staged;
        private boolean expired;
        private boolean committed;

        Guarded(HttpResponse delegate) {
            super(delegate);
            this.staged = delegate.headers().copy(); // what earlier middleware set
        }

        /** True when nothing was committed, so the caller may answer instead. */
        synchronized boolean expire() {
            expired = true;
            return !committed;
        }

        /** Under the lock: the staged headers become the response's, once. False after expiry. */
        private boolean commit() {
            if (expired) return false;
            if (!committed) {
                committed = true;
                Headers real = delegate.headers();
                real.clear();
                for (int i = 0; i < staged.size(); i++) real.add(staged.name(i), staged.value(i));
            }
            return true;
        }

        @Override
        public synchronized void send(ByteBuffer body) {
            if (commit()) delegate.send(body);
        }

        @Override
        public synchronized void end() {
            if (commit()) delegate.end();
        }

        @Override
        public Headers headers() {
            return staged;
        }

        @Override
        public synchronized OutputStream body() {
            return commit() ? delegate.body() : OutputStream.nullOutputStream();
        }

        @Override
        public synchronized HttpResponse status(int status) {
            if (!expired) delegate.status(status);
            return this;
        }

        @Override
        public synchronized boolean isCommitted() {
            return expired || committed;
        }

        @Override
        public synchronized boolean isDone() {
            return expired || delegate.isDone();
        }
    }
}
