package dev.celeris.engine.internal.tunnel;

import dev.celeris.engine.Headers;
import dev.celeris.engine.internal.BodyPipe;
import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A whole transport connection as a {@link Tunnel}: what an HTTP/1.1 connection becomes after
 * {@code 101 Switching Protocols}. The HTTP/1.1 connection hands its callbacks here.
 *
 * <p>Inbound bytes go into a {@link BodyPipe}; reading the socket pauses while more than
 * {@value #HIGH_WATER} bytes wait unread, so a peer that floods is held back by TCP. Outbound
 * bytes are queued for the I/O thread and handed to the transport only while it is writable;
 * a writer blocks while more than {@value #HIGH_WATER} bytes wait, so memory per tunnel stays
 * bounded by these marks plus the transport's own high-water mark.
 */
public final class ConnectionTunnel implements ConnectionHandler, Tunnel, BodyPipe.Listener {

    static final int HIGH_WATER = 64 * 1024;
    static final int LOW_WATER = 16 * 1024;

    private final BodyPipe in = new BodyPipe(this);
    private final Output out = new Output();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final AtomicBoolean resumePending = new AtomicBoolean();
    private final AtomicBoolean drainPending = new AtomicBoolean();
    // Guarded by lock.
    private final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
    private long outboundBytes;
    private boolean outputClosed;
    private IOException gone;

    private volatile Connection connection;
    private volatile boolean abortRequested;
    // I/O thread.
    private boolean readPaused;
    private boolean closed;

    /**
     * The HTTP/1.1 connection hands over once the 101 is out; the handler thread may have written
     * (or aborted) before that: its output waits here and leaves right after the 101.
     */
    @Override
    public void onOpen(Connection connection) {
        boolean pending;
        lock.lock();
        try {
            this.connection = connection;
            pending = !outbound.isEmpty() || outputClosed;
        } finally {
            lock.unlock();
        }
        if (abortRequested) connection.abort();
        else if (pending) drain();
    }

    @Override
    public void onData(ByteBuffer chunk) {
        if (closed) return;
        in.offer(chunk);
        chunk.position(chunk.limit());
        if (!readPaused && in.buffered() > HIGH_WATER) {
            readPaused = true;
            connection.setAutoRead(false);
        }
    }

    @Override
    public boolean onInputClosed() {
        in.finish(Headers.empty());
        return true; // our side may still send (a WebSocket close frame)
    }

    @Override
    public void onWritable() {
        drain();
    }

    @Override
    public void onShutdown() {
        // The owner of the tunnel (a WebSocket session) decides how to end; the transport's grace bounds it.
    }

    @Override
    public void onClose(Throwable cause) {
        closed = true;
        IOException e = new IOException("connection closed", cause);
        in.fail(e);
        lock.lock();
        try {
            gone = e;
            outbound.clear();
            outboundBytes = 0;
            drained.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- BodyPipe.Listener (reader thread) ----

    @Override
    public void onConsumed(int bytes) {
        if (in.buffered() > LOW_WATER || !resumePending.compareAndSet(false, true)) return;
        Connection c = connection;
        c.execute(() -> {
            resumePending.set(false);
            if (readPaused && !closed && in.buffered() <= LOW_WATER) {
                readPaused = false;
                c.setAutoRead(true);
            }
        });
    }

    // ---- Tunnel ----

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public void abort() {
        abortRequested = true;
        Connection c = connection;
        if (c != null) c.execute(c::abort);
    }

    /** I/O thread: hands queued output to the transport while it is writable; closes after the last byte. */
    private void drain() {
        drainPending.set(false);
        if (closed) return;
        Connection c = connection;
        boolean wrote = false;
        boolean close;
        lock.lock();
        try {
            ByteBuffer b;
            while (c.isWritable() && (b = outbound.poll()) != null) {
                outboundBytes -= b.remaining();
                c.write(b);
                wrote = true;
            }
            close = outputClosed && outbound.isEmpty();
            if (outboundBytes <= LOW_WATER) drained.signalAll();
        } finally {
            lock.unlock();
        }
        if (wrote) c.flush();
        if (close) c.close();
    }

    private void submit(ByteBuffer b, boolean last) throws IOException {
        lock.lock();
        try {
            while (outboundBytes > HIGH_WATER && gone == null && (connection == null || !connection.inEventLoop())) {
                try {
                    drained.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while writing");
                }
            }
            if (gone != null) throw new IOException("tunnel closed", gone);
            if (outputClosed) throw new IOException("tunnel output closed");
            if (b != null) {
                outbound.add(b);
                outboundBytes += b.remaining();
            }
            if (last) outputClosed = true;
            if (connection == null) return; // onOpen drains it
        } finally {
            lock.unlock();
        }
        if (drainPending.compareAndSet(false, true)) connection.execute(this::drain);
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) return;
            byte[] copy = new byte[len];
            System.arraycopy(b, off, copy, 0, len);
            submit(ByteBuffer.wrap(copy), false);
        }

        @Override
        public void close() throws IOException {
            lock.lock();
            try {
                if (outputClosed || gone != null) return;
            } finally {
                lock.unlock();
            }
            submit(null, true);
        }
    }
}
