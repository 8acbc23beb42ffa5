package dev.celeris.engine.internal.h1;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An in-memory {@link Connection} with a real single-thread "I/O thread", so handlers on virtual
 * threads hand output back exactly as on a transport. Written bytes are collected; a test reads
 * them with {@link #awaitOutput}.
 */
final class FakeConnection implements Connection, AutoCloseable {

    private final ExecutorService loop;
    private volatile Thread loopThread;
    private final ByteArrayOutputStream flushed = new ByteArrayOutputStream();
    private final List<ByteBuffer> queued = new ArrayList<>();
    private final List<Boolean> autoReadCalls = new ArrayList<>();
    private volatile boolean open = true;
    private int flushes;
    private volatile boolean writable = true;
    private ConnectionHandler handler;

    FakeConnection() {
        loop = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fake-io");
            t.setDaemon(true);
            loopThread = t;
            return t;
        });
    }

    /** Opens {@code handler} on the I/O thread. */
    FakeConnection open(ConnectionHandler handler) {
        this.handler = handler;
        runOnLoop(() -> handler.onOpen(this));
        return this;
    }

    void send(byte[] bytes) {
        byte[] copy = bytes.clone();
        runOnLoop(() -> {
            if (open) handler.onData(ByteBuffer.wrap(copy));
        });
    }

    void send(String s) {
        send(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    void sendByteByByte(String s) {
        for (byte b : s.getBytes(StandardCharsets.ISO_8859_1)) send(new byte[] {b});
    }

    void sendSplit(String s, java.util.Random random) {
        byte[] all = s.getBytes(StandardCharsets.ISO_8859_1);
        int pos = 0;
        while (pos < all.length) {
            int n = 1 + random.nextInt(Math.min(all.length - pos, 1 + random.nextInt(40)));
            send(java.util.Arrays.copyOfRange(all, pos, pos + n));
            pos += n;
        }
    }

    /** Sets writability without notifying (before the handler is opened). */
    void setWritableLater(boolean on) {
        writable = on;
    }

    void setWritable(boolean on) {
        runOnLoop(() -> {
            writable = on;
            if (on) handler.onWritable();
        });
    }

    void peerClose() {
        runOnLoop(() -> {
            if (open) {
                open = false;
                handler.onClose(null);
            }
        });
    }

    /** Runs {@code task} on the I/O thread and waits. */
    void runOnLoop(Runnable task) {
        try {
            loop.submit(task).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    synchronized String output() {
        return flushed.toString(StandardCharsets.ISO_8859_1);
    }

    synchronized List<Boolean> autoReadCalls() {
        return List.copyOf(autoReadCalls);
    }

    /** Waits until the flushed output satisfies {@code condition}; returns it. */
    String awaitOutput(Predicate<String> condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            String out = output();
            if (condition.test(out)) return out;
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for output; got:\n" + output());
    }

    void awaitClosed() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (open && System.nanoTime() < end) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        if (open) throw new AssertionError("connection not closed; output:\n" + output());
    }

    @Override
    public synchronized void write(ByteBuffer... buffers) {
        assertLoop();
        if (!open) return;
        for (ByteBuffer b : buffers) {
            ByteBuffer copy = ByteBuffer.allocate(b.remaining()).put(b.duplicate()).flip();
            queued.add(copy);
        }
    }

    /** How many times {@link #flush} was called (each is one transport write call on a real transport). */
    synchronized int flushes() {
        return flushes;
    }

    @Override
    public synchronized void flush() {
        assertLoop();
        flushes++;
        for (ByteBuffer b : queued) {
            byte[] a = new byte[b.remaining()];
            b.get(a);
            flushed.writeBytes(a);
        }
        queued.clear();
    }

    @Override
    public synchronized long queuedBytes() {
        long n = 0;
        for (ByteBuffer b : queued) n += b.remaining();
        return n;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                t.printStackTrace();
            }
        });
    }

    @Override
    public boolean inEventLoop() {
        return Thread.currentThread() == loopThread;
    }

    @Override
    public boolean isOpen() {
        return open;
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
        if (!open) return;
        Runnable doClose = () -> {
            if (!open) return;
            flush();
            open = false;
            handler.onClose(null);
        };
        if (inEventLoop()) doClose.run();
        else execute(doClose);
    }

    volatile boolean aborted;

    @Override
    public void abort() {
        aborted = true;
        close();
    }

    /**
     * The peer half-closes (TCP FIN): like a transport, closes orderly unless the handler asks to
     * keep the connection open for writing. Returns what the handler answered.
     */
    boolean halfClose() {
        boolean[] keep = new boolean[1];
        runOnLoop(() -> {
            keep[0] = handler.onInputClosed();
            if (!keep[0]) close();
        });
        return keep[0];
    }

    boolean isOpenNow() {
        return open;
    }

    @Override
    public synchronized void setAutoRead(boolean autoRead) {
        autoReadCalls.add(autoRead);
    }

    void shutdownLoop() {
        loop.shutdownNow();
    }

    private void assertLoop() {
        if (!inEventLoop()) throw new AssertionError("write/flush off the I/O thread");
    }
}
