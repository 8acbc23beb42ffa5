package dev.celeris.engine.internal.ws;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** One shared daemon scheduler for WebSocket idle checks, pings and close timeouts; tasks must not block. */
final class WsTimers {

    private static final ScheduledThreadPoolExecutor SCHEDULER = create();

    private WsTimers() {
    }

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "celeris-ws-timer");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    static ScheduledFuture<?> once(Duration delay, Runnable task) {
        return SCHEDULER.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    static ScheduledFuture<?> every(Duration period, Runnable task) {
        long nanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), period.toNanos());
        return SCHEDULER.scheduleWithFixedDelay(task, nanos, nanos, TimeUnit.NANOSECONDS);
    }
}
