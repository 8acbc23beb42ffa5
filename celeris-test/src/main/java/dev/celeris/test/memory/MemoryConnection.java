package dev.celeris.test.memory;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One in-memory connection: the server side is the {@link Connection} the handler sees, pinned
 * to one event loop; the client side ({@code client*} methods, any thread) is what
 * {@link MemorySocketImpl} drives. Like TCP, each direction has a bounded buffer: a client
 * writing faster than the server reads blocks, and server writes beyond what the client's
 * receive buffer holds stay queued, which is what the water marks count.
 *
 * <p>State touched only on the loop: {@code queue}, {@code queued} writes, {@code flushable},
 * {@code autoRead}, {@code closing}. The client's receive buffer is guarded by {@code received}'s
 * monitor, the inbound buffer by {@code inbound}'s.
 */
final class MemoryConnection implements Connection {

    private static final int INBOUND_CAPACITY = 64 * 1024;
    private static final int DEFAULT_RECEIVE_BUFFER = 256 * 1024;

    private final MemoryTransport transport;
    private final MemoryTransport.EventLoop loop;
    private final ConnectionHandler handler;
    private final SocketAddress local;
    private final SocketAddress remote;
    private final int readBufferSize;
    private final int low;
    private final int high;

    // client -> server
    private final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
    private int inboundBytes;
    private int inboundOffset;
    private boolean inputEnded;
    private boolean inputEndDelivered;
    private boolean autoRead = true;

    // server -> client
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private volatile long queued;
    private long flushable;
    private volatile boolean writable = true;
    private final ArrayDeque<byte[]> received = new ArrayDeque<>();
    private int receivedBytes;
    private int receivedOffset;
    private final int receiveCapacity;
    private boolean endOfStream;
    private boolean reset;

    private volatile boolean clientGone;
    private volatile boolean closing;
    private volatile boolean closed;

    MemoryConnection(MemoryTransport transport, MemoryTransport.EventLoop loop, ConnectionHandler handler,
                     SocketAddress local, SocketAddress remote, int receiveBuffer) {
        this.transport = transport;
        this.loop = loop;
        this.handler = handler;
        this.local = local;
        this.remote = remote;
        this.readBufferSize = transport.config().readBufferSize();
        this.low = transport.config().writeLowWaterMark();
        this.high = transport.config().writeHighWaterMark();
        this.receiveCapacity = receiveBuffer > 0 ? receiveBuffer : DEFAULT_RECEIVE_BUFFER;
    }

    /** A connection over the transport's limit: the client sees it accepted and closed, the handler never sees it. */
    static MemoryConnection refused(MemoryTransport transport, MemoryTransport.EventLoop loop, SocketAddress local,
                                    SocketAddress remote) {
        MemoryConnection c = new MemoryConnection(transport, loop, null, local, remote, 0);
        c.closed = true;
        c.closing = true;
        c.endOfStream = true;
        return c;
    }

    void start() {
        loop.execute(() -> call(() -> handler.onOpen(this)));
    }

    // ---- server side: the Connection contract ----

    @Override
    public void write(ByteBuffer... buffers) {
        if (closing || closed) return;
        for (ByteBuffer b : buffers) {
            int n = b.remaining();
            if (n == 0) continue;
            queue.add(b);
            queued += n;
        }
        if (queued > high) writable = false;
    }

    @Override
    public void flush() {
        if (closed) return;
        flushable = queued;
        pump();
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public long queuedBytes() {
        return queued;
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(() -> {
            if (!closed) call(task);
        });
    }

    @Override
    public boolean inEventLoop() {
        return loop.inLoop();
    }

    @Override
    public boolean isOpen() {
        return !closed;
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
        onLoop(() -> {
            if (closed || closing) return;
            closing = true;
            flushable = queued;
            pump();
        });
    }

    @Override
    public void abort() {
        onLoop(() -> fail(null, true));
    }

    @Override
    public void setAutoRead(boolean on) {
        autoRead = on;
        if (on) loop.execute(this::drain);
    }

    // ---- the loop's work ----

    private void onLoop(Runnable r) {
        if (loop.inLoop()) r.run();
        else loop.execute(r);
    }

    /** Runs a handler callback; an exception closes this connection with it as the cause. */
    private void call(Runnable callback) {
        try {
            callback.run();
        } catch (Throwable t) {
            fail(t, true);
        }
    }

    /** Delivers one inbound chunk (at most the read buffer size), then yields to other tasks. */
    private void drain() {
        if (closed || !autoRead) return;
        byte[] chunk = null;
        boolean more;
        boolean ended;
        synchronized (inbound) {
            if (inboundBytes > 0) {
                byte[] head = inbound.peek();
                int n = Math.min(readBufferSize, head.length - inboundOffset);
                chunk = java.util.Arrays.copyOfRange(head, inboundOffset, inboundOffset + n);
                inboundOffset += n;
                inboundBytes -= n;
                if (inboundOffset == head.length) {
                    inbound.poll();
                    inboundOffset = 0;
                }
                inbound.notifyAll();
            }
            more = inboundBytes > 0;
            ended = inputEnded && !more && !inputEndDelivered;
            if (ended) inputEndDelivered = true;
        }
        if (chunk != null) {
            byte[] data = chunk;
            call(() -> handler.onData(ByteBuffer.wrap(data)));
        }
        if (more) {
            loop.execute(this::drain);
        } else if (ended && !closed) {
            boolean[] keep = new boolean[1];
            call(() -> keep[0] = handler.onInputClosed());
            if (!keep[0]) close();
        }
    }

    /** Moves flushed bytes into the client's receive buffer as far as it has room. */
    private void pump() {
        if (closed) return;
        if (flushable > 0 && clientGone) {
            fail(new IOException("Connection reset by peer"), false);
            return;
        }
        synchronized (received) {
            while (flushable > 0 && receivedBytes < receiveCapacity) {
                ByteBuffer head = queue.peek();
                int n = (int) Math.min(Math.min(head.remaining(), receiveCapacity - receivedBytes), flushable);
                byte[] copy = new byte[n];
                head.get(copy);
                if (!head.hasRemaining()) queue.poll();
                received.add(copy);
                receivedBytes += n;
                queued -= n;
                flushable -= n;
            }
            received.notifyAll();
        }
        if (!writable && queued <= low) {
            writable = true;
            call(handler::onWritable);
            if (closed) return;
        }
        if (closing && queued == 0) finish(null, false);
    }

    void shutdown() {
        loop.execute(() -> {
            if (!closed) call(handler::onShutdown);
        });
    }

    void forceClose(Throwable cause) {
        loop.execute(() -> fail(cause, true));
    }

    /** Closes now, dropping what is queued; the client sees a reset. */
    private void fail(Throwable cause, boolean resetClient) {
        if (closed) return;
        queue.clear();
        queued = 0;
        flushable = 0;
        finish(cause, resetClient);
    }

    private void finish(Throwable cause, boolean resetClient) {
        if (closed) return;
        closed = true;
        closing = true;
        synchronized (received) {
            if (resetClient) reset = true;
            endOfStream = true;
            received.notifyAll();
        }
        synchronized (inbound) {
            inbound.clear();
            inboundBytes = 0;
            inbound.notifyAll();
        }
        try {
            handler.onClose(cause);
        } catch (RuntimeException ignored) {
            // nothing is called after onClose; a failing onClose has nobody left to tell
        } finally {
            transport.closed(this);   // after onClose: a shutdown completes once every onClose ran
        }
    }

    // ---- client side: any thread ----

    void clientWrite(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n;
            synchronized (inbound) {
                while (inboundBytes >= INBOUND_CAPACITY && !closed) waitOn(inbound, 0);
                if (closed || clientGone) throw new java.net.SocketException("Connection reset");
                if (inputEnded) throw new java.net.SocketException("Socket output is shut down");
                n = Math.min(len, INBOUND_CAPACITY - inboundBytes);
                inbound.add(java.util.Arrays.copyOfRange(b, off, off + n));
                inboundBytes += n;
            }
            off += n;
            len -= n;
            loop.execute(this::drain);
        }
    }

    /** Reads into {@code b}; -1 at the end of stream; waits at most {@code timeoutMillis} (0: forever). */
    int clientRead(byte[] b, int off, int len, int timeoutMillis) throws IOException {
        if (len == 0) return 0;
        int n;
        synchronized (received) {
            long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : 0;
            while (receivedBytes == 0 && !endOfStream && !clientGone) {
                long left = deadline == 0 ? 0 : (deadline - System.nanoTime()) / 1_000_000L;
                if (deadline != 0 && left <= 0) throw new java.net.SocketTimeoutException("Read timed out");
                waitOn(received, deadline == 0 ? 0 : Math.max(1, left));
            }
            if (clientGone) throw new java.net.SocketException("Socket closed");
            if (receivedBytes == 0) {
                if (reset) throw new java.net.SocketException("Connection reset");
                return -1;
            }
            n = 0;
            while (n < len && receivedBytes > 0) {
                byte[] head = received.peek();
                int k = Math.min(len - n, head.length - receivedOffset);
                System.arraycopy(head, receivedOffset, b, off + n, k);
                n += k;
                receivedOffset += k;
                receivedBytes -= k;
                if (receivedOffset == head.length) {
                    received.poll();
                    receivedOffset = 0;
                }
            }
        }
        loop.execute(this::pump);
        return n;
    }

    int clientAvailable() {
        synchronized (received) {
            return receivedBytes;
        }
    }

    /** The client's FIN: no more data; the server sees end of stream after what was sent. */
    void clientShutdownOutput() {
        synchronized (inbound) {
            inputEnded = true;
        }
        loop.execute(this::drain);
    }

    /** The client closes: with {@code reset} (SO_LINGER 0) the server sees a reset, else end of stream. */
    void clientClose(boolean resetConnection) {
        clientGone = true;
        synchronized (received) {
            received.notifyAll();
        }
        if (resetConnection) {
            loop.execute(() -> fail(new IOException("Connection reset by peer"), false));
        } else {
            clientShutdownOutput();
            loop.execute(this::pump);
        }
    }

    private static void waitOn(Object monitor, long millis) throws IOException {
        try {
            monitor.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }
}
