package dev.celeris.engine.ws;

import java.nio.charset.StandardCharsets;

/**
 * One whole WebSocket message: fragments joined, decompressed, and for text validated as UTF-8.
 *
 * @param text    whether it is a text message (else binary)
 * @param payload the bytes; UTF-8 for text
 */
public record WebSocketMessage(boolean text, byte[] payload) {

    /** The payload decoded as UTF-8 (valid for text messages, which were checked on arrival). */
    public String asText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
