package dev.celeris.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Starting and stopping servers on every transport on the class path (no request is sent here). */
@Timeout(30)
class ServerBuilderTest {

    static List<String> transports() {
        List<String> names = Transports.available().stream().map(TransportProvider::name).toList();
        Assumptions.assumeFalse(names.isEmpty(), "no transport on the test class path yet");
        return names;
    }

    private static Router router() {
        Router r = Router.create();
        r.get("/", ctx -> ctx.string("hi"));
        return r;
    }

    @ParameterizedTest
    @MethodSource("transports")
    void startsOnAnEphemeralPortAndClosesGracefully(String transport) throws Exception {
        Router router = router();
        Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport)
                .shutdownGrace(Duration.ofMillis(200)).start(router);
        try {
            assertThat(server.port()).isPositive();
            assertThat(server.address()).isEqualTo(new InetSocketAddress("127.0.0.1", server.port()));
            assertThat(server.transportName()).isEqualTo(transport);
            assertThat(router.isFrozen()).as("start freezes the routes").isTrue();
            assertThat(server.await(Duration.ofMillis(10))).isFalse();
        } finally {
            server.close();
        }
        assertThat(server.await(Duration.ofSeconds(5))).isTrue();
        server.close();   // idempotent
    }

    @ParameterizedTest
    @MethodSource("transports")
    void bindFailureIsAClearException(String transport) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> Celeris.server().host("127.0.0.1").port(port).transport(transport).start(router()))
                    .isInstanceOf(ServerStartException.class)
                    .hasMessageContaining("Cannot start the " + transport + " transport on 127.0.0.1:" + port);
        }
    }

    @Test
    void unknownTransportListsTheAvailableOnes() {
        assertThatThrownBy(() -> Celeris.server().port(0).transport("carrier-pigeon").start(router()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown transport 'carrier-pigeon'").hasMessageContaining("available:");
    }

    @Test
    void defaultTransportIsTheHighestPriority() throws Exception {
        List<String> names = transports();
        try (Server server = Celeris.server().host("127.0.0.1").port(0).start(router())) {
            assertThat(server.transportName()).isEqualTo(names.get(0));
        }
    }

    @Test
    void transportOptionsReachTheTransportConfig() {
        TransportConfig tc = Celeris.server().host("127.0.0.1").port(1234).ioThreads(3).option("epoll", "false")
                .transportConfig(b -> b.backlog(77).readBufferSize(4096)).transportConfig();
        assertThat(tc.host()).isEqualTo("127.0.0.1");
        assertThat(tc.port()).isEqualTo(1234);
        assertThat(tc.ioThreads()).isEqualTo(3);
        assertThat(tc.backlog()).isEqualTo(77);
        assertThat(tc.readBufferSize()).isEqualTo(4096);
        assertThat(tc.option("epoll", "true")).isEqualTo("false");
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> Celeris.server().port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Celeris.server().shutdownGrace(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
