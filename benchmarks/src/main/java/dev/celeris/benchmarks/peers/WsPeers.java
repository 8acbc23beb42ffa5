package dev.celeris.benchmarks.peers;

import dev.celeris.examples.DemoApp;
import dev.celeris.router.Celeris;
import dev.celeris.router.Router;
import dev.celeris.router.Server;
import dev.celeris.router.WsGroup;

/**
 * The WebSocket listeners of the benchmark servers, started beside the HTTP one when
 * {@link PeerMain} gets {@code --ws-port P} (0 = ephemeral), so the HTTP rows run unchanged.
 * Every one answers the same three routes over HTTP/1.1 (RFC 6455, no extensions):
 * <ul>
 *   <li>{@code /ws/echo}: every message comes back;</li>
 *   <li>{@code /ws/sub}: the session joins one broadcast group (what it sends is ignored);</li>
 *   <li>{@code /ws/pub}: every text message is sent to every {@code /ws/sub} session.</li>
 * </ul>
 * {@code celeris-router-<transport>} is the demo application (its own {@code /ws/echo}, a
 * blocking {@code receive()} loop on a virtual thread) plus the two broadcast routes on a
 * {@link WsGroup}; {@code jetty-native} is Jetty's WebSocket server ({@link JettyWsPeer});
 * {@code undertow-native} is Undertow's ({@link UndertowWsPeer}). Other servers have none.
 */
public final class WsPeers {

    /** Bearer token of the demo's {@code /api/v1} group (not used by the WebSocket routes). */
    private static final String TOKEN = "secret";

    private WsPeers() {
    }

    /** Starts the WebSocket listener of {@code name} on {@code port}, or returns null when it has none. */
    public static Peer start(String name, String host, int port, int ioThreads) throws Exception {
        if (name.equals("jetty-native")) return JettyWsPeer.start(host, port, ioThreads);
        if (name.equals("undertow-native")) return UndertowWsPeer.start(host, port, ioThreads);
        String prefix = "celeris-router-";
        if (name.startsWith(prefix) && !name.startsWith("celeris-router-inline-")) {
            return celeris(name, name.substring(prefix.length()), host, port, ioThreads);
        }
        return null;
    }

    /** The demo application with the broadcast routes added. */
    static Router celerisRoutes() {
        Router router = DemoApp.router(TOKEN);
        WsGroup subscribers = new WsGroup();
        router.ws("/ws/sub", ws -> ws.onOpen(subscribers::add).onClose((s, code, reason) -> subscribers.remove(s)));
        router.ws("/ws/pub", ws -> ws.onText((s, text) -> subscribers.broadcast(text)));
        return router;
    }

    private static Peer celeris(String name, String transport, String host, int port, int ioThreads) {
        Server server = Celeris.server().host(host).port(port).transport(transport).ioThreads(ioThreads)
                .start(celerisRoutes());
        return new Peer() {
            @Override public String name() { return name; }
            @Override public int port() { return server.port(); }
            @Override public void close() { server.close(); }
        };
    }
}
