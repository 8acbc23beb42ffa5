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

    static void closeAll() {
        SERVERS.values().forEach(Server::close);
        SERVERS.clear();
    }
}
