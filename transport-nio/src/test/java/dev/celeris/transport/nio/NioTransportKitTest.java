package dev.celeris.transport.nio;

import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.testkit.TransportKit;

/** The NIO transport passes the shared transport kit. */
class NioTransportKitTest extends TransportKit {

    @Override
    protected TransportProvider provider() {
        return new NioTransportProvider();
    }
}
