package dev.celeris.transport.netty;

import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.testkit.TlsTestCertificates;
import dev.celeris.spi.testkit.TransportKit;
import dev.celeris.spi.tls.TlsConfig;

/** The netty transport passes the shared transport kit over the JDK TLS layer. */
class NettyTlsTransportKitTest extends TransportKit {

    @Override
    protected TransportProvider provider() {
        return new NettyTransportProvider();
    }

    @Override
    protected TlsConfig tls() {
        return TlsTestCertificates.server().build();
    }
}
