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
 */
public record Target(String host, int port, String path, Duration timeout, boolean tls) {

    /** A cleartext (h2c prior knowledge) target. */
    public Target(String host, int port, String path, Duration timeout) {
        this(host, port, path, timeout, false);
    }

    public Target {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(timeout, "timeout");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with '/': " + path);
    }

    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
