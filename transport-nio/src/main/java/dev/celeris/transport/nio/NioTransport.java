package dev.celeris.transport.nio;

import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.ConnectionLimiter;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bound NIO listener: one acceptor thread blocked in {@link ServerSocketChannel#accept()}
 * hands each new socket, round-robin, to one of {@code ioThreads} {@link EventLoop}s, which
 * owns it until it closes.
 *
 * <p>Shutdown runs on its own thread: close the listener (stop accepting) and join the
 * acceptor; ask every loop to call {@code onShutdown} on its connections; wait until the open
 * connection count reaches zero or the grace period ends; ask every loop to abort what is left
 * and stop; join the loops; complete the stage.
 */
final class NioTransport implements Transport {

    private static final System.Logger LOG = System.getLogger("dev.celeris.transport.nio");
    private static final AtomicInteger IDS = new AtomicInteger();

    final TransportConfig config;
    final ConnectionHandler.Factory handlers;
    private final ServerSocketChannel server;
    private final InetSocketAddress localAddress;
    private final EventLoop[] loops;
    private final Thread acceptor;
    private final int id = IDS.incrementAndGet();

    /** Accepted and not yet closed, including sockets on their way to a loop. */
    private final AtomicInteger openConnections = new AtomicInteger();
    private final ConnectionLimiter limiter;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean shuttingDown;
    private CompletableFuture<Void> shutdownStage; // guarded by this

    private NioTransport(TransportConfig config, ConnectionHandler.Factory handlers, ServerSocketChannel server)
            throws IOException {
        this.config = config;
        this.handlers = handlers;
        this.server = server;
        this.localAddress = (InetSocketAddress) server.getLocalAddress();
        this.limiter = new ConnectionLimiter(config.maxConnections());
        this.loops = new EventLoop[config.ioThreads()];
        try {
            for (int i = 0; i < loops.length; i++) {
                loops[i] = new EventLoop(this, "celeris-nio-" + id + "-io-" + i);
            }
        } catch (IOException e) {
            for (EventLoop loop : loops) {
                if (loop != null) {
                    loop.selector.close();
                }
            }
            throw e;
        }
        this.acceptor = new Thread(this::acceptLoop, "celeris-nio-" + id + "-accept");
    }

    static NioTransport start(TransportConfig config, ConnectionHandler.Factory handlers) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        NioTransport transport;
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, config.reuseAddress());
            if (config.reusePort()) {
                server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (config.receiveBufferSize() > 0) {
                // Set on the listener so accepted sockets inherit it before the handshake (window scaling).
                server.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferSize());
            }
            server.bind(new InetSocketAddress(config.host(), config.port()), config.backlog());
            transport = new NioTransport(config, handlers, server);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        for (EventLoop loop : transport.loops) {
            loop.thread.start();
        }
        transport.acceptor.start();
        LOG.log(Level.DEBUG, () -> "nio transport listening on " + transport.localAddress + " with "
                + transport.loops.length + " I/O threads");
        return transport;
    }

    @Override
    public String name() {
        return NioTransportProvider.NAME;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    private void acceptLoop() {
        int next = 0;
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return; // shutdown closed the listener
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
                // Typically EMFILE: back off instead of spinning on a full descriptor table.
                LOG.log(Level.WARNING, "accept on " + localAddress + " failed: " + e);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    return;
                }
                continue;
            }
            if (!limiter.tryAcquire(remoteOf(channel))) {
                closeQuietly(channel);
                continue;
            }
            openConnections.incrementAndGet();
            SocketAddress remote;
            SocketAddress local;
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, config.tcpNoDelay());
                if (config.sendBufferSize() > 0) {
                    channel.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBufferSize());
                }
                if (config.receiveBufferSize() > 0) {
                    channel.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferSize());
                }
                remote = channel.getRemoteAddress();
                local = channel.getLocalAddress();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "could not configure accepted socket: " + e);
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                connectionClosed();
                continue;
            }
            EventLoop loop = loops[next];
            next = next + 1 == loops.length ? 0 : next + 1;
            loop.execute(() -> loop.register(channel, remote, local), null);
        }
    }

    private static Object remoteOf(SocketChannel channel) {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return "?";
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a rejected socket: " + e);
        }
    }

    @Override
    public long rejectedConnections() {
        return limiter.rejected();
    }

    /** A connection (or a socket that never became one) is gone. Any thread. */
    void connectionClosed() {
        limiter.release();
        if (openConnections.decrementAndGet() == 0 && shuttingDown) {
            drained.complete(null);
        }
    }

    EventLoop[] loops() {
        return loops.clone();
    }

    ServerSocketChannel serverChannel() {
        return server;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException on one of this transport's I/O threads, which the wait would
     *                               deadlock; call {@link #shutdown(Duration)} there instead
     */
    @Override
    public void close() {
        for (EventLoop loop : loops) {
            if (loop.inEventLoop()) {
                throw new IllegalStateException("close() on an I/O thread would wait for itself; use shutdown(grace)");
            }
        }
        Transport.super.close();
    }

    /** Open connections right now (for tests and monitoring). */
    int openConnections() {
        return openConnections.get();
    }

    @Override
    public synchronized CompletionStage<Void> shutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (shutdownStage == null) {
            shutdownStage = new CompletableFuture<>();
            Duration wait = grace.isNegative() ? Duration.ZERO : grace;
            Thread.ofPlatform().name("celeris-nio-" + id + "-shutdown").start(() -> runShutdown(wait));
        }
        return shutdownStage;
    }

    private void runShutdown(Duration grace) {
        try {
            try {
                server.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing listener: " + e);
            }
            acceptor.join();
            shuttingDown = true;
            if (openConnections.get() == 0) {
                drained.complete(null);
            }
            for (EventLoop loop : loops) {
                loop.execute(loop::beginShutdown, null);
            }
            if (!grace.isZero()) {
                long nanos;
                try {
                    nanos = grace.toNanos();
                } catch (ArithmeticException tooLong) {
                    nanos = Long.MAX_VALUE;
                }
                try {
                    drained.get(nanos, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    LOG.log(Level.DEBUG, () -> openConnections.get() + " connections still open after the "
                            + grace + " grace period; aborting them");
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            }
            for (EventLoop loop : loops) {
                loop.execute(loop::stop, null);
            }
            for (EventLoop loop : loops) {
                loop.thread.join();
            }
            LOG.log(Level.DEBUG, () -> "nio transport on " + localAddress + " stopped");
            shutdownStage.complete(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdownStage.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
            shutdownStage.completeExceptionally(e);
        }
    }

    @Override
    public String toString() {
        return "NioTransport[" + localAddress + ", " + loops.length + " I/O threads]";
    }
}
