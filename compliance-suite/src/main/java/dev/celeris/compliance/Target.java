package dev.celeris.compliance;

import java.time.Duration;
import java.util.Objects;

/**
 * The server under test.
 *
 * @param host    host name or address
 * @param port    TCP port speaking h2c with prior knowledge
 * @param path    a path that answers GET (and ideally POST) requests, default {@code /}
 * @param timeout how long each expectation waits, default 2 s
 * @param tls     connect over TLS with ALPN {@code h2} instead of h2c with prior knowledge (the
 *                server's certificate is not verified: this is a conformance probe, not a browser)
 * @param wsPath  a WebSocket endpoint that echoes every message (the WebSocket groups), default
 *                {@code /ws/echo}
 * @param wsMaxMessage the endpoint's largest accepted message in bytes, for the cases that exceed
 *                it (1009); 0 when unknown, which skips them
 */
public record Target(String host, int port, String path, Duration timeout, boolean tls, String wsPath, long wsMaxMessage) {

    /** The WebSocket echo path when none is given. */
    public static final String DEFAULT_WS_PATH = "/ws/echo";

    /** A cleartext (h2c prior knowledge) target. */
    public Target(String host, int port, String path, Duration timeout) {
        this(host, port, path, timeout, false);
    }

    /** A target with the default WebSocket endpoint and an unknown message limit. */
    public Target(String host, int port, String path, Duration timeout, boolean tls) {
        this(host, port, path, timeout, tls, DEFAULT_WS_PATH, 0);
    }

    /** This target with another WebSocket echo endpoint and its message limit (0: unknown). */
    public Target withWebSocket(String echoPath, long maxMessage) {
        return new Target(host, port, path, timeout, tls, echoPath, maxMessage);
    }

    public Target {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with '/': " + path);
        Objects.requireNonNull(wsPath, "wsPath");
        if (!wsPath.startsWith("/")) throw new IllegalArgumentException("WebSocket path must start with '/': " + wsPath);
        if (wsMaxMessage < 0) throw new IllegalArgumentException("WebSocket message limit must not be negative: " + wsMaxMessage);
    }

    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
