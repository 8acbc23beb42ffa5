package dev.celeris.engine.internal;

import dev.celeris.spi.Connection;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Engine timers on the process's {@link TimerWheel}: a task hops onto the connection's I/O
 * thread, so timeout handlers touch connection state only from that thread. For per-connection
 * timeouts that activity keeps pushing back (idle, header read), schedule one check and compare
 * a last-activity timestamp when it fires, rather than rescheduling on every frame. A scheduled
 * task is one small object (the wheel's entry is the future); a connection that wants none
 * extends {@link TimerWheel.Entry} itself.
 */
public final class Timers {

    private Timers() {
    }

    /** Runs {@code task} on {@code connection}'s I/O thread after {@code delay}; cancel the future to drop it. */
    public static Future<?> schedule(Connection connection, Duration delay, Runnable task) {
        Task t = new Task(connection, task);
        TimerWheel.SHARED.schedule(t, delay.toNanos());
        return t;
    }

    /** (Re)schedules a connection's own entry after {@code delay}. */
    public static void schedule(TimerWheel.Entry entry, Duration delay) {
        TimerWheel.SHARED.schedule(entry, delay.toNanos());
    }

    /** Takes a connection's own entry out of the wheel. */
    public static void cancel(TimerWheel.Entry entry) {
        TimerWheel.SHARED.cancel(entry);
    }

    /** The process's wheel (for tests: what a connection left behind). */
    public static TimerWheel wheel() {
        return TimerWheel.SHARED;
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

    /** A one-off task: its own wheel entry and future. Cancelled, it neither waits in the wheel nor runs. */
    private static final class Task extends TimerWheel.Entry implements Future<Object> {
        private final Connection connection;
        private final Runnable task;
        /** 0 waiting, 1 ran, 2 cancelled. */
        private volatile int state;

        Task(Connection connection, Runnable task) {
            this.connection = connection;
            this.task = task;
        }

        @Override
        protected Connection timerConnection() {
            return connection;
        }

        @Override
        public void run() {
            if (state != 0) return;
            state = 1;
            task.run();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (state != 0) return false;
            state = 2;
            TimerWheel.SHARED.cancel(this);
            return true;
        }

        @Override
        public boolean isCancelled() {
            return state == 2;
        }

        @Override
        public boolean isDone() {
            return state != 0;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("a timer task has no result");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("a timer task has no result");
        }
    }
}
