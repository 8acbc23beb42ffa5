package dev.celeris.transport.netty;

import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.ConnectionLimiter;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.tls.TlsLayer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A bound Netty listener: one accept loop, {@link TransportConfig#ioThreads()} I/O loops, and
 * the set of open connections (for graceful shutdown).
 */
final class NettyTransport implements Transport {

    private static final System.Logger LOG = System.getLogger(NettyTransport.class.getName());

    private final NettyIo io;
    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup ioGroup;
    private final Set<NettyConnection> connections = ConcurrentHashMap.newKeySet();
    private final ConnectionLimiter limiter;
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile Channel serverChannel;
    private volatile boolean shuttingDown;
    private CompletableFuture<Void> shutdown; // guarded by this

    private final LoopThreads acceptThreads;
    private final LoopThreads ioThreads;

    private NettyTransport(NettyIo io, LoopThreads acceptThreads, EventLoopGroup acceptGroup, LoopThreads ioThreads,
                           EventLoopGroup ioGroup, int maxConnections) {
        this.io = io;
        this.acceptThreads = acceptThreads;
        this.ioThreads = ioThreads;
        this.limiter = new ConnectionLimiter(maxConnections);
        this.acceptGroup = acceptGroup;
        this.ioGroup = ioGroup;
    }

    static NettyTransport bind(TransportConfig config, ConnectionHandler.Factory handlers) throws IOException {
        NettyIo io = NettyIo.choose(config);
        LoopThreads acceptThreads = new LoopThreads("celeris-netty-accept");
        LoopThreads ioThreads = new LoopThreads("celeris-netty-io");
        EventLoopGroup accept = new MultiThreadIoEventLoopGroup(1, acceptThreads, io.handlers());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(config.ioThreads(), ioThreads, io.handlers());
        NettyTls tls = handlers instanceof TlsLayer layer && NettyTransportProvider.nativeTls(config)
                ? new NettyTls(layer) : null;
        ConnectionHandler.Factory protocol = tls == null ? handlers : ((TlsLayer) handlers).protocol();
        NettyTransport transport = new NettyTransport(io, acceptThreads, accept, ioThreads, workers,
                config.maxConnections());
        int read = config.readBufferSize();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(accept, workers)
                .channel(io.serverChannel())
                .option(ChannelOption.SO_BACKLOG, config.backlog())
                .option(ChannelOption.SO_REUSEADDR, config.reuseAddress())
                .childOption(ChannelOption.TCP_NODELAY, config.tcpNoDelay())
                // The peer's end of stream arrives as an event: queued bytes are still sent.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                // Reads grow adaptively up to readBufferSize: the largest chunk onData sees.
                // Netty's adaptive size table starts at 64 bytes; below that, reads are fixed-size.
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, read < 64 ? new FixedRecvByteBufAllocator(read)
                        : new AdaptiveRecvByteBufAllocator(64, Math.min(2048, read), read))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (!transport.limiter.tryAcquire(ch.remoteAddress())) {
                            ch.close();
                            return;
                        }
                        NettyConnection connection = new NettyConnection(transport, protocol,
                                config.writeLowWaterMark(), config.writeHighWaterMark());
                        ch.closeFuture().addListener(connection); // gives the permit back: no lambda per connection
                        if (tls != null) {
                            tls.initChannel(ch);
                        }
                        ch.pipeline().addLast(connection);
                    }
                });
        if (config.reusePort()) {
            io.reusePort(bootstrap);
        }
        if (config.receiveBufferSize() > 0) {
            bootstrap.childOption(ChannelOption.SO_RCVBUF, config.receiveBufferSize());
        }
        if (config.sendBufferSize() > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, config.sendBufferSize());
        }
        ChannelFuture bound = bootstrap.bind(config.host(), config.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            accept.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            Throwable failure = bound.cause();
            throw failure instanceof IOException e ? e
                    : new IOException("netty could not bind " + config.host() + ":" + config.port(), failure);
        }
        transport.serverChannel = bound.channel();
        LOG.log(System.Logger.Level.INFO, "netty ({0}) listening on {1}", io.name(), bound.channel().localAddress());
        return transport;
    }

    @Override
    public String name() {
        return NettyTransportProvider.NAME;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** {@code "epoll"} or {@code "nio"}: which Netty I/O this transport runs on. */
    String ioName() {
        return io.name();
    }

    @Override
    public long rejectedConnections() {
        return limiter.rejected();
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    /** A channel that got a permit closed. */
    void released() {
        limiter.release();
    }

    void register(NettyConnection connection) {
        connections.add(connection);
    }

    void unregister(NettyConnection connection) {
        if (connections.remove(connection) && shuttingDown && connections.isEmpty()) {
            drained.complete(null);
        }
    }

    @Override
    public synchronized CompletionStage<Void> shutdown(Duration grace) {
        if (shutdown != null) {
            return shutdown;
        }
        shutdown = new CompletableFuture<>();
        shuttingDown = true;
        long graceNanos = Math.max(0, grace.toNanos());
        serverChannel.close().addListener(closed -> {
            // Stop accepting first; then ask every open connection to finish (HTTP/2: GOAWAY).
            for (NettyConnection connection : connections) {
                connection.shutdown();
            }
            if (connections.isEmpty()) {
                drained.complete(null);
            }
            CompletableFuture<Void> graceOver = new CompletableFuture<>();
            drained.whenComplete((ignored, failure) -> graceOver.complete(null));
            graceOver.completeOnTimeout(null, graceNanos, TimeUnit.NANOSECONDS)
                    .thenCompose(ignored -> forceClose())
                    .whenComplete((ignored, failure) -> releaseLoops());
        });
        return shutdown;
    }

    /**
     * Aborts every connection still open after the grace period; completes once every one of
     * them delivered onClose (which unregisters it), or after a safety timeout.
     */
    private CompletableFuture<Void> forceClose() {
        List<NettyConnection> remaining = List.copyOf(connections);
        if (remaining.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        LOG.log(System.Logger.Level.DEBUG, "netty shutdown: aborting {0} connection(s) after grace", remaining.size());
        IOException reason = new IOException("closed by transport shutdown after the grace period");
        remaining.forEach(connection -> connection.forceClose(reason));
        return drained.copy().completeOnTimeout(null, 5, TimeUnit.SECONDS);
    }

    private void releaseLoops() {
        CompletableFuture<Void> accept = toCompletable(acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS));
        CompletableFuture<Void> workers = toCompletable(ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS));
        // Terminated loops may still be inside their threads' last steps: the stage completes
        // once the threads are gone (joined off Netty's global executor, which ran this callback).
        CompletableFuture.allOf(accept, workers).whenCompleteAsync((ignored, failure) -> {
            acceptThreads.awaitExit(Duration.ofSeconds(5));
            ioThreads.awaitExit(Duration.ofSeconds(5));
            LOG.log(System.Logger.Level.DEBUG, "netty transport released");
            shutdown.complete(null);
        });
    }

    private static CompletableFuture<Void> toCompletable(Future<?> future) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        future.addListener(done -> result.complete(null));
        return result;
    }

    @Override
    public String toString() {
        return "NettyTransport[" + io.name() + " " + serverChannel.localAddress() + "]";
    }
}
