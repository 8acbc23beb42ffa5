package dev.celeris.transport.jetty;

import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.testkit.TransportKit;

/** The jetty transport passes the shared transport kit. */
class JettyTransportKitTest extends TransportKit {

    @Override
    protected TransportProvider provider() {
        return new JettyTransportProvider();
    }
}
