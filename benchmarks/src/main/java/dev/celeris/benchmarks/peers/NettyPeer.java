package dev.celeris.benchmarks.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.util.ReferenceCountUtil;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;

/**
 * Netty's own HTTP/2 server, set up the way Netty's examples do: {@code Http2FrameCodec} for
 * prior-knowledge h2c and for {@code Upgrade: h2c}, and {@code HttpServerCodec} +
 * {@code HttpObjectAggregator} for plain HTTP/1.1. Epoll when available, as Netty users on Linux run it.
 */
public final class NettyPeer implements Peer {

    private static final String H1_FALLBACK = "h1-fallback";

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel server;

    private NettyPeer(EventLoopGroup boss, EventLoopGroup workers, Channel server) {
        this.boss = boss;
        this.workers = workers;
        this.server = server;
    }

    public static NettyPeer start(String host, int port, int ioThreads) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(ioThreads, io);
        Channel server = new ServerBootstrap()
                .group(boss, workers)
                .channel(channel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        configureClearText(ch.pipeline());
                    }
                })
                .bind(new InetSocketAddress(host, port)).sync().channel();
        return new NettyPeer(boss, workers, server);
    }

    private static void configureClearText(ChannelPipeline p) {
        HttpServerCodec sourceCodec = new HttpServerCodec();
        HttpServerUpgradeHandler upgradeHandler = new HttpServerUpgradeHandler(sourceCodec, protocol ->
                AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                        ? new Http2ServerUpgradeCodec(Http2FrameCodecBuilder.forServer().build(), new NettyH2Handler())
                        : null, 1024 * 1024);
        ChannelInitializer<Channel> priorKnowledge = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ChannelPipeline pipeline = ch.pipeline();
                if (pipeline.get(H1_FALLBACK) != null) {
                    pipeline.remove(H1_FALLBACK);
                }
                pipeline.addLast(Http2FrameCodecBuilder.forServer().build(), new NettyH2Handler());
            }
        };
        p.addLast(new CleartextHttp2ServerUpgradeHandler(sourceCodec, upgradeHandler, priorKnowledge));
        // Reached only by HTTP/1.1 requests that did not upgrade: swap in the HTTP/1.1 handlers.
        p.addLast(H1_FALLBACK, new SimpleChannelInboundHandler<HttpMessage>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, HttpMessage msg) {
                ChannelPipeline pipeline = ctx.pipeline();
                pipeline.addAfter(ctx.name(), null, new NettyH1Handler());
                pipeline.addAfter(ctx.name(), null, new HttpObjectAggregator(PeerRoutes.MAX_DOWNLOAD));
                pipeline.replace(this, null, new HttpServerKeepAliveHandler());
                ctx.fireChannelRead(ReferenceCountUtil.retain(msg));
            }
        });
    }

    @Override
    public String name() {
        return "netty-native";
    }

    @Override
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.close().sync();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).sync();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
}
