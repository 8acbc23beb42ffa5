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
 * default engine configuration (so the limits group proves the defaults), plus a WebSocket echo
 * endpoint with the default WebSocket limits ({@link #WS_PATH}), started on first use and stopped
 * by {@link #closeAll()}.
 */
final class CelerisServers {

    static final String TOKEN = "compliance-token";

    /** Echoes every WebSocket message, with {@code WebSocketConfig}'s defaults (so the WebSocket groups prove them). */
    static final String WS_PATH = "/ws/compliance";

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
                .shutdownGrace(Duration.ZERO).start(router()));
    }

    private static dev.celeris.router.Router router() {
        dev.celeris.router.Router r = DemoApp.router(TOKEN);
        r.ws(WS_PATH, ws -> ws.handler(s -> {
            for (dev.celeris.engine.ws.WebSocketMessage m; (m = s.receive()) != null; ) {
                if (m.text()) s.send(m.asText());
                else s.send(m.payload());
            }
        }));
        return r;
    }

    /** The target for the WebSocket groups: {@link #WS_PATH} and its default 1 MiB message limit. */
    static Target wsTarget(String transport, boolean tls, Duration timeout) {
        Target t = tls ? tlsTarget(transport, timeout) : target(transport, timeout);
        return t.withWebSocket(WS_PATH, dev.celeris.engine.ws.WebSocketConfig.defaults().maxMessageSize());
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
                .start(router()));
        return new Target("127.0.0.1", s.port(), "/", timeout, true);
    }

    static void closeAll() {
        SERVERS.values().forEach(Server::close);
        SERVERS.clear();
        TLS_SERVERS.values().forEach(Server::close);
        TLS_SERVERS.clear();
    }
}
