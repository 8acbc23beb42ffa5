package dev.celeris.engine.internal;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.internal.h1.Http1Connection;
import dev.celeris.engine.internal.h2.Http2ConnectionHandler;
import dev.celeris.spi.ConnectionHandler;
import java.util.function.Supplier;

/**
 * Chooses the per-connection protocol handler for a new connection, following
 * {@link EngineConfig#protocols()}: HTTP/1.1 only (no h2c upgrade), HTTP/2 with prior knowledge
 * only, or detection from the first bytes ({@link ProtocolDetector}) with h2c upgrade. Over TLS
 * ALPN decides ({@link TlsStart}).
 *
 * <p>One instance per engine: the factories handed to {@link TlsStart} and
 * {@link ProtocolDetector} are created once here and shared by every connection, so a
 * connection holds references to them rather than its own copies.
 */
public final class Protocol {

    private final Supplier<ConnectionHandler> cleartext;
    private final Supplier<ConnectionHandler> http2;
    private final Supplier<ConnectionHandler> http1;
    private final Supplier<ConnectionHandler> tlsWithoutAlpn;
    private final Supplier<ConnectionHandler> http1WithUpgrade;
    private final java.time.Duration detectTimeout;
    private final boolean detect;

    private Protocol(EngineConfig config, HttpHandler handler) {
        this.http2 = () -> new Http2ConnectionHandler(config, handler);
        this.http1 = () -> new Http1Connection(config, handler, null);
        Supplier<ConnectionHandler> http1WithUpgrade = () -> new Http1Connection(config, handler,
                upgrade -> Http2ConnectionHandler.forUpgrade(config, handler, upgrade));
        this.http1WithUpgrade = http1WithUpgrade;
        this.detectTimeout = config.http1().headerReadTimeout();
        this.detect = config.protocols() == dev.celeris.engine.Protocols.BOTH;
        this.cleartext = switch (config.protocols()) {
            case HTTP1_ONLY -> http1;
            case HTTP2_ONLY -> http2;
            case BOTH -> () -> new ProtocolDetector(http2, http1WithUpgrade, config.http1().headerReadTimeout());
        };
        this.tlsWithoutAlpn = switch (config.protocols()) {
            case HTTP1_ONLY -> http1;
            case HTTP2_ONLY -> http2;
            case BOTH -> () -> new ProtocolDetector(http2, http1, config.http1().headerReadTimeout());
        };
    }

    /** The protocol choice of one engine: call {@link #newConnectionHandler()} per connection. */
    public static Protocol of(EngineConfig config, HttpHandler handler) {
        return new Protocol(config, handler);
    }

    /**
     * A handler for one new connection. With detection, the detector is the start too (it picks
     * by ALPN over TLS): one object per connection instead of a {@link TlsStart} and a detector.
     */
    public ConnectionHandler newConnectionHandler() {
        if (detect) return new ProtocolDetector(http2, http1WithUpgrade, http1, detectTimeout);
        return new TlsStart(cleartext, http2, http1, tlsWithoutAlpn);
    }

    /** A handler for one new connection of a one-off protocol choice (tests). */
    public static ConnectionHandler newConnectionHandler(EngineConfig config, HttpHandler handler) {
        return of(config, handler).newConnectionHandler();
    }
}
