package dev.celeris.transport.jetty;

import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import dev.celeris.spi.testkit.TransportKit;

/** The test-scope third-party transport passes the same kit as the real ones. */
class BlockingTransportKitTest extends TransportKit {

    @Override
    protected TransportProvider provider() {
        return Transports.select("blocking"); // found by ServiceLoader, not constructed here
    }
}
