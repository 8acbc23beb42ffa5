package dev.celeris.fuzz;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A synchronous in-memory {@link Connection} for fuzzing: the fuzzing thread is the I/O thread,
 * tasks handed to {@link #execute} run when the harness calls {@link #runTasks}, flushed bytes
 * collect in {@link #output}, and the queued-but-unflushed bytes are tracked so a target can
 * bound what the engine buffers.
 */
public final class FuzzConnection implements Connection {

    private final Thread ioThread = Thread.currentThread();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Queue<ByteBuffer> queued = new ArrayDeque<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ConnectionHandler handler;
    private long queuedBytes;
    private long maxQueuedBytes;
    private volatile boolean closed;
    private boolean closeNotified;
    private boolean autoRead = true;
    private int autoReadChanges;

    public FuzzConnection(ConnectionHandler handler) {
        this.handler = handler;
    }

    /** Opens the handler, delivers every chunk (running tasks after each), then closes it. */
    public void deliver(Iterable<ByteBuffer> chunks, boolean halfClose) {
        handler.onOpen(this);
        runTasks();
        for (ByteBuffer chunk : chunks) {
            if (closed) break;
            handler.onData(chunk);
            runTasks();
        }
        if (!closed && halfClose && !handler.onInputClosed()) close();
        runTasks();
        finish();
    }

    /** Runs queued tasks until none are left (bounded, so a task loop cannot hang the fuzzer). */
    public void runTasks() {
        for (int i = 0; i < 10_000; i++) {
            Runnable r = tasks.poll();
            if (r == null) return;
            r.run();
        }
        throw new AssertionError("more than 10000 tasks in a row: a task loop");
    }

    /** Ends the connection as a transport would, so its timers are cancelled. */
    private void finish() {
        closed = true;
        if (!closeNotified) {
            closeNotified = true;
            handler.onClose(null);
        }
        runTasks();
    }

    public byte[] output() {
        return output.toByteArray();
    }

    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    public boolean isAutoRead() {
        return autoRead;
    }

    public int autoReadChanges() {
        return autoReadChanges;
    }

    private void check() {
        if (Thread.currentThread() != ioThread) throw new AssertionError("called off the I/O thread: " + Thread.currentThread());
    }

    @Override
    public void write(ByteBuffer... buffers) {
        check();
        if (closed) return;
        for (ByteBuffer b : buffers) {
            queued.add(b);
            queuedBytes += b.remaining();
        }
        maxQueuedBytes = Math.max(maxQueuedBytes, queuedBytes);
    }

    @Override
    public void flush() {
        check();
        for (ByteBuffer b; (b = queued.poll()) != null; ) {
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            output.writeBytes(copy);
        }
        queuedBytes = 0;
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public long queuedBytes() {
        return queuedBytes;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
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
        if (!inEventLoop()) {
            execute(this::close);
            return;
        }
        if (closed) return;
        flush();
        closed = true;
        execute(() -> {
            if (!closeNotified) {
                closeNotified = true;
                handler.onClose(null);
            }
        });
    }

    @Override
    public void abort() {
        if (!inEventLoop()) {
            execute(this::abort);
            return;
        }
        queued.clear();
        queuedBytes = 0;
        close();
    }

    @Override
    public void setAutoRead(boolean autoRead) {
        check();
        if (this.autoRead != autoRead) autoReadChanges++;
        this.autoRead = autoRead;
    }
}
