package dev.celeris.transport.netty;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/**
 * The threads of the transport's event loops, remembered so that shutdown can wait for them to
 * exit. Netty completes an event loop group's termination future from inside the loop thread,
 * just before that thread returns, so "terminated" alone does not mean "thread gone".
 */
final class LoopThreads implements ThreadFactory {

    private final ThreadFactory names;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    LoopThreads(String prefix) {
        this.names = new DefaultThreadFactory(prefix);
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread t = names.newThread(task);
        threads.add(t);
        return t;
    }

    /** Waits until every thread made so far has exited, at most {@code limit} in total. */
    void awaitExit(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            for (Thread t : threads) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.join(Duration.ofNanos(left))) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
