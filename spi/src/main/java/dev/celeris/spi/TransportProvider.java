package dev.celeris.spi;

import java.io.IOException;

/**
 * A byte transport that Celeris can run on, found by {@link java.util.ServiceLoader}.
 *
 * <p>A provider is a cheap, stateless factory: constructing it allocates nothing and starts
 * nothing. {@link #bind} allocates the event loops, binds the listening socket and starts
 * accepting; the returned {@link Transport} owns all of it until it is shut down.
 *
 * <p>A third party adds a transport with one class implementing this interface and one line in
 * {@code META-INF/services/dev.celeris.spi.TransportProvider}.
 */
public interface TransportProvider {

    /** The short name users select the transport by: {@code "nio"}, {@code "netty"}, {@code "jetty"}. */
    String name();

    /**
     * Rank for default selection: when no name is given, the available provider with the
     * highest priority is chosen. The embedded pure-JDK transport uses 100; optional
     * transports use lower values so that adding a jar to the class path does not silently
     * change the default.
     */
    int priority();

    /**
     * Whether this provider can run here (e.g. its libraries are present). Unavailable
     * providers are listed by {@link Transports#available()} only when available.
     */
    default boolean isAvailable() {
        return true;
    }

    /**
     * Binds a listener and starts accepting connections. Blocks until the socket is bound.
     * For every accepted connection the transport asks {@code handlers} for a new
     * {@link ConnectionHandler} and drives it from one I/O thread.
     *
     * @throws IOException if the address cannot be bound (for example, it is in use)
     */
    Transport bind(TransportConfig config, ConnectionHandler.Factory handlers) throws IOException;

    /**
     * Whether this provider terminates TLS itself for {@code config}: asked by {@link Transports#bind}
     * when {@link dev.celeris.spi.tls.TlsConfig#engine()} is {@code NATIVE}. When it answers
     * {@code true}, {@link #bind} is handed the {@link dev.celeris.spi.tls.TlsLayer} as its factory:
     * the provider runs its own handshake with the layer's current {@link
     * dev.celeris.spi.tls.TlsLayer#keyManager() certificates} (so reloads reach it), opens a handler
     * from {@link dev.celeris.spi.tls.TlsLayer#protocol()} only once the handshake has finished, and
     * offers {@link Connection#tlsSession()} and {@link Connection#applicationProtocol()}. The
     * default, {@code false}, lets every transport get TLS from the JDK layer with no code.
     */
    default boolean terminatesTls(TransportConfig config) {
        return false;
    }
}
