package dev.celeris.transport.nio;

import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.TransportProvider;

import java.io.IOException;
import java.util.Objects;

/**
 * The embedded pure-JDK transport, {@code "nio"}: a multi-reactor of one acceptor thread and
 * {@link TransportConfig#ioThreads()} selector event loops. It has the highest priority (100)
 * so it is the default whenever it is on the class path.
 *
 * <p>Transport-specific options ({@link TransportConfig#options()}): none yet.
 */
public final class NioTransportProvider implements TransportProvider {

    public static final String NAME = "nio";
    public static final int PRIORITY = 100;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Transport bind(TransportConfig config, ConnectionHandler.Factory handlers) throws IOException {
        return NioTransport.start(Objects.requireNonNull(config, "config"), Objects.requireNonNull(handlers, "handlers"));
    }
}
