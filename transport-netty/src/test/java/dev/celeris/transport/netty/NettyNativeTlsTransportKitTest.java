package dev.celeris.transport.netty;

import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.testkit.TlsTestCertificates;
import dev.celeris.spi.testkit.TransportKit;
import dev.celeris.spi.tls.TlsConfig;

/**
 * The netty transport passes the shared transport kit over its native TLS (SslHandler + BoringSSL),
 * except TLS half-close: Netty's OpenSSL engine closes its sending side when the client's
 * close_notify arrives (TLS 1.2 semantics), so bytes the server writes after it are discarded.
 */
class NettyNativeTlsTransportKitTest extends TransportKit {

    @Override
    protected TransportProvider provider() {
        return new NettyTransportProvider();
    }

    @Override
    protected TlsConfig tls() {
        return TlsTestCertificates.server().engine(TlsConfig.Engine.NATIVE).build();
    }

    @Override
    protected boolean tlsHalfClose() {
        return false;
    }
}
