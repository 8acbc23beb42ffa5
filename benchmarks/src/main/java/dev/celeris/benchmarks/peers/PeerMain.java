package dev.celeris.benchmarks.peers;

import java.util.concurrent.CountDownLatch;

/**
 * Starts one benchmark server and keeps it running until the process is stopped:
 * {@code java -cp celeris-benchmarks.jar dev.celeris.benchmarks.peers.PeerMain SERVER [--port P] [--io-threads N]}
 * where SERVER is {@code netty-native}, {@code jetty-native}, {@code undertow-native}, {@code helidon-native} or
 * {@code celeris-<transport>} (engine direct) or {@code celeris-router-<transport>} (the demo
 * app through the router). Prints {@code listening SERVER PORT} once bound. With
 * {@code --tls-cert FILE --tls-key FILE} servers that have a TLS listener in {@link TlsPeers} also
 * open one and print {@code listening-tls SERVER PORT} first; {@code --tls-engine native} runs a
 * Celeris server's TLS listener with {@code TlsConfig.engine(NATIVE)} (default {@code jdk}). With
 * {@code --ws-port P} (0 = ephemeral) servers that have a WebSocket listener in {@link WsPeers}
 * open it and print {@code listening-ws SERVER PORT} first.
 */
public final class PeerMain {

    private PeerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: PeerMain netty-native|jetty-native|undertow-native|helidon-native|celeris-<transport>|celeris-router-<transport> [--port P] [--io-threads N] [--tls-cert F --tls-key F] [--ws-port P]");
            System.exit(2);
        }
        int port = 0;
        int ioThreads = Runtime.getRuntime().availableProcessors();
        java.nio.file.Path tlsCert = null;
        java.nio.file.Path tlsKey = null;
        String tlsEngine = "jdk";
        int wsPort = -1;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--io-threads" -> ioThreads = Integer.parseInt(args[i + 1]);
                case "--tls-cert" -> tlsCert = java.nio.file.Path.of(args[i + 1]);
                case "--tls-key" -> tlsKey = java.nio.file.Path.of(args[i + 1]);
                case "--tls-engine" -> tlsEngine = args[i + 1];
                case "--ws-port" -> wsPort = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Peer peer = Peers.start(args[0], "127.0.0.1", port, ioThreads);
        Peer tls = tlsCert == null ? null : TlsPeers.start(args[0], "127.0.0.1", ioThreads, tlsCert, tlsKey,
                dev.celeris.spi.tls.TlsConfig.Engine.valueOf(tlsEngine.toUpperCase(java.util.Locale.ROOT)));
        Peer ws = wsPort < 0 ? null : WsPeers.start(args[0], "127.0.0.1", wsPort, ioThreads);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (ws != null) ws.close();
                if (tls != null) tls.close();
                peer.close();
            } catch (Exception e) {
                System.err.println("close failed: " + e);
            }
        }));
        if (tls != null) System.out.println("listening-tls " + tls.name() + " " + tls.port());
        if (ws != null) System.out.println("listening-ws " + ws.name() + " " + ws.port());
        System.out.println("listening " + peer.name() + " " + peer.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
