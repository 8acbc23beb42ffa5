package dev.celeris.engine.internal.h1;

import dev.celeris.engine.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 side of a protocol switch to a tunnel (RFC 9110 §7.8, e.g. WebSocket, RFC 6455
 * §4.2.2): recognizing a request that asks for one, so the connection reads nothing after it
 * until the handler has answered, and encoding the {@code 101 Switching Protocols} head.
 */
final class TunnelUpgrade {

    private TunnelUpgrade() {
    }

    /** Whether {@code req} asks to switch to a protocol other than h2c (which the engine handles itself). */
    static boolean asksForUpgrade(Http1Request req) {
        if (!req.http11 || req.http2Settings != null) return false;
        String upgrade = req.headers.get("upgrade");
        String connection = req.headers.get("connection");
        return upgrade != null && connection != null && HttpChars.hasToken(connection, "upgrade");
    }

    /** {@code 101 Switching Protocols} with {@code Upgrade: token}, {@code Connection: Upgrade} and {@code headers}. */
    static ByteBuffer switchingProtocols(String token, Headers headers) {
        StringBuilder sb = new StringBuilder(160).append("HTTP/1.1 101 Switching Protocols\r\nupgrade: ")
                .append(checked(token)).append("\r\nconnection: Upgrade\r\n");
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (ResponseEncoder.isManaged(name)) continue;
            sb.append(checked(name)).append(": ").append(checked(headers.value(i))).append("\r\n");
        }
        return ByteBuffer.wrap(sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String checked(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xFF) throw new IllegalArgumentException("invalid header text: " + s);
        }
        return s;
    }
}
