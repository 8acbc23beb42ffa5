package dev.celeris.spi.proxy;

import java.io.IOException;

/** A malformed, oversized or missing PROXY protocol header: the connection is closed. */
public final class ProxyProtocolException extends IOException {

    public ProxyProtocolException(String message) {
        super(message);
    }
}
