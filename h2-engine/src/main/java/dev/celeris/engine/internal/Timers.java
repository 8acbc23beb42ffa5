package dev.celeris.engine.internal;

import dev.celeris.spi.Connection;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Engine timers: one shared daemon scheduler whose tasks hop onto the connection's I/O thread,
 * so timeout handlers touch connection state only from that thread. For per-connection timeouts
 * that activity keeps pushing back (idle, header read), schedule one check and compare a
 * last-activity timestamp when it fires, rather than rescheduling on every frame.
 */
public final class Timers {

    private static final ScheduledThreadPoolExecutor SCHEDULER = createScheduler();

    private Timers() {
    }

    private static ScheduledThreadPoolExecutor createScheduler() {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "celeris-timer");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    /** Runs {@code task} on {@code connection}'s I/O thread after {@code delay}; cancel the future to drop it. */
    public static Future<?> schedule(Connection connection, Duration delay, Runnable task) {
        return SCHEDULER.schedule(() -> {
            if (connection.isOpen()) {
                connection.execute(task);
            }
        }, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    /**
     * After an orderly {@link Connection#close()}: a peer that does not read never lets the
     * queued bytes drain, so the close never completes; abort the connection if it is still open
     * after {@code timeout}. Scheduled only while output is still queued, so a connection that
     * closed cleanly is not kept reachable by a timer.
     */
    public static void abortIfCloseStalls(Connection connection, Duration timeout) {
        if (connection.isOpen() && (connection.queuedBytes() > 0 || !connection.isWritable())) {
            schedule(connection, timeout, connection::abort);
        }
    }
}
