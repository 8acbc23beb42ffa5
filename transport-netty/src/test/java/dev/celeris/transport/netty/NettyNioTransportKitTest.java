package dev.celeris.transport.netty;

import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.testkit.TransportKit;

/** The kit again on Netty's NIO flavour ({@code netty.native=false}): epoll's twin code path. */
class NettyNioTransportKitTest extends TransportKit {

    @Override
    protected TransportProvider provider() {
        return new NettyTransportProvider();
    }

    @Override
    protected TransportConfig.Builder config() {
        return super.config().option(NettyIo.NATIVE_OPTION, "false");
    }
}
