package dev.celeris.test.memory;

import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.TransportProvider;
import java.io.IOException;

/**
 * The {@code memory} transport: connections are in-process pipes, no socket is opened. Clients
 * connect with {@link MemorySockets#connect(int)} to the transport's (virtual) port and get a
 * {@link java.net.Socket} whose streams are the pipe. Priority 1, so it is chosen only by name
 * ({@code Celeris.server().transport("memory")}) and never replaces a real default.
 */
public final class MemoryTransportProvider implements TransportProvider {

    public static final String NAME = "memory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public Transport bind(TransportConfig config, ConnectionHandler.Factory handlers) throws IOException {
        return MemoryTransport.bind(config, handlers);
    }
}
