package dev.celeris.spi.tls;

import dev.celeris.spi.Connection;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * A transport connection in memory for the TLS layer's tests: written buffers collect in
 * {@link #sent}, tasks run when {@link #runTasks()} is called, close/abort are recorded.
 */
final class MemoryConnection implements Connection {

    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final Queue<ByteBuffer> queued = new ArrayDeque<>();
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    boolean closed;
    boolean aborted;
    boolean autoRead = true;

    @Override
    public void write(ByteBuffer... buffers) {
        if (closed || aborted) return;
        for (ByteBuffer b : buffers) queued.add(b);
    }

    @Override
    public void flush() {
        ByteBuffer b;
        while ((b = queued.poll()) != null) {
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            sent.writeBytes(bytes);
        }
    }

    /** Takes what was flushed so far. */
    byte[] take() {
        byte[] out = sent.toByteArray();
        sent.reset();
        return out;
    }

    void runTasks() {
        Runnable r;
        while ((r = tasks.poll()) != null) r.run();
    }

    @Override public boolean isWritable() { return true; }
    @Override public long queuedBytes() { return queued.stream().mapToLong(ByteBuffer::remaining).sum(); }
    @Override public void execute(Runnable task) { tasks.add(task); }
    @Override public boolean inEventLoop() { return true; }
    @Override public boolean isOpen() { return !closed && !aborted; }
    @Override public SocketAddress remoteAddress() { return new InetSocketAddress("127.0.0.1", 50000); }
    @Override public SocketAddress localAddress() { return new InetSocketAddress("127.0.0.1", 443); }
    @Override public void setAutoRead(boolean on) { autoRead = on; }

    @Override
    public void close() {
        flush();
        closed = true;
    }

    @Override
    public void abort() {
        queued.clear();
        aborted = true;
    }
}
