package dev.celeris.engine.internal;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpHandler;
import dev.celeris.spi.ConnectionHandler;

/** Chooses the per-connection protocol handler for a new connection. */
public final class Protocol {

    private Protocol() {
    }

    public static ConnectionHandler newConnectionHandler(EngineConfig config, HttpHandler handler) {
        throw new IllegalStateException("HTTP engine not wired yet");
    }
}
