package dev.celeris.transport.nio;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One accepted socket, pinned to one {@link EventLoop}.
 *
 * <p>Invariants: every field except {@code state}, {@code writable} and {@code queued} is touched
 * only on the loop thread; those three are written only there and read anywhere.
 * {@code OP_WRITE} is in the interest set exactly while the write queue is non-empty after a
 * flush that could not finish (the socket buffer was full); {@code OP_READ} exactly while the
 * connection is {@link #OPEN} and reading is not paused. So an idle connection costs nothing.
 */
final class NioConnection implements Connection {

    private static final System.Logger LOG = System.getLogger("dev.celeris.transport.nio");

    /** Reads per readiness event before the loop serves other connections (fairness). */
    private static final int MAX_READS_PER_EVENT = 16;

    static final int OPEN = 0;
    /** {@link #close()} was called: no more reads or writes, queued bytes are being flushed. */
    static final int CLOSING = 1;
    static final int CLOSED = 2;

    private static final VarHandle QUEUED;

    static {
        try {
            QUEUED = MethodHandles.lookup().findVarHandle(NioConnection.class, "queued", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EventLoop loop;
    private final SocketChannel channel;
    private ConnectionHandler handler;
    private final SocketAddress remote;
    private final SocketAddress local;
    private final int highWaterMark;
    private final int lowWaterMark;
    private final WriteQueue queue = new WriteQueue();
    SelectionKey key;
    /** Links of the event loop's list of open connections (loop thread). */
    NioConnection prevOpen;
    NioConnection nextOpen;

    private volatile int state = OPEN;
    private volatile boolean writable = true;
    @SuppressWarnings("unused") // accessed through QUEUED (opaque: single writer, any reader)
    private long queued;
    private int interestOps = SelectionKey.OP_READ;
    private boolean readingPaused;
    private boolean inputClosed;
    private boolean writablePending;

    NioConnection(EventLoop loop, SocketChannel channel, ConnectionHandler handler,
                  SocketAddress remote, SocketAddress local) {
        this.loop = loop;
        this.channel = channel;
        this.handler = handler;
        this.remote = remote;
        this.local = local;
        this.highWaterMark = loop.transport.config.writeHighWaterMark();
        this.lowWaterMark = loop.transport.config.writeLowWaterMark();
    }

    // ---- events from the loop ----

    void open() {
        try {
            handler.onOpen(this);
        } catch (Throwable t) {
            failed(t);
        }
    }

    void readReady() {
        ByteBuffer buffer = loop.readBuffer;
        for (int i = 0; i < MAX_READS_PER_EVENT && state == OPEN && !readingPaused && !inputClosed; i++) {
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "read from " + remote + " failed: " + e);
                closeNow(e);
                return;
            }
            if (n <= 0) {
                if (n < 0) {
                    inputEnded();
                }
                return;
            }
            buffer.flip();
            try {
                handler.onData(buffer);
            } catch (Throwable t) {
                failed(t);
                return;
            }
            if (n < buffer.capacity()) {
                return; // the socket is drained: don't pay for a read that returns 0
            }
        }
    }

    /** The peer half-closed: stop reading (EOF stays readable forever) and ask the handler. */
    private void inputEnded() {
        inputClosed = true;
        updateInterest();
        boolean keepOpen;
        try {
            keepOpen = handler.onInputClosed();
        } catch (Throwable t) {
            failed(t);
            return;
        }
        if (!keepOpen) {
            close(); // orderly: what is queued is still sent
        }
    }

    void writeReady() {
        flushNow(true);
    }

    void notifyShutdown() {
        if (state != OPEN) {
            return;
        }
        try {
            handler.onShutdown();
        } catch (Throwable t) {
            failed(t);
        }
    }

    /** A callback or task threw: log, then close abortively with it as the cause. */
    void failed(Throwable t) {
        if (state == CLOSED) {
            LOG.log(Level.DEBUG, "failure after close of " + remote, t);
            return;
        }
        LOG.log(Level.DEBUG, "handler failed on " + remote + "; aborting the connection", t);
        resetAndClose(t);
    }

    void forceClose(Throwable cause) {
        if (state != CLOSED) {
            resetAndClose(cause);
        }
    }

    // ---- Connection ----

    @Override
    public void write(ByteBuffer... buffers) {
        checkInLoop();
        if (state != OPEN) {
            return;
        }
        long total = (long) QUEUED.getOpaque(this);
        for (ByteBuffer b : buffers) {
            int remaining = b.remaining();
            if (remaining > 0) {
                queue.add(b);
                total += remaining;
            }
        }
        QUEUED.setOpaque(this, total);
        if (total > highWaterMark && writable) {
            writable = false;
        }
    }

    @Override
    public void flush() {
        checkInLoop();
        // With OP_WRITE set the socket buffer is full: the selector says when to go on.
        if (state != CLOSED && !queue.isEmpty() && (interestOps & SelectionKey.OP_WRITE) == 0) {
            flushNow(false);
        }
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public long queuedBytes() {
        return (long) QUEUED.getOpaque(this);
    }

    /**
     * {@inheritDoc}
     *
     * <p>True here: the queue drops a buffer once the socket took all of it (or the connection
     * closed and discarded it), and {@link #queuedBytes()} counts every byte still in the queue.
     */
    @Override
    public boolean releasesWrittenBuffersWhenDrained() {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here the guarantee is strict: once {@code setAutoRead(false)} returns, no further
     * {@code onData} is delivered (the read loop checks the flag between reads) until reading is
     * switched back on.
     */
    @Override
    public void setAutoRead(boolean autoRead) {
        checkInLoop();
        if (readingPaused == !autoRead) {
            return;
        }
        readingPaused = !autoRead;
        updateInterest();
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task, this);
    }

    @Override
    public boolean inEventLoop() {
        return loop.inEventLoop();
    }

    @Override
    public boolean replaceHandler(ConnectionHandler current, ConnectionHandler next) {
        checkInLoop();
        if (handler != current || next == null) return false;
        handler = next;
        return true;
    }

    @Override
    public boolean isOpen() {
        return state != CLOSED;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public void close() {
        if (!loop.inEventLoop()) {
            loop.execute(this::close, this);
            return;
        }
        if (state != OPEN) {
            return;
        }
        state = CLOSING;
        updateInterest();
        if (queue.isEmpty()) {
            finishClose();
        } else if ((interestOps & SelectionKey.OP_WRITE) == 0) {
            flushNow(false);
        }
    }

    @Override
    public void abort() {
        if (!loop.inEventLoop()) {
            loop.execute(this::abort, this);
            return;
        }
        if (state != CLOSED) {
            resetAndClose(null);
        }
    }

    @Override
    public String toString() {
        return "NioConnection[" + remote + " -> " + local + ", " + (state == OPEN ? "open" : state == CLOSING ? "closing" : "closed") + "]";
    }

    // ---- internals (loop thread) ----

    SocketChannel channel() {
        return channel;
    }

    EventLoop loop() {
        return loop;
    }

    private void checkInLoop() {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("must be called on the connection's I/O thread; use execute(Runnable)");
        }
    }

    /**
     * Writes as much of the queue as the socket takes, with gathering writes; keeps OP_WRITE
     * interest while anything is left; restores writability below the low-water mark.
     */
    private void flushNow(boolean fromSelector) {
        long total = (long) QUEUED.getOpaque(this);
        ByteBuffer[] iov = loop.iov;
        int[] limits = loop.iovLimits;
        try {
            while (!queue.isEmpty()) {
                int n = queue.fill(iov, limits, EventLoop.MAX_BYTES_PER_WRITE);
                long written;
                try {
                    written = n == 1 ? channel.write(iov[0]) : channel.write(iov, 0, n);
                } finally {
                    WriteQueue.restore(iov, limits, n);
                }
                total -= written;
                boolean socketFull = false;
                for (int i = 0; i < n; i++) {
                    if (queue.first().hasRemaining()) {
                        socketFull = true;
                        break;
                    }
                    queue.removeFirst();
                }
                if (socketFull && written < EventLoop.MAX_BYTES_PER_WRITE) {
                    break;
                }
            }
        } catch (IOException e) {
            QUEUED.setOpaque(this, total);
            LOG.log(Level.DEBUG, "write to " + remote + " failed: " + e);
            closeNow(e);
            return;
        }
        QUEUED.setOpaque(this, total);
        updateInterest();
        if (queue.isEmpty() && state == CLOSING) {
            finishClose();
            return;
        }
        if (!writable && total <= lowWaterMark) {
            writable = true;
            if (fromSelector) {
                fireWritable();
            } else if (!writablePending) {
                // Flushed from inside a handler call: tell it later, never re-entrantly.
                writablePending = true;
                loop.execute(this::fireWritable, this);
            }
        }
    }

    private void fireWritable() {
        writablePending = false;
        if (state == OPEN && writable) {
            try {
                handler.onWritable();
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    private void updateInterest() {
        int ops = 0;
        if (state == OPEN && !readingPaused && !inputClosed) {
            ops |= SelectionKey.OP_READ;
        }
        if (!queue.isEmpty() && state != CLOSED) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (ops != interestOps && key.isValid()) {
            key.interestOps(ops);
            interestOps = ops;
        }
    }

    /** The queue is flushed after close(): send FIN, then release the socket. */
    private void finishClose() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "shutdownOutput on " + remote + ": " + e);
        }
        closeNow(null);
    }

    /** SO_LINGER 0 makes close() send a TCP reset and drop unsent bytes. */
    private void resetAndClose(Throwable cause) {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "SO_LINGER on " + remote + ": " + e);
        }
        closeNow(cause);
    }

    private void closeNow(Throwable cause) {
        if (state == CLOSED) {
            return;
        }
        state = CLOSED;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "close of " + remote + ": " + e);
        }
        queue.clear();
        QUEUED.setOpaque(this, 0L);
        loop.closed(this);
        try {
            handler.onClose(cause);
        } catch (Throwable t) {
            LOG.log(Level.DEBUG, "onClose of " + remote + " threw", t);
        }
    }
}
