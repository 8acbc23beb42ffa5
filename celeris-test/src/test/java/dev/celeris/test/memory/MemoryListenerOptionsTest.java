package dev.celeris.test.memory;

import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.testkit.ListenerOptionsKit;
import java.io.IOException;
import java.net.Socket;

/** reusePort and maxConnections on the memory transport: the same kit the socket transports pass. */
class MemoryListenerOptionsTest extends ListenerOptionsKit {

    @Override
    protected TransportProvider provider() {
        return new MemoryTransportProvider();
    }

    @Override
    protected Socket connect(Transport transport, int receiveBuffer) throws IOException {
        return MemorySockets.connect(transport.localAddress().getPort(), receiveBuffer, (int) WAIT.toMillis());
    }
}
