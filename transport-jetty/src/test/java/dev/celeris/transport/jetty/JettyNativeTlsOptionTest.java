package dev.celeris.transport.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.testkit.TlsTestCertificates;
import dev.celeris.spi.tls.TlsConfig;
import org.junit.jupiter.api.Test;

/** {@code TlsConfig.engine} decides whether jetty terminates TLS itself (SslConnection) or leaves it to the layer. */
class JettyNativeTlsOptionTest {

    @Test
    void onlyTheNativeEngineIsTerminatedByJetty() {
        JettyTransportProvider jetty = new JettyTransportProvider();
        assertThat(jetty.terminatesTls(TransportConfig.builder().build())).isFalse();
        assertThat(jetty.terminatesTls(TransportConfig.builder().tls(TlsTestCertificates.server().build()).build())).isFalse();
        assertThat(jetty.terminatesTls(TransportConfig.builder()
                .tls(TlsTestCertificates.server().engine(TlsConfig.Engine.NATIVE).build()).build())).isTrue();
    }
}
