package dev.celeris.transport.jetty;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Runs one connection's tasks one at a time, in submission order, on threads borrowed from a
 * pool: the connection's "event loop". Jetty does not pin a connection to a thread, so this is
 * what gives the SPI its single-threaded view per connection.
 *
 * <p>At most one drain is scheduled at a time ({@link #scheduled}); it runs up to
 * {@value #BATCH} tasks and then yields the pool thread, rescheduling itself if work remains, so
 * one busy connection cannot starve others. Memory effects of one drain are visible to the next:
 * the drain ends with a volatile write of {@link #scheduled} that the next drain's CAS reads.
 *
 * <p>Tasks must not throw: callers wrap them (a throwing task is logged and swallowed here only
 * as a last resort, so the drain survives).
 */
final class SerialExecutor implements Executor, Runnable {

    /** {@link #scheduled} as a field handle and the executor as its own drain task: no Atomic* or lambda per connection. */
    private static final VarHandle SCHEDULED;

    static {
        try {
            SCHEDULED = MethodHandles.lookup().findVarHandle(SerialExecutor.class, "scheduled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());
    static final int BATCH = 64;

    private final Executor threads;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean scheduled;
    private volatile Thread owner;

    SerialExecutor(Executor threads) {
        this.threads = threads;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    /** Whether the calling thread is running this executor's tasks right now. */
    boolean inThread() {
        return owner == Thread.currentThread();
    }

    private void schedule() {
        if (SCHEDULED.compareAndSet(this, false, true)) {
            try {
                threads.execute(this);
            } catch (RejectedExecutionException e) {
                scheduled = false;
                LOG.log(System.Logger.Level.DEBUG, "thread pool stopped; {0} task(s) dropped", tasks.size());
                tasks.clear();
            }
        }
    }

    /** The drain (on a pool thread). */
    @Override
    public void run() {
        owner = Thread.currentThread();
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (Throwable t) {
                    LOG.log(System.Logger.Level.DEBUG, "connection task failed", t);
                }
            }
        } finally {
            owner = null;
            scheduled = false;
        }
        if (!tasks.isEmpty()) {
            schedule();
        }
    }
}
