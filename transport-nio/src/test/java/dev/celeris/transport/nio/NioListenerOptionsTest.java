package dev.celeris.transport.nio;

import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.testkit.ListenerOptionsKit;

class NioListenerOptionsTest extends ListenerOptionsKit {

    @Override
    protected TransportProvider provider() {
        return new NioTransportProvider();
    }
}
