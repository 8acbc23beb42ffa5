package dev.celeris.transport.nio;

import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.testkit.TlsTestCertificates;
import dev.celeris.spi.testkit.TransportKit;
import dev.celeris.spi.tls.TlsConfig;

/** The nio transport passes the shared transport kit over the JDK TLS layer. */
class NioTlsTransportKitTest extends TransportKit {

    @Override
    protected TransportProvider provider() {
        return new NioTransportProvider();
    }

    @Override
    protected TlsConfig tls() {
        return TlsTestCertificates.server().build();
    }
}
