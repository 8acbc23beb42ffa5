package dev.celeris.benchmarks.peers;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpEngine;
import dev.celeris.engine.HttpHandler;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.Transports;
import java.time.Duration;

/**
 * Celeris's engine on a named transport, answering {@link PeerRoutes} through the engine API
 * directly: the same work per request as the native peers, so the comparison measures the
 * protocol engine and transport. (The router's own cost is measured by the demo-app rows and
 * the route lookup JMH benchmark.)
 */
public final class CelerisPeer implements Peer {

    private final Transport transport;

    private CelerisPeer(Transport transport) {
        this.transport = transport;
    }

    public static CelerisPeer start(String transportName, String host, int port, int ioThreads) throws Exception {
        TransportConfig config = TransportConfig.builder().host(host).port(port).ioThreads(ioThreads).build();
        return new CelerisPeer(Transports.select(transportName).bind(config, HttpEngine.create(EngineConfig.defaults(), handler())));
    }

    /** The same over the JDK TLS layer ({@code Transports.bind}), on an ephemeral port. */
    public static CelerisPeer startTls(String transportName, String host, int ioThreads, dev.celeris.spi.tls.TlsConfig tls)
            throws Exception {
        TransportConfig config = TransportConfig.builder().host(host).port(0).ioThreads(ioThreads).tls(tls).build();
        return new CelerisPeer(Transports.bind(Transports.select(transportName), config,
                HttpEngine.create(EngineConfig.defaults(), handler())));
    }

    private static HttpHandler handler() {
        return (request, response) -> {
            byte[] body = "POST".equals(request.method()) ? request.bodyBytes() : new byte[0];
            PeerRoutes.Reply reply = PeerRoutes.respond(request.method(), request.path(), request.rawQuery(), body);
            response.status(reply.status()).header("content-type", reply.contentType());
            response.send(java.nio.ByteBuffer.wrap(reply.body(), 0, reply.length()));
        };
    }

    @Override
    public String name() {
        return "celeris-" + transport.name();
    }

    @Override
    public int port() {
        return transport.localAddress().getPort();
    }

    @Override
    public void close() {
        transport.shutdown(Duration.ofSeconds(1)).toCompletableFuture().join();
    }
}
