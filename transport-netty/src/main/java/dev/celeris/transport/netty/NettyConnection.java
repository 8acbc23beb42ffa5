package dev.celeris.transport.netty;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One Netty channel seen through the Celeris SPI: the channel's only pipeline handler, driving
 * one {@link ConnectionHandler}, and the {@link Connection} that handler writes to.
 *
 * <p>Threading: every {@code channel*} callback, and so every {@link ConnectionHandler} call,
 * runs on the channel's event loop. {@link #handler}, {@link #cause}, {@link #closeDelivered},
 * {@link #paused} and {@link #held} are touched only there; {@link #queued} and
 * {@link #unwritable} are written only there. {@link #closeRequested} and
 * {@link #abortRequested} may be set from any thread.
 *
 * <p>Buffers: each inbound {@link ByteBuf} is handed over as an NIO view of its memory (no copy
 * unless Netty cannot expose one) and released right after {@link ConnectionHandler#onData}
 * returns. While reading is paused, buffers Netty already read are held (not released) and
 * delivered on resume. Outbound, small heap {@link ByteBuffer}s written between two flushes are
 * copied into one direct buffer, one Netty message ({@link OutboundBatch}); large ones and direct
 * ones are wrapped, not copied.
 *
 * <p>Back-pressure: {@link #queued} counts exactly the bytes written and not yet handed to the
 * socket (Netty's own writability adds a per-message overhead, so it is not used); each write's
 * completion lowers it, and crossing the low-water mark calls {@link ConnectionHandler#onWritable}.
 */
final class NettyConnection extends ChannelInboundHandlerAdapter implements Connection, OutboundBatch.Sink,
        io.netty.util.concurrent.GenericFutureListener<io.netty.util.concurrent.Future<Void>> {

    private static final VarHandle CLOSE_REQUESTED = handle("closeRequested");
    private static final VarHandle ABORT_REQUESTED = handle("abortRequested");

    private static VarHandle handle(String field) {
        try {
            return MethodHandles.lookup().findVarHandle(NettyConnection.class, field, boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final System.Logger LOG = System.getLogger(NettyConnection.class.getName());

    private final NettyTransport transport;
    private final ConnectionHandler.Factory factory;
    private final int lowWaterMark;
    private final int highWaterMark;
    /** Created by the first buffer held while paused: most connections never pause. */
    private ArrayDeque<ByteBuf> held;
    private boolean paused;
    private boolean inputClosed;
    private volatile long queued;
    private volatile boolean unwritable;
    private volatile boolean closeRequested;
    private volatile boolean abortRequested;

    private boolean hasHeld() {
        return held != null && !held.isEmpty();
    }
    private volatile Channel channel;
    /** Native TLS ahead of this handler (the handler opens after its handshake); null in cleartext. */
    private SslHandler ssl;
    private ConnectionHandler handler;
    private Throwable cause;
    private boolean closeDelivered;
    /** Writes since the last flush, coalesced (event loop only); created by the first write. */
    private OutboundBatch outbound;

    NettyConnection(NettyTransport transport, ConnectionHandler.Factory factory, int lowWaterMark, int highWaterMark) {
        this.transport = transport;
        this.factory = factory;
        this.lowWaterMark = lowWaterMark;
        this.highWaterMark = highWaterMark;
    }

    /** The channel's close future completed: its connection permit goes back to the limiter. */
    @Override
    public void operationComplete(io.netty.util.concurrent.Future<Void> closed) {
        transport.released();
    }

    // ---- inbound: Netty -> ConnectionHandler (event loop) ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ssl = ctx.pipeline().get(SslHandler.class);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        transport.register(this);
        if (ssl == null) {
            open();
        }
    }

    /** Creates and opens the protocol handler: at once in cleartext, after the handshake over TLS. */
    private void open() {
        try {
            handler = factory.newHandler();
            handler.onOpen(this);
            if (transport.isShuttingDown()) {
                handler.onShutdown();
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (handler == null && ssl != null && ssl.handshakeFuture().isSuccess() && !closeDelivered) {
            open(); // the handshake's completion event normally comes first
        }
        if ((paused || hasHeld()) && !closeDelivered) {
            if (held == null) held = new ArrayDeque<>(4);
            held.add(buf); // delivered in order by deliverHeld after setAutoRead(true)
            return;
        }
        try {
            if (handler != null && !closeDelivered && !abortRequested) {
                deliver(buf);
            }
        } catch (Throwable t) {
            fail(t);
        } finally {
            buf.release();
        }
    }

    /** Delivers buffers held while paused, until paused again. Event loop. */
    private void deliverHeld() {
        ByteBuf buf;
        while (!paused && held != null && (buf = held.poll()) != null) {
            try {
                if (handler != null && !closeDelivered && !abortRequested) {
                    deliver(buf);
                }
            } catch (Throwable t) {
                fail(t);
            } finally {
                buf.release();
            }
        }
    }

    private void releaseHeld() {
        ByteBuf buf;
        while (held != null && (buf = held.poll()) != null) {
            buf.release();
        }
    }

    private void deliver(ByteBuf buf) {
        int readable = buf.readableBytes();
        if (readable == 0) {
            return;
        }
        if (buf.nioBufferCount() == 1) {
            handler.onData(buf.nioBuffer());
        } else {
            // Composite, or memory Netty cannot expose as one NIO buffer: copy once.
            ByteBuffer copy = ByteBuffer.allocate(readable);
            buf.getBytes(buf.readerIndex(), copy);
            handler.onData(copy.flip());
        }
    }

    /** A write reached the socket (or failed): lower the queue and maybe release back-pressure. */
    private void written(int bytes, Throwable failure) {
        if (failure != null && cause == null && !(failure instanceof java.nio.channels.ClosedChannelException)) {
            cause = failure;
        }
        long now = queued - bytes;
        queued = now;
        if (unwritable && now < lowWaterMark) {
            unwritable = false;
            Channel ch = channel;
            if (handler != null && !closeDelivered && ch.isActive()) {
                // A write can complete inside the handler's own flush(): the SPI never calls a
                // handler back from inside a call it made, so onWritable runs as its own task.
                ch.eventLoop().execute(this::notifyWritable);
            }
        }
    }

    /** onWritable, unless the queue went above the high-water mark again or the connection ended. */
    private void notifyWritable() {
        if (!unwritable && handler != null && !closeDelivered && channel.isActive()) {
            try {
                handler.onWritable();
            } catch (Throwable t) {
                fail(t);
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deliverClose();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable t) {
        if (ssl != null && handler == null) {
            // A failed handshake or a broken record before it: SslHandler sent its alert; close, no reset.
            LOG.log(System.Logger.Level.DEBUG, "TLS failure with {0}: {1}", channel.remoteAddress(), t.getMessage());
            ctx.close();
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "netty connection " + channel + " failed", t);
        if (cause == null) {
            cause = t;
        }
        abort();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE || evt instanceof SslCloseCompletionEvent) {
            inputClosed(); // TCP half-close, or TLS close_notify: the end of the peer's input
        } else if (evt instanceof SslHandshakeCompletionEvent done && handler == null && !closeDelivered) {
            if (done.isSuccess()) {
                open();
            } else {
                LOG.log(System.Logger.Level.DEBUG, "TLS handshake with {0} failed: {1}", channel.remoteAddress(),
                        String.valueOf(done.cause()));
                ctx.close();
            }
        }
        ReferenceCountUtil.release(evt);
    }

    /** The peer half-closed: the handler may keep the connection open for writing. */
    private void inputClosed() {
        if (handler == null && ssl != null && !closeDelivered) {
            channel.close(); // gone before the handshake finished
            return;
        }
        if (inputClosed || handler == null || closeDelivered) {
            return;
        }
        inputClosed = true;
        try {
            // Buffers held while reading was paused arrive before the end of stream.
            paused = false;
            deliverHeld();
            if (!handler.onInputClosed()) {
                close(); // send what is queued, then close (onClose cause null)
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    /** A handler callback or task threw: log, remember the cause, close abortively. */
    private void fail(Throwable t) {
        LOG.log(System.Logger.Level.DEBUG, () -> "connection handler failed on " + channel + "; aborting", t);
        if (cause == null) {
            cause = t;
        }
        abort();
    }

    private void deliverClose() {
        if (closeDelivered) {
            return;
        }
        closeDelivered = true;
        releaseHeld();
        if (outbound != null) {
            outbound.release();
        }
        if (handler != null) {
            try {
                handler.onClose(cause);
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.DEBUG, () -> "onClose failed on " + channel, t);
            }
        }
        transport.unregister(this); // after onClose: shutdown completes only once every handler saw it
    }

    /** Graceful shutdown started: tell the handler on its event loop. Any thread. */
    void shutdown() {
        execute(() -> {
            if (handler != null && !closeDelivered) {
                handler.onShutdown();
            } else if (handler == null && ssl != null) {
                abort(); // still in its TLS handshake: nothing to finish
            }
        });
    }

    /** End of a shutdown grace period: close abortively, reporting {@code reason}. Any thread. */
    void forceClose(Throwable reason) {
        Channel ch = channel;
        try {
            ch.eventLoop().execute(() -> {
                if (cause == null) {
                    cause = reason;
                }
                abort();
            });
        } catch (RejectedExecutionException e) {
            ch.close();
        }
    }

    // ---- outbound: Connection (see the SPI for which thread may call what) ----

    @Override
    public void write(ByteBuffer... buffers) {
        Channel ch = channel;
        if (ch == null || closeRequested || abortRequested || !ch.isActive()) {
            return; // SPI: writes to a closed connection are silently dropped
        }
        int bytes = 0;
        for (ByteBuffer b : buffers) {
            bytes += b.remaining();
        }
        if (bytes == 0) {
            return;
        }
        long now = queued + bytes;
        queued = now;
        if (now > highWaterMark) {
            unwritable = true;
        }
        if (outbound == null) {
            outbound = new OutboundBatch(this);
        }
        outbound.write(ch.alloc(), buffers, bytes);
    }

    /** One message to the channel (from {@link OutboundBatch}); its completion lowers the queue. */
    @Override
    public void send(ByteBuf message, int bytes) {
        channel.write(message).addListener(done -> written(bytes, done.cause()));
    }

    @Override
    public void flush() {
        Channel ch = channel;
        if (ch != null) {
            if (outbound != null) {
                outbound.emit();
            }
            ch.flush();
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

    /**
     * {@inheritDoc}
     *
     * <p>True here: a small heap write is copied into the {@link OutboundBatch} at once, any other
     * is wrapped (not copied), and {@link #queuedBytes()} falls only in the write future's
     * listener, which Netty notifies after the message left the outbound buffer and was released
     * (sent, copied into a direct buffer or TLS records, or dropped with the channel).
     */
    @Override
    public boolean releasesWrittenBuffersWhenDrained() {
        return true;
    }

    @Override
    public void setAutoRead(boolean autoRead) {
        if (autoRead == !paused) {
            return;
        }
        paused = !autoRead;
        channel.config().setAutoRead(autoRead);
        if (autoRead && hasHeld()) {
            execute(this::deliverHeld); // next loop pass, not inside the caller
        }
    }

    @Override
    public void execute(Runnable task) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (Throwable t) {
                fail(t);
            }
        };
        try {
            channel.eventLoop().execute(guarded);
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "event loop shut down; dropping task for {0}", channel);
        }
    }

    @Override
    public boolean inEventLoop() {
        return channel.eventLoop().inEventLoop();
    }

    @Override
    public boolean isOpen() {
        Channel ch = channel;
        return ch != null && ch.isActive() && !closeRequested && !abortRequested;
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return channel.localAddress();
    }

    @Override
    public void close() {
        if (CLOSE_REQUESTED.compareAndSet(this, false, true)) {
            onEventLoop(channel, this::closeAfterQueued);
        }
    }

    /** Runs {@code action} on the channel's event loop (now if already there); closes the channel if the loop is gone. */
    private static void onEventLoop(Channel ch, java.util.function.Consumer<Channel> action) {
        if (ch.eventLoop().inEventLoop()) {
            action.accept(ch);
        } else {
            try {
                ch.eventLoop().execute(() -> action.accept(ch));
            } catch (RejectedExecutionException e) {
                ch.close();
            }
        }
    }

    /** Event loop: sends the batch, then closes once everything queued before is written. */
    private void closeAfterQueued(Channel ch) {
        if (outbound != null) {
            outbound.emit();
        }
        // The empty write completes only after everything queued before it: close then.
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void abort() {
        if (ABORT_REQUESTED.compareAndSet(this, false, true)) {
            onEventLoop(channel, this::resetAndClose);
        }
    }

    private void resetAndClose(Channel ch) {
        if (outbound != null) {
            outbound.release(); // discarded, like everything queued
        }
        if (ch.isOpen()) {
            try {
                ch.config().setOption(ChannelOption.SO_LINGER, 0); // close sends RST, drops unsent bytes
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not set SO_LINGER 0 on {0}: {1}", ch, e);
            }
        }
        ch.close();
    }

    @Override
    public javax.net.ssl.SSLSession tlsSession() {
        return ssl == null || handler == null ? null : ssl.engine().getSession();
    }

    @Override
    public String applicationProtocol() {
        return ssl == null ? null : ssl.applicationProtocol();
    }

    @Override
    public boolean replaceHandler(ConnectionHandler current, ConnectionHandler next) {
        if (!inEventLoop() || handler != current || next == null) return false;
        handler = next;
        return true;
    }

    /** The underlying channel, for the transport's bookkeeping. */
    Channel channel() {
        return channel;
    }

    @Override
    public String toString() {
        return "NettyConnection" + channel;
    }
}
