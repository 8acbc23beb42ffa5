package dev.celeris.benchmarks.peers;

import dev.celeris.spi.tls.TlsConfig;
import dev.celeris.spi.tls.TlsLayer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
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
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The TLS listeners of the benchmark servers (h2 and http/1.1 by ALPN, one certificate from PEM
 * files), started beside the cleartext one when {@link PeerMain} gets {@code --tls-cert} and
 * {@code --tls-key}: Celeris through its JDK {@code SSLEngine} layer on its transport (or its
 * native engine with {@code --tls-engine native}), Netty with its {@code SslHandler} over
 * BoringSSL (the JDK provider where netty-tcnative does not load), Jetty and Undertow with their
 * own TLS listeners (JDK {@code SSLEngine}; Jetty's ALPN through {@code jetty-alpn-java-server}).
 * Servers without one here get no TLS row.
 */
public final class TlsPeers {

    private TlsPeers() {
    }

    /** Starts the TLS listener of {@code name} on an ephemeral port, or returns null when it has none. */
    public static Peer start(String name, String host, int ioThreads, Path cert, Path key) throws Exception {
        return start(name, host, ioThreads, cert, key, TlsConfig.Engine.JDK);
    }

    /** As above; {@code engine} is the Celeris servers' {@link TlsConfig#engine()}. */
    public static Peer start(String name, String host, int ioThreads, Path cert, Path key, TlsConfig.Engine engine)
            throws Exception {
        if (name.equals("netty-native")) return netty(host, ioThreads, cert, key);
        if (name.equals("undertow-native")) return undertow(host, ioThreads, cert, key);
        if (name.equals("jetty-native")) return JettyPeer.startTls(host, ioThreads, TlsLayer.serverContext(TlsConfig.pem(cert, key).build()));
        if (name.startsWith("celeris-") && !name.startsWith("celeris-router-")) {
            return CelerisPeer.startTls(name.substring("celeris-".length()), host, ioThreads, TlsConfig.pem(cert, key).engine(engine).build());
        }
        return null;
    }

    private static Peer undertow(String host, int ioThreads, Path cert, Path key) throws Exception {
        Undertow server = Undertow.builder()
                .setIoThreads(ioThreads)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .addHttpsListener(0, host, TlsLayer.serverContext(TlsConfig.pem(cert, key).build()))
                .setHandler(UndertowPeer::handle)
                .build();
        return UndertowPeer.started(server);
    }

    private static Peer netty(String host, int ioThreads, Path cert, Path key) throws Exception {
        SslContext ssl = SslContextBuilder.forServer(new File(cert.toString()), new File(key.toString()))
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                .build();
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(ioThreads, io);
        Channel server = new ServerBootstrap().group(boss, workers).channel(type)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()), new ApplicationProtocolNegotiationHandler(
                                ApplicationProtocolNames.HTTP_1_1) {
                            @Override
                            protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                                    ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(), new NettyH2Handler());
                                } else {
                                    ctx.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                            new HttpObjectAggregator(PeerRoutes.MAX_DOWNLOAD), new NettyH1Handler());
                                }
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress(host, 0)).sync().channel();
        return new Peer() {
            @Override public String name() { return "netty-native"; }
            @Override public int port() { return ((InetSocketAddress) server.localAddress()).getPort(); }

            @Override
            public void close() throws InterruptedException {
                server.close().sync();
                boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).sync();
                workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).sync();
            }
        };
    }
}
