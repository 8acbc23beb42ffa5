package dev.celeris.transport.jetty;

import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.testkit.ListenerOptionsKit;

class JettyListenerOptionsTest extends ListenerOptionsKit {

    @Override
    protected TransportProvider provider() {
        return new JettyTransportProvider();
    }
}
