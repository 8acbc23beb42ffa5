package dev.celeris.compliance.peers;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Undertow's native HTTP/2: an HTTP listener with {@code ENABLE_HTTP2} (h2c prior knowledge and upgrade), defaults. */
final class UndertowPeer implements PeerServer {

    private final Undertow undertow;

    private UndertowPeer(Undertow undertow) {
        this.undertow = undertow;
    }

    static UndertowPeer start() {
        HttpHandler handler = new HttpHandler() {
            @Override
            public void handleRequest(io.undertow.server.HttpServerExchange exchange) throws Exception {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                exchange.startBlocking();
                exchange.getInputStream().readAllBytes();
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, BODY.length);
                exchange.getResponseSender().send(ByteBuffer.wrap(BODY));
            }
        };
        Undertow u = Undertow.builder()
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .setIoThreads(1).setWorkerThreads(4)
                .addHttpListener(0, "127.0.0.1")
                .setHandler(handler)
                .build();
        u.start();
        return new UndertowPeer(u);
    }

    @Override
    public String name() {
        return "undertow";
    }

    @Override
    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
