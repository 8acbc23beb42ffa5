package dev.celeris.spi.testkit;

import dev.celeris.spi.Transport;
import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The listener options of {@link dev.celeris.spi.TransportConfig} a socket transport must honour:
 * {@code reusePort} and {@code maxConnections}. Separate from {@link TransportKit} because a
 * transport without sockets (in-memory) has no port to share. A transport module runs it with
 * one class, like the kit.
 */
public abstract class ListenerOptionsKit extends TransportKitSupport {

    @Test
    @Timeout(30)
    void reusePortLetsTwoListenersBindTheSamePort() throws Exception {
        EchoStats stats = new EchoStats();
        Transport first = startEcho(config().reusePort(true), stats);
        int port = first.localAddress().getPort();
        Transport second = startEcho(config().port(port).reusePort(true), stats);
        assertThat(second.localAddress().getPort()).isEqualTo(port);
        for (int i = 0; i < 4; i++) {
            try (Socket s = connect(first)) {
                assertEcho(s, "either listener answers " + i);
            }
        }
    }

    @Test
    @Timeout(30)
    void withoutReusePortTheSecondBindFails() throws Exception {
        Transport first = startEcho(config(), new EchoStats());
        int port = first.localAddress().getPort();
        assertThatThrownBy(() -> startEcho(config().port(port), new EchoStats()))
                .isInstanceOf(IOException.class);
    }

    @Test
    @Timeout(30)
    void connectionsPastMaxConnectionsAreClosedAndCounted() throws Exception {
        EchoStats stats = new EchoStats();
        Transport transport = startEcho(config().maxConnections(2), stats);
        Socket a = connect(transport);
        Socket b = connect(transport);
        assertEcho(a, "one");
        assertEcho(b, "two");
        Socket c = connect(transport); // the kernel completes the handshake; the transport closes it
        assertThat(readsEndOfStream(c)).as("third connection closed by the server").isTrue();
        assertThat(transport.rejectedConnections()).isEqualTo(1);
        assertThat(stats.openedCount()).as("a rejected socket never reaches the handler").isEqualTo(2);
        assertEcho(a, "still served");

        a.close(); // frees a permit once the transport has seen the close
        await("onClose of the first connection", () -> stats.closedCount() == 1);
        Socket d = connect(transport);
        assertEcho(d, "room again");
        assertThat(transport.rejectedConnections()).isEqualTo(1);
    }

    @Test
    @Timeout(30)
    void unlimitedByDefault() throws Exception {
        EchoStats stats = new EchoStats();
        Transport transport = startEcho(config(), stats);
        for (int i = 0; i < 5; i++) assertEcho(connect(transport), "conn " + i);
        assertThat(transport.rejectedConnections()).isZero();
    }
}
