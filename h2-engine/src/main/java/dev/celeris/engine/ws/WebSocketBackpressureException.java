package dev.celeris.engine.ws;

import java.io.IOException;

/** An asynchronous send found the session's outbound buffer full: the peer reads slower than we send. */
public final class WebSocketBackpressureException extends IOException {

    public WebSocketBackpressureException(String message) {
        super(message);
    }
}
