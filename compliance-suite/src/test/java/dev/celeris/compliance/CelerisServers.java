package dev.celeris.compliance;

import dev.celeris.examples.DemoApp;
import dev.celeris.router.Celeris;
import dev.celeris.router.Server;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Celeris server per transport, serving the demo routes ({@code DemoApp.router}) with the
 * default engine configuration (so the limits group proves the defaults), started on first use
 * and stopped by {@link #closeAll()}.
 */
final class CelerisServers {

    static final String TOKEN = "compliance-token";

    private static final Map<String, Server> SERVERS = new ConcurrentHashMap<>();
    private static final Map<String, Server> TLS_SERVERS = new ConcurrentHashMap<>();

    private CelerisServers() {
    }

    /** Transport names found by ServiceLoader, highest priority first. */
    static List<String> transports() {
        return Transports.available().stream().map(TransportProvider::name).toList();
    }

    static Server server(String transport) {
        return SERVERS.computeIfAbsent(transport, t -> Celeris.server().host("127.0.0.1").port(0).transport(t)
                .shutdownGrace(Duration.ZERO).start(DemoApp.router(TOKEN)));
    }

    static Target target(String transport, Duration timeout) {
        return new Target("127.0.0.1", server(transport).port(), "/", timeout);
    }

    /** The same, served over the JDK TLS layer (the spi test-jar's test certificate). */
    static Target tlsTarget(String transport, Duration timeout) {
        return tlsTarget(transport, timeout, dev.celeris.spi.tls.TlsConfig.Engine.JDK);
    }

    /** Over TLS with {@code engine}: the JDK layer, or the transport's native TLS. */
    static Target tlsTarget(String transport, Duration timeout, dev.celeris.spi.tls.TlsConfig.Engine engine) {
        Server s = TLS_SERVERS.computeIfAbsent(transport + "/" + engine, key -> Celeris.server().host("127.0.0.1").port(0)
                .transport(transport).shutdownGrace(Duration.ZERO)
                .tls(dev.celeris.spi.testkit.TlsTestCertificates.server().engine(engine).build())
                .start(DemoApp.router(TOKEN)));
        return new Target("127.0.0.1", s.port(), "/", timeout, true);
    }

    static void closeAll() {
        SERVERS.values().forEach(Server::close);
        SERVERS.clear();
        TLS_SERVERS.values().forEach(Server::close);
        TLS_SERVERS.clear();
    }
}
