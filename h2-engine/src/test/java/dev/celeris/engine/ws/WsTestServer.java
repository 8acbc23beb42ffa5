package dev.celeris.engine.ws;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpEngine;
import dev.celeris.engine.HttpHandler;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import dev.celeris.transport.nio.NioTransportProvider;
import java.io.IOException;
import java.time.Duration;

/** An echo WebSocket server on 127.0.0.1, port 0 (nio), and raw-socket helpers for tests. */
final class WsTestServer implements AutoCloseable {

    final Transport transport;

    private WsTestServer(Transport transport) {
        this.transport = transport;
    }

    static WsTestServer echo(WebSocketConfig config) throws IOException {
        return start(echoHandler(config));
    }

    static WsTestServer start(HttpHandler handler) throws IOException {
        TransportConfig tc = TransportConfig.builder().host("127.0.0.1").port(0).ioThreads(2).build();
        return new WsTestServer(new NioTransportProvider().bind(tc, HttpEngine.create(EngineConfig.defaults(), handler)));
    }

    static HttpHandler echoHandler(WebSocketConfig config) {
        return (req, res) -> {
            WebSocketUpgrade.Problem problem = WebSocketUpgrade.problem(req);
            if (problem != null) {
                problem.send(res);
                return;
            }
            var offered = WebSocketUpgrade.offeredSubprotocols(req);
            WebSocket ws = WebSocketUpgrade.accept(req, res, config, offered.contains("echo") ? "echo" : null);
            for (WebSocketMessage m; (m = ws.receive()) != null; ) {
                if (m.text() && m.asText().startsWith("close:")) {
                    ws.close(Integer.parseInt(m.asText().substring(6)), "asked to");
                } else if (m.text()) {
                    ws.send(m.asText());
                } else {
                    ws.send(m.payload());
                }
            }
            ws.closeAndWait(1000, "");
        };
    }

    int port() {
        return transport.localAddress().getPort();
    }

    String wsUrl(String path) {
        return "ws://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() {
        transport.shutdown(Duration.ofSeconds(2)).toCompletableFuture().join();
    }
}
