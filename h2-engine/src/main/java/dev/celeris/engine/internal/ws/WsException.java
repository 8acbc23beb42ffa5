package dev.celeris.engine.internal.ws;

/**
 * A WebSocket protocol failure and the close code it earns (RFC 6455 §7.4.1): 1002 for a
 * framing or protocol error, 1007 for text that is not UTF-8, 1009 for a frame or message over
 * the configured limit.
 */
public final class WsException extends Exception {

    private final int closeCode;

    public WsException(int closeCode, String message) {
        super(message, null, false, false);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }

    static WsException protocol(String message) {
        return new WsException(WsFrames.CLOSE_PROTOCOL_ERROR, message);
    }
}
