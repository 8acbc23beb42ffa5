package dev.celeris.compliance.client;

import java.util.Map;

/**
 * The answer to a WebSocket opening handshake.
 *
 * @param status  the HTTP status ({@code 101} over HTTP/1.1, {@code 200} over HTTP/2 when accepted)
 * @param headers the response fields, names in lower case, repeated fields joined with ", "
 * @param client  the open WebSocket, or null when the handshake was refused
 */
public record WsHandshake(int status, Map<String, String> headers, WsClient client) {

    public boolean accepted() {
        return client != null;
    }

    public String header(String name) {
        return headers.get(name);
    }
}
