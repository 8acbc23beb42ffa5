package dev.celeris.engine.internal.h2;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link Connection} with a single-thread "I/O loop". Written buffers are copied
 * only at flush (so a caller that changed a buffer after writing it but before the flush would be
 * caught), and the flushed bytes are what the peer "receives". After a flush it holds nothing, so
 * it promises {@link #releasesWrittenBuffersWhenDrained()} (the engine's frame array is reused).
 */
final class FakeConnection implements Connection {

    final ExecutorService loop;
    private volatile Thread ioThread;
    private final List<ByteBuffer> queued = new ArrayList<>();
    private final ByteArrayOutputStream flushed = new ByteArrayOutputStream();
    private final Object lock = new Object();
    volatile boolean writable = true;
    volatile boolean closed;
    volatile boolean aborted;
    final AtomicInteger executes = new AtomicInteger();
    final AtomicInteger flushes = new AtomicInteger();
    ConnectionHandler handler;
    private boolean closeNotified;

    FakeConnection() {
        loop = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fake-io");
            t.setDaemon(true);
            ioThread = t;
            return t;
        });
    }

    @Override
    public void write(ByteBuffer... buffers) {
        check();
        if (closed) return;
        for (ByteBuffer b : buffers) queued.add(b);
    }

    @Override
    public void flush() {
        check();
        flushes.incrementAndGet();
        synchronized (lock) {
            for (ByteBuffer b : queued) {
                byte[] copy = new byte[b.remaining()];
                b.duplicate().get(copy);
                flushed.writeBytes(copy);
            }
            queued.clear();
            lock.notifyAll();
        }
    }

    /** Bytes flushed so far from {@code offset}; waits up to {@code millis} for more than {@code offset}. */
    byte[] flushedFrom(int offset, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (lock) {
            while (flushed.size() <= offset && !closed) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) break;
                lock.wait(left);
            }
            byte[] all = flushed.toByteArray();
            return java.util.Arrays.copyOfRange(all, Math.min(offset, all.length), all.length);
        }
    }

    private void check() {
        if (!inEventLoop()) throw new AssertionError("called off the I/O thread: " + Thread.currentThread());
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public long queuedBytes() {
        return 0;
    }

    /** Whether the engine may reuse written buffers after a flush (this connection copies them at flush). */
    volatile boolean releasesBuffers = true;

    @Override
    public boolean releasesWrittenBuffersWhenDrained() {
        return releasesBuffers;
    }

    @Override
    public void execute(Runnable task) {
        if (!inEventLoop()) executes.incrementAndGet();
        if (loop.isShutdown()) return;
        loop.execute(task);
    }

    @Override
    public boolean inEventLoop() {
        return Thread.currentThread() == ioThread;
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public SocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public SocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 8080);
    }

    @Override
    public void close() {
        if (inEventLoop()) {
            if (!closed) flush();
            closeNow();
        } else {
            loop.execute(this::closeNow);
        }
    }

    @Override
    public void abort() {
        aborted = true;
        close();
    }

    private void closeNow() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        if (!closeNotified && handler != null) {
            closeNotified = true;
            loop.execute(() -> handler.onClose(null)); // like a transport: later, on the I/O thread
        }
    }
}
