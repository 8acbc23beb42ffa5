package dev.celeris.transport.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import dev.celeris.thirdparty.blocking.BlockingTransportProvider;
import org.junit.jupiter.api.Test;

/**
 * The third-party story: a transport that exists only in this module's test sources, registered
 * with one {@code META-INF/services} line, is found next to the real ones.
 */
class ThirdPartyTransportTest {

    @Test
    void aTestScopeTransportIsFoundByName() {
        TransportProvider provider = Transports.select("blocking");
        assertThat(provider).isInstanceOf(BlockingTransportProvider.class);
        assertThat(Transports.available()).extracting(TransportProvider::name).contains("blocking", "jetty");
    }

    @Test
    void itDoesNotBecomeTheDefault() {
        assertThat(Transports.available().get(0).name()).isNotEqualTo("blocking");
    }
}
