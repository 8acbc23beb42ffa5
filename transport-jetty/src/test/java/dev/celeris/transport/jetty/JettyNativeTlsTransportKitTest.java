package dev.celeris.transport.jetty;

import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.testkit.TlsTestCertificates;
import dev.celeris.spi.testkit.TransportKit;
import dev.celeris.spi.tls.TlsConfig;

/** The jetty transport passes the shared transport kit over its native TLS (Jetty's SslConnection). */
class JettyNativeTlsTransportKitTest extends TransportKit {

    @Override
    protected TransportProvider provider() {
        return new JettyTransportProvider();
    }

    @Override
    protected TlsConfig tls() {
        return TlsTestCertificates.server().engine(TlsConfig.Engine.NATIVE).build();
    }
}
