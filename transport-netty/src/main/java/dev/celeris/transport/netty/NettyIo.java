package dev.celeris.transport.netty;

import dev.celeris.spi.TransportConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.StandardSocketOptions;
import java.util.Locale;

/**
 * The I/O flavour a Netty transport runs on: epoll (Linux native) or NIO (any JDK).
 *
 * @param name         {@code "epoll"} or {@code "nio"}, for logs and tests
 * @param handlers     creates the event loops' I/O handlers
 * @param serverChannel the listening channel class matching {@code handlers}
 */
record NettyIo(String name, IoHandlerFactory handlers, Class<? extends ServerChannel> serverChannel) {

    /** Option: {@code "false"} forces NIO even where epoll is available. Default {@code "true"}. */
    static final String NATIVE_OPTION = "netty.native";

    private static final System.Logger LOG = System.getLogger(NettyIo.class.getName());

    /** Sets {@code SO_REUSEPORT} on the listener, the native option on epoll, the JDK's on NIO. */
    void reusePort(ServerBootstrap bootstrap) {
        if (name.equals("epoll")) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
        } else {
            bootstrap.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
        }
    }

    /** Epoll when allowed by the config and the native library loads here, NIO otherwise. */
    static NettyIo choose(TransportConfig config) {
        boolean nativeAllowed = !"false".equals(config.option(NATIVE_OPTION, "true").trim().toLowerCase(Locale.ROOT));
        if (nativeAllowed && Epoll.isAvailable()) {
            LOG.log(System.Logger.Level.INFO, "netty transport: using epoll");
            return new NettyIo("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
        }
        if (!nativeAllowed) {
            LOG.log(System.Logger.Level.INFO, "netty transport: using NIO ({0}=false)", NATIVE_OPTION);
        } else {
            LOG.log(System.Logger.Level.INFO, "netty transport: using NIO (epoll unavailable: {0})",
                    String.valueOf(Epoll.unavailabilityCause()));
        }
        return new NettyIo("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }
}
