package dev.celeris.transport.netty;

import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.testkit.TransportKit;

/** The netty transport passes the shared transport kit. */
class NettyTransportKitTest extends TransportKit {

    @Override
    protected TransportProvider provider() {
        return new NettyTransportProvider();
    }
}
