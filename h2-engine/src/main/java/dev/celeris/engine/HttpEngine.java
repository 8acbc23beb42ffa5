package dev.celeris.engine;

import dev.celeris.spi.ConnectionHandler;
import java.util.Objects;

/**
 * The protocol engine as a transport sees it: a factory of per-connection handlers that speak
 * HTTP/2 (and HTTP/1.1, per {@link EngineConfig#protocols()}) and call one {@link HttpHandler}.
 *
 * <pre>{@code
 * var engine = HttpEngine.create(EngineConfig.defaults(), (req, res) -> res.send("hello"));
 * Transport t = Transports.selectDefault().bind(TransportConfig.builder().port(8080).build(), engine);
 * }</pre>
 */
public final class HttpEngine implements ConnectionHandler.Factory {

    private final EngineConfig config;
    private final HttpHandler handler;
    /** The per-engine protocol choice: connections share its handler factories. */
    private final dev.celeris.engine.internal.Protocol protocols;

    private HttpEngine(EngineConfig config, HttpHandler handler) {
        this.config = Objects.requireNonNull(config, "config");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.protocols = dev.celeris.engine.internal.Protocol.of(config, handler);
    }

    public static HttpEngine create(EngineConfig config, HttpHandler handler) {
        return new HttpEngine(config, handler);
    }

    public EngineConfig config() {
        return config;
    }

    public HttpHandler handler() {
        return handler;
    }

    @Override
    public ConnectionHandler newHandler() {
        // Wired to the protocol detector / HTTP/2 connection by the engine implementation.
        ConnectionHandler protocol = protocols.newConnectionHandler();
        EngineObserver observer = config.observer();
        return observer == EngineObserver.NONE ? protocol
                : new dev.celeris.engine.internal.ObservedConnection(protocol, observer);
    }
}
