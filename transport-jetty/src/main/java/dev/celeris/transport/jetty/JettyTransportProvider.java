package dev.celeris.transport.jetty;

import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.TransportProvider;
import java.io.IOException;

/**
 * The {@code jetty} transport: Jetty 12's {@code ServerConnector}, selectors and
 * {@code QueuedThreadPool} moving bytes for Celeris's own protocol engine (Jetty's HTTP
 * implementations are not used).
 *
 * <p>Options ({@link TransportConfig#options()}):
 * <ul>
 *   <li>{@value JettyTransport#MAX_THREADS_OPTION} — the thread pool's maximum size (default
 *       {@code max(16, 1 + 5 × ioThreads)}: one acceptor, {@code ioThreads} selectors, workers).</li>
 *   <li>{@value JettyTransport#VIRTUAL_THREADS_OPTION} — {@code true} runs each connection's
 *       callbacks on virtual threads instead of pooled platform threads (default {@code false};
 *       useful only for a {@code ConnectionHandler} that blocks, which Celeris's engine never does).</li>
 * </ul>
 *
 * <p>TLS with {@link dev.celeris.spi.tls.TlsConfig.Engine#NATIVE}: Jetty's {@code SslConnection}
 * over the JDK engine instead of the Celeris layer.
 */
public final class JettyTransportProvider implements TransportProvider {

    /** The name users select this transport by. */
    public static final String NAME = "jetty";

    /** Below the embedded {@code nio} transport (100) and {@code netty} (50). */
    public static final int PRIORITY = 40;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public boolean terminatesTls(TransportConfig config) {
        return nativeTls(config);
    }

    static boolean nativeTls(TransportConfig config) {
        return config.tls() != null && config.tls().engine() == dev.celeris.spi.tls.TlsConfig.Engine.NATIVE;
    }

    @Override
    public Transport bind(TransportConfig config, ConnectionHandler.Factory handlers) throws IOException {
        return JettyTransport.bind(config, handlers);
    }
}
