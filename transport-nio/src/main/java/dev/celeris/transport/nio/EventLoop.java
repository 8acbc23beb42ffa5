package dev.celeris.transport.nio;

import dev.celeris.spi.ConnectionHandler;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One I/O thread with its own {@link Selector}: it owns the connections registered to it and
 * everything they touch (the shared read buffer, the gathering-write array, each connection's
 * write queue). Nothing here is locked; only {@link #execute} and the wake-up flag are used by
 * other threads.
 *
 * <h2>Wake-ups</h2>
 * {@code needsWakeup} is {@code true} only while the loop is (about to be) blocked in
 * {@code select()}. A producer enqueues its task first, then wakes the selector only if it wins
 * the flag, so a burst of {@link #execute} calls from many threads costs one
 * {@link Selector#wakeup()}, and a busy loop is never woken at all. The loop sets the flag
 * before re-checking the queue, so a task enqueued in between is either seen by that check or
 * wakes the selector: no task waits for an unrelated event.
 */
final class EventLoop implements Runnable {

    private static final System.Logger LOG = System.getLogger("dev.celeris.transport.nio");

    /** Tasks run per pass before the loop polls the sockets again, so tasks cannot starve I/O. */
    private static final int MAX_TASKS_PER_PASS = 4096;
    /** Buffers per gathering write (Linux IOV_MAX is 1024; more buys nothing here). */
    static final int IOV_BATCH = 64;
    /** Bytes per gathering write: bounds the JDK's temporary direct copies of heap buffers. */
    static final long MAX_BYTES_PER_WRITE = 1024 * 1024;

    final NioTransport transport;
    final Selector selector;
    final Thread thread;
    /** Filled by every read on this loop and lent to {@link ConnectionHandler#onData}. */
    final ByteBuffer readBuffer;
    final ByteBuffer[] iov = new ByteBuffer[IOV_BATCH];
    final int[] iovLimits = new int[IOV_BATCH];

    private final TaskQueue tasks = new TaskQueue();
    private final AtomicBoolean needsWakeup = new AtomicBoolean();
    /**
     * The open connections: an intrusive list through {@link NioConnection#prevOpen}/{@code nextOpen}
     * (loop thread only), so a connection costs two references here instead of a hash-set node.
     */
    private NioConnection firstOpen;
    private volatile int openCount;
    /** Selector wake-ups issued by {@link #execute}: observable so tests can prove they coalesce. */
    private final java.util.concurrent.atomic.LongAdder wakeups = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean running = true;
    private boolean shuttingDown;

    EventLoop(NioTransport transport, String threadName) throws IOException {
        this.transport = transport;
        this.selector = Selector.open();
        this.readBuffer = ByteBuffer.allocateDirect(transport.config.readBufferSize());
        this.thread = new Thread(this, threadName);
    }

    boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    /** Queues {@code task} to run on this loop; a failure closes {@code owner} (if any). Any thread. */
    void execute(Runnable task, NioConnection owner) {
        tasks.offer(task, owner);
        if (Thread.currentThread() != thread && needsWakeup.get() && needsWakeup.getAndSet(false)) {
            wakeups.increment();
            selector.wakeup();
        }
    }

    @Override
    public void run() {
        try {
            while (running) {
                if (tasks.isEmpty()) {
                    needsWakeup.set(true);
                    if (tasks.isEmpty()) {
                        selector.select(this::processKey);
                    } else {
                        selector.selectNow(this::processKey);
                    }
                    needsWakeup.set(false);
                } else {
                    selector.selectNow(this::processKey);
                }
                runTasks();
            }
        } catch (ClosedSelectorException e) {
            LOG.log(Level.DEBUG, "selector closed under " + thread.getName());
        } catch (IOException | RuntimeException | Error e) {
            LOG.log(Level.ERROR, "event loop " + thread.getName() + " failed; closing its connections", e);
        } finally {
            for (NioConnection c : openConnections()) {
                c.forceClose(new IOException("event loop stopped"));
            }
            try {
                selector.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing selector", e);
            }
        }
    }

    private void processKey(SelectionKey key) {
        NioConnection c = (NioConnection) key.attachment();
        try {
            int ready = key.readyOps();
            if ((ready & SelectionKey.OP_WRITE) != 0) {
                c.writeReady();
            }
            if ((ready & SelectionKey.OP_READ) != 0 && key.isValid()) {
                c.readReady();
            }
        } catch (java.nio.channels.CancelledKeyException e) {
            // closed earlier in this pass (e.g. by another connection's handler): nothing to do
        } catch (RuntimeException e) {
            // A transport bug must cost one connection, never the loop and its other connections.
            LOG.log(Level.ERROR, "unexpected failure on " + c, e);
            c.failed(e);
        }
    }

    private void runTasks() {
        for (int i = 0; i < MAX_TASKS_PER_PASS; i++) {
            TaskQueue.Node node = tasks.poll();
            if (node == null) {
                return;
            }
            Runnable task = node.task;
            NioConnection owner = node.owner;
            node.task = null;
            node.owner = null;
            try {
                task.run();
            } catch (Throwable t) {
                if (owner != null) {
                    owner.failed(t);
                } else {
                    LOG.log(Level.WARNING, "task on " + thread.getName() + " failed", t);
                }
            }
        }
    }

    /** Adopts an accepted channel: creates its handler and connection and calls onOpen. Loop thread. */
    void register(SocketChannel channel, SocketAddress remote, SocketAddress local) {
        NioConnection c;
        try {
            ConnectionHandler handler = transport.handlers.newHandler();
            c = new NioConnection(this, channel, handler, remote, local);
            c.key = channel.register(selector, SelectionKey.OP_READ, c);
        } catch (Throwable t) {
            LOG.log(Level.DEBUG, "could not set up connection from " + remote, t);
            try {
                channel.close();
            } catch (IOException e) {
                t.addSuppressed(e);
            }
            transport.connectionClosed();
            return;
        }
        c.nextOpen = firstOpen;
        if (firstOpen != null) firstOpen.prevOpen = c;
        firstOpen = c;
        openCount++;
        c.open();
        if (shuttingDown) {
            c.notifyShutdown();
        }
    }

    /** Called by a connection as it closes. Loop thread. */
    void closed(NioConnection c) {
        if (c.prevOpen != null || firstOpen == c) { // in the list (a connection closes once)
            if (c.prevOpen != null) c.prevOpen.nextOpen = c.nextOpen;
            else firstOpen = c.nextOpen;
            if (c.nextOpen != null) c.nextOpen.prevOpen = c.prevOpen;
            c.prevOpen = null;
            c.nextOpen = null;
            openCount--;
        }
        transport.connectionClosed();
    }

    /** Shutdown phase 1: tell every open connection. Loop thread. */
    void beginShutdown() {
        shuttingDown = true;
        for (NioConnection c : openConnections()) {
            c.notifyShutdown();
        }
    }

    /** Shutdown phase 2: abort what is left and let the thread end. Loop thread. */
    void stop() {
        shuttingDown = true;
        for (NioConnection c : openConnections()) {
            c.forceClose(new IOException("closed by transport shutdown after the grace period"));
        }
        running = false;
    }

    int connectionCount() {
        return openCount;
    }

    /** A snapshot of the open connections (loop thread): closing one while iterating is safe. */
    private ArrayList<NioConnection> openConnections() {
        ArrayList<NioConnection> all = new ArrayList<>(openCount);
        for (NioConnection c = firstOpen; c != null; c = c.nextOpen) all.add(c);
        return all;
    }

    long wakeups() {
        return wakeups.sum();
    }
}
