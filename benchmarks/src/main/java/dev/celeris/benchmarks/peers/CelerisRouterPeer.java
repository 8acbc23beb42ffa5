package dev.celeris.benchmarks.peers;

import dev.celeris.examples.DemoApp;
import dev.celeris.router.Celeris;
import dev.celeris.router.Server;

/**
 * The real demo application ({@link DemoApp#router(String)}: Recovery and RequestId middleware,
 * Jackson JSON, streamed download) started through {@code Celeris.server()} with its defaults
 * (handlers on virtual threads) on a named transport. Next to the engine-direct
 * {@link CelerisPeer} row it shows what the router and application layer cost; its routes
 * answer the {@link PeerRoutes} scenarios with the same bytes.
 */
public final class CelerisRouterPeer implements Peer {

    /** Bearer token guarding the demo's {@code /api/v1} group (not used by the scenarios). */
    private static final String TOKEN = "secret";

    private final Server server;

    private CelerisRouterPeer(Server server, String prefix) {
        this.server = server;
        this.prefix = prefix;
    }

    private final String prefix;

    public static CelerisRouterPeer start(String transportName, String host, int port, int ioThreads) {
        Server server = Celeris.server().host(host).port(port).transport(transportName).ioThreads(ioThreads)
                .start(DemoApp.router(TOKEN));
        return new CelerisRouterPeer(server, "celeris-router-");
    }

    /**
     * The same demo app with every route running inline on the I/O thread, as if each were
     * marked {@code nonBlocking()}: what the hand-off to a virtual thread costs.
     */
    public static CelerisRouterPeer startInline(String transportName, String host, int port, int ioThreads) {
        Server server = Celeris.server().host(host).port(port).transport(transportName).ioThreads(ioThreads)
                .inlineHandlers(true).start(DemoApp.router(TOKEN));
        return new CelerisRouterPeer(server, "celeris-router-inline-");
    }

    @Override
    public String name() {
        return prefix + server.transportName();
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
