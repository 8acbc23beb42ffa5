package dev.celeris.thirdparty.blocking;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.TransportConfig;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection on three virtual threads: the "I/O thread" ({@link #loop}) runs every handler
 * callback and task from {@link #tasks}; a reader blocks in {@code read} and hands each chunk to
 * the loop, waiting until it was consumed (so at most one chunk is in flight and the read buffer
 * is reused); a writer blocks in gathering {@code write}s of flushed batches and reports each
 * back to the loop. State marked "loop" is touched only on the loop thread.
 */
final class BlockingConnection implements Connection {

    private static final Runnable STOP = () -> { };

    private final BlockingTransportProvider.BlockingTransport transport;
    private final SocketChannel channel;
    private final ConnectionHandler handler;
    private final int readBufferSize;
    private final int low;
    private final int high;
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Object> batches = new LinkedBlockingQueue<>(); // ByteBuffer[] or CLOSE
    private final Semaphore consumed = new Semaphore(0);
    private final Object readGate = new Object();
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final AtomicBoolean shutdownRequested = new AtomicBoolean();
    private final List<ByteBuffer> pending = new ArrayList<>();          // loop
    private final ArrayDeque<Long> inFlight = new ArrayDeque<>();         // loop
    private volatile Thread loop;
    private volatile boolean readingOff;
    private volatile long queued;
    private volatile boolean unwritable;
    private volatile boolean closeRequested;
    private volatile boolean closed;                                      // loop writes
    private Throwable failure;                                            // loop

    BlockingConnection(BlockingTransportProvider.BlockingTransport transport, SocketChannel channel,
            TransportConfig config, ConnectionHandler handler) {
        this.transport = transport;
        this.channel = channel;
        this.handler = handler;
        this.readBufferSize = config.readBufferSize();
        this.low = config.writeLowWaterMark();
        this.high = config.writeHighWaterMark();
    }

    void start() {
        loop = Thread.ofVirtual().name("blocking-loop").start(this::runLoop);
        tasks.add(() -> guarded(() -> handler.onOpen(this)));
        Thread.ofVirtual().name("blocking-read").start(this::readLoop);
        Thread.ofVirtual().name("blocking-write").start(this::writeLoop);
    }

    private void runLoop() {
        try {
            while (true) {
                Runnable task = tasks.take();
                if (task == STOP) {
                    return;
                }
                task.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void guarded(Runnable callback) {
        if (closed) {
            return;
        }
        try {
            callback.run();
        } catch (Throwable t) {
            fail(t);
        }
    }

    // ---- reader ----

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(readBufferSize);
        try {
            while (true) {
                synchronized (readGate) {
                    while (readingOff && !closed) {
                        readGate.wait();
                    }
                }
                if (closed) {
                    return;
                }
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    tasks.add(this::peerEnded);
                    return;
                }
                buffer.flip();
                tasks.add(() -> {
                    guarded(() -> handler.onData(buffer));
                    consumed.release();
                });
                consumed.acquire();
            }
        } catch (IOException e) {
            // A channel we closed ourselves (orderly close by the writer, or abort) makes the
            // blocked read throw AsynchronousCloseException: that is not a failure of the connection.
            if (!aborted.get() && channel.isOpen()) {
                tasks.add(() -> fail(e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void peerEnded() {
        guarded(() -> {
            if (!handler.onInputClosed()) {
                close(); // orderly: what is queued still goes out
            }
        });
    }

    // ---- writer ----

    private void writeLoop() {
        try {
            while (true) {
                Object next = batches.take();
                if (next instanceof ByteBuffer[] batch) {
                    long bytes = 0;
                    for (ByteBuffer b : batch) {
                        bytes += b.remaining();
                    }
                    while (hasRemaining(batch)) {
                        channel.write(batch);
                    }
                    long done = bytes;
                    tasks.add(() -> written(done));
                } else {
                    channel.close(); // orderly close: everything before it was written
                    tasks.add(() -> finish(null));
                    return;
                }
            }
        } catch (IOException e) {
            if (!aborted.get()) {
                tasks.add(() -> fail(e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean hasRemaining(ByteBuffer[] batch) {
        for (ByteBuffer b : batch) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    private void written(long bytes) {
        queued -= bytes;
        if (unwritable && queued < low) {
            unwritable = false;
            guarded(handler::onWritable);
        }
    }

    // ---- closing (loop) ----

    private void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        }
        abort();
    }

    private void finish(Throwable cause) {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (readGate) {
            readGate.notifyAll();
        }
        consumed.release();
        try {
            handler.onClose(failure != null ? failure : cause);
        } catch (Throwable ignored) {
            // nothing is called after onClose
        }
        tasks.add(STOP);
        transport.closed(this);
    }

    /**
     * Delivers {@code onShutdown} once: the accept loop and {@code Transport.shutdown} can both
     * ask for it when a connection is accepted while the transport starts shutting down.
     */
    void shutdown() {
        if (shutdownRequested.compareAndSet(false, true)) {
            execute(handler::onShutdown);
        }
    }

    void forceClose(Throwable reason) {
        tasks.add(() -> {
            if (failure == null) {
                failure = reason;
            }
            abort();
        });
    }

    // ---- Connection ----

    @Override
    public void write(ByteBuffer... buffers) {
        if (closed || closeRequested || aborted.get()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                pending.add(b);
                queued += b.remaining();
            }
        }
        if (queued > high) {
            unwritable = true;
        }
    }

    @Override
    public void flush() {
        if (!pending.isEmpty() && !aborted.get()) {
            batches.add(pending.toArray(ByteBuffer[]::new));
            pending.clear();
        }
    }

    @Override
    public boolean isWritable() {
        return !unwritable;
    }

    @Override
    public long queuedBytes() {
        return queued;
    }

    @Override
    public void setAutoRead(boolean autoRead) {
        synchronized (readGate) {
            readingOff = !autoRead;
            readGate.notifyAll();
        }
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                fail(t);
            }
        });
    }

    @Override
    public boolean inEventLoop() {
        return Thread.currentThread() == loop;
    }

    @Override
    public boolean isOpen() {
        return !closed && !closeRequested && !aborted.get();
    }

    @Override
    public SocketAddress remoteAddress() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public SocketAddress localAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (!closeRequested && !aborted.get()) {
            closeRequested = true;
            tasks.add(() -> {
                flush();
                batches.add("close");
            });
        }
    }

    @Override
    public void abort() {
        if (aborted.compareAndSet(false, true)) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException ignored) {
                // closing anyway
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // closed
            }
            tasks.add(() -> finish(null));
        }
    }
}
