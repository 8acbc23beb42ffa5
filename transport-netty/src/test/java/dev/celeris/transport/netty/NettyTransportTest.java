package dev.celeris.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;

/** Netty-specific behaviour; the SPI contract itself is covered by the transport kit. */
@Timeout(30)
class NettyTransportTest {

    private static TransportConfig.Builder local() {
        return TransportConfig.builder().host("127.0.0.1").port(0).ioThreads(2);
    }

    /** Echoes every chunk back and flushes. */
    static class Echo implements ConnectionHandler {
        Connection connection;
        final CompletableFuture<Throwable> closed = new CompletableFuture<>();

        @Override
        public void onOpen(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void onData(ByteBuffer chunk) {
            ByteBuffer copy = ByteBuffer.allocate(chunk.remaining()).put(chunk).flip();
            connection.write(copy);
            connection.flush();
        }

        @Override
        public void onClose(Throwable cause) {
            closed.complete(cause);
        }
    }

    private static String roundTrip(Transport transport, String text) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", transport.localAddress().getPort())) {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            byte[] got = socket.getInputStream().readNBytes(text.length());
            return new String(got, StandardCharsets.US_ASCII);
        }
    }

    @Test
    void isFoundByServiceLoaderBelowTheEmbeddedDefault() {
        TransportProvider netty = Transports.select("netty");
        assertThat(netty).isInstanceOf(NettyTransportProvider.class);
        assertThat(netty.priority()).isLessThan(100);
    }

    @Test
    void systemPropertySelectsNetty() {
        String previous = System.getProperty(Transports.PROPERTY);
        System.setProperty(Transports.PROPERTY, "netty");
        try {
            assertThat(Transports.selectDefault()).isInstanceOf(NettyTransportProvider.class);
        } finally {
            if (previous == null) {
                System.clearProperty(Transports.PROPERTY);
            } else {
                System.setProperty(Transports.PROPERTY, previous);
            }
        }
    }

    @Test
    @EnabledIf("epollAvailable")
    void usesEpollByDefaultWhereAvailable() throws IOException {
        try (NettyTransport transport = NettyTransport.bind(local().build(), Echo::new)) {
            assertThat(transport.ioName()).isEqualTo("epoll");
            assertThat(roundTrip(transport, "hello epoll")).isEqualTo("hello epoll");
        }
    }

    static boolean epollAvailable() {
        return Epoll.isAvailable();
    }

    @Test
    void nativeFalseForcesNio() throws IOException {
        TransportConfig config = local().option(NettyIo.NATIVE_OPTION, "false").build();
        try (NettyTransport transport = NettyTransport.bind(config, Echo::new)) {
            assertThat(transport.ioName()).isEqualTo("nio");
            assertThat(roundTrip(transport, "hello nio")).isEqualTo("hello nio");
        }
    }

    @Test
    void readBufferSizeBoundsTheChunks() throws Exception {
        int[] largest = new int[1];
        CompletableFuture<Integer> total = new CompletableFuture<>();
        ConnectionHandler.Factory factory = () -> new Echo() {
            int seen;

            @Override
            public void onData(ByteBuffer chunk) {
                largest[0] = Math.max(largest[0], chunk.remaining());
                seen += chunk.remaining();
                if (seen == 100_000) {
                    total.complete(seen);
                }
            }
        };
        try (Transport transport = NettyTransport.bind(local().readBufferSize(1000).build(), factory);
                Socket socket = new Socket("127.0.0.1", transport.localAddress().getPort())) {
            socket.getOutputStream().write(new byte[100_000]);
            assertThat(total.get(10, TimeUnit.SECONDS)).isEqualTo(100_000);
            assertThat(largest[0]).isLessThanOrEqualTo(1000);
        }
    }

    @Test
    void bindingABusyPortFailsWithIOException() throws IOException {
        try (Transport first = NettyTransport.bind(local().build(), Echo::new)) {
            TransportConfig busy = local().port(first.localAddress().getPort()).reuseAddress(false).build();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> NettyTransport.bind(busy, Echo::new))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void abortResetsTheConnection() throws Exception {
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        ConnectionHandler.Factory factory = () -> new Echo() {
            @Override
            public void onOpen(Connection connection) {
                super.onOpen(connection);
                opened.complete(connection);
            }
        };
        try (Transport transport = NettyTransport.bind(local().build(), factory);
                Socket socket = new Socket("127.0.0.1", transport.localAddress().getPort())) {
            Connection connection = opened.get(10, TimeUnit.SECONDS);
            connection.execute(() -> {
                connection.write(ByteBuffer.wrap(new byte[1000])); // queued, never flushed: discarded
                connection.abort();
            });
            InputStream in = socket.getInputStream();
            // SO_LINGER 0: the peer sees a reset, not an orderly end of stream after data.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                int read = in.read();
                if (read == -1) {
                    throw new AssertionError("orderly EOF instead of a reset");
                }
                in.read();
            }).isInstanceOf(SocketException.class);
        }
    }

    @Test
    void shutdownReleasesTheEventLoops() throws Exception {
        NettyTransport transport = NettyTransport.bind(local().build(), Echo::new);
        assertThat(roundTrip(transport, "x")).isEqualTo("x");
        transport.shutdown(Duration.ofSeconds(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("celeris-netty-") && t.isAlive());
    }

    @Test
    void connectionsStillOpenAfterTheGraceCloseWithTheShutdownAsCause() throws Exception {
        CompletableFuture<Throwable> closeCause = new CompletableFuture<>();
        CompletableFuture<Void> opened = new CompletableFuture<>();
        ConnectionHandler.Factory factory = () -> new Echo() {
            @Override
            public void onOpen(Connection connection) {
                super.onOpen(connection);
                opened.complete(null);
            }

            @Override
            public void onClose(Throwable cause) {
                closeCause.complete(cause);
            }
        };
        Transport transport = NettyTransport.bind(local().build(), factory);
        try (Socket socket = new Socket("127.0.0.1", transport.localAddress().getPort())) {
            opened.get(10, TimeUnit.SECONDS);
            transport.shutdown(Duration.ZERO).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(closeCause).isDone();
            assertThat(closeCause.get()).isInstanceOf(IOException.class).hasMessageContaining("grace period");
        }
    }
}
