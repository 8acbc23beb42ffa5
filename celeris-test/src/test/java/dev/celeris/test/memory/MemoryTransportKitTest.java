package dev.celeris.test.memory;

import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.testkit.TransportKit;
import java.io.IOException;
import java.net.Socket;

/** The in-memory transport passes the same transport kit as nio, netty and jetty. */
class MemoryTransportKitTest extends TransportKit {

    @Override
    protected TransportProvider provider() {
        return new MemoryTransportProvider();
    }

    @Override
    protected Socket connect(Transport transport, int receiveBuffer) throws IOException {
        return MemorySockets.connect(transport.localAddress().getPort(), receiveBuffer, (int) WAIT.toMillis());
    }
}
