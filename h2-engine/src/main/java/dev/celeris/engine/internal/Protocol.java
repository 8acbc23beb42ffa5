package dev.celeris.engine.internal;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.internal.h2.Http2ConnectionHandler;
import dev.celeris.spi.ConnectionHandler;

/** Chooses the per-connection protocol handler for a new connection. */
public final class Protocol {

    private Protocol() {
    }

    public static ConnectionHandler newConnectionHandler(EngineConfig config, HttpHandler handler) {
        // HTTP/2 with prior knowledge; protocol detection (HTTP/1.1, h2c upgrade) goes in front of this.
        return new Http2ConnectionHandler(config, handler);
    }
}
