package dev.celeris.engine.internal;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.internal.h1.Http1Connection;
import dev.celeris.engine.internal.h2.Http2ConnectionHandler;
import dev.celeris.spi.ConnectionHandler;

/**
 * Chooses the per-connection protocol handler for a new connection, following
 * {@link EngineConfig#protocols()}: HTTP/1.1 only (no h2c upgrade), HTTP/2 with prior knowledge
 * only, or detection from the first bytes ({@link ProtocolDetector}) with h2c upgrade. Over TLS
 * ALPN decides ({@link TlsStart}).
 */
public final class Protocol {

    private Protocol() {
    }

    public static ConnectionHandler newConnectionHandler(EngineConfig config, HttpHandler handler) {
        return new TlsStart(() -> cleartext(config, handler), () -> http2(config, handler),
                () -> new Http1Connection(config, handler, null),
                () -> switch (config.protocols()) {
                    case HTTP1_ONLY -> new Http1Connection(config, handler, null);
                    case HTTP2_ONLY -> http2(config, handler);
                    case BOTH -> new ProtocolDetector(() -> http2(config, handler),
                            () -> new Http1Connection(config, handler, null), config.http1().headerReadTimeout());
                });
    }

    private static ConnectionHandler cleartext(EngineConfig config, HttpHandler handler) {
        return switch (config.protocols()) {
            case HTTP1_ONLY -> new Http1Connection(config, handler, null);
            case HTTP2_ONLY -> http2(config, handler);
            case BOTH -> new ProtocolDetector(
                    () -> http2(config, handler),
                    () -> new Http1Connection(config, handler, upgrade -> http2Upgrade(config, handler, upgrade)),
                    config.http1().headerReadTimeout());
        };
    }

    private static ConnectionHandler http2(EngineConfig config, HttpHandler handler) {
        return new Http2ConnectionHandler(config, handler);
    }

    private static ConnectionHandler http2Upgrade(EngineConfig config, HttpHandler handler, UpgradeRequest upgrade) {
        return Http2ConnectionHandler.forUpgrade(config, handler, upgrade);
    }
}
