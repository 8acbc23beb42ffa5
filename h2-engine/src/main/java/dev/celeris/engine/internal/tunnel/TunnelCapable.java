package dev.celeris.engine.internal.tunnel;

import dev.celeris.engine.Headers;
import java.io.IOException;

/**
 * An exchange whose response can become a {@link Tunnel}: HTTP/1.1 answers
 * {@code 101 Switching Protocols} with {@code upgradeToken} and hands the connection over;
 * HTTP/2 answers {@code 200} on the CONNECT stream and keeps it open both ways.
 */
public interface TunnelCapable {

    /**
     * Commits the response with {@code headers} and returns the tunnel. Handler thread; the
     * response must not be committed yet.
     *
     * @param upgradeToken the {@code Upgrade} value on HTTP/1.1 (e.g. {@code websocket}); ignored on HTTP/2
     */
    Tunnel openTunnel(String upgradeToken, Headers headers) throws IOException;
}
