package dev.celeris.spi.proxy;

import java.net.InetSocketAddress;

/**
 * A parsed PROXY protocol header (HAProxy's PROXY protocol, versions 1 and 2).
 *
 * @param version     1 (text) or 2 (binary)
 * @param local       {@code true} for a v2 {@code LOCAL} command or a v1 {@code UNKNOWN} line: the
 *                    proxy speaks for itself (a health check), and the connection's own addresses stand
 * @param source      the original client's address, or null when {@code local} or the address
 *                    family is unspecified/unsupported (AF_UNIX)
 * @param destination the address the client connected to (the proxy's listener), or null likewise
 * @param length      the header's size on the wire, in bytes
 */
public record ProxyHeader(int version, boolean local, InetSocketAddress source, InetSocketAddress destination, int length) {

    /** Whether this header carries a client address to present instead of the proxy's. */
    public boolean hasAddresses() {
        return !local && source != null && destination != null;
    }
}
