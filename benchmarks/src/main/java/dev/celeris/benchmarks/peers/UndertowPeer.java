package dev.celeris.benchmarks.peers;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Undertow with {@code ENABLE_HTTP2} on a cleartext listener (prior knowledge and
 * {@code Upgrade: h2c}), answering on the I/O thread as Undertow recommends for non-blocking work.
 */
public final class UndertowPeer implements Peer {

    private static final byte[] EMPTY = new byte[0];

    private final Undertow server;

    private UndertowPeer(Undertow server) {
        this.server = server;
    }

    public static UndertowPeer start(String host, int port, int ioThreads) {
        Undertow server = Undertow.builder()
                .setIoThreads(ioThreads)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .addHttpListener(port, host)
                .setHandler(UndertowPeer::handle)
                .build();
        return started(server);
    }

    /** Starts {@code server} and wraps it as the Undertow peer (plain, TLS and WebSocket listeners alike). */
    static UndertowPeer started(Undertow server) {
        server.start();
        return new UndertowPeer(server);
    }

    static void handle(HttpServerExchange exchange) {
        if ("POST".equals(exchange.getRequestMethod().toString())) {
            exchange.getRequestReceiver().receiveFullBytes(UndertowPeer::reply);
        } else {
            reply(exchange, EMPTY);
        }
    }

    private static void reply(HttpServerExchange exchange, byte[] body) {
        String query = exchange.getQueryString();
        PeerRoutes.Reply reply = PeerRoutes.respond(exchange.getRequestMethod().toString(), exchange.getRequestPath(),
                query == null || query.isEmpty() ? null : query, body);
        exchange.setStatusCode(reply.status());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, reply.contentType());
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, reply.length());
        exchange.getResponseSender().send(ByteBuffer.wrap(reply.body(), 0, reply.length()));
    }

    @Override
    public String name() {
        return "undertow-native";
    }

    @Override
    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        server.stop();
    }
}
