package dev.celeris.benchmarks.peers;

import java.util.List;

/**
 * Starts benchmark servers by name: the {@link #NATIVE} peers, {@code celeris-<transport>} (the
 * engine answering {@link PeerRoutes} directly) and {@code celeris-router-<transport>} (the demo
 * application through the router).
 */
public final class Peers {

    /** The native peers, always available. */
    public static final List<String> NATIVE = List.of("netty-native", "jetty-native", "undertow-native", "helidon-native");

    private Peers() {
    }

    public static Peer start(String name, String host, int port, int ioThreads) throws Exception {
        return switch (name) {
            case "netty-native" -> NettyPeer.start(host, port, ioThreads);
            case "jetty-native" -> JettyPeer.start(host, port, ioThreads);
            case "undertow-native" -> UndertowPeer.start(host, port, ioThreads);
            case "helidon-native" -> HelidonPeer.start(host, port, ioThreads);
            default -> {
                Peer observed = ObservedRouterPeer.startIfObserved(name, host, port, ioThreads);
                if (observed != null) yield observed;
                if (name.startsWith("celeris-router-inline-")) {
                    yield CelerisRouterPeer.startInline(name.substring("celeris-router-inline-".length()), host, port, ioThreads);
                }
                if (name.startsWith("celeris-router-")) {
                    yield CelerisRouterPeer.start(name.substring("celeris-router-".length()), host, port, ioThreads);
                }
                if (name.startsWith("celeris-")) {
                    yield CelerisPeer.start(name.substring("celeris-".length()), host, port, ioThreads);
                }
                throw new IllegalArgumentException("unknown server '" + name + "'; known: " + NATIVE
                        + ", celeris-<transport>, celeris-router-<transport>, celeris-router-inline-<transport> and"
                        + " celeris-router-{metrics,tracing-off,tracing-on}-<transport>");
            }
        };
    }
}
