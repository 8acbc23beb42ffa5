package dev.celeris.thirdparty.blocking;

import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.TransportProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A third-party transport that lives only in this module's test sources: blocking channels and
 * virtual threads, one class pair and one {@code META-INF/services} line. It exists to prove the
 * SPI's promise that anyone can plug a transport in and run the kit against it unchanged.
 */
public final class BlockingTransportProvider implements TransportProvider {

    public static final String NAME = "blocking";

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
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, config.reuseAddress());
            server.bind(new InetSocketAddress(config.host(), config.port()), config.backlog());
        } catch (IOException e) {
            server.close();
            throw e;
        }
        BlockingTransport transport = new BlockingTransport(server, config, handlers);
        Thread.ofVirtual().name("blocking-accept").start(transport::acceptLoop);
        return transport;
    }

    /** The bound listener: an accept loop on a virtual thread and the set of live connections. */
    static final class BlockingTransport implements Transport {
        private final ServerSocketChannel server;
        private final TransportConfig config;
        private final ConnectionHandler.Factory handlers;
        private final InetSocketAddress address;
        final Set<BlockingConnection> connections = ConcurrentHashMap.newKeySet();
        final CompletableFuture<Void> drained = new CompletableFuture<>();
        volatile boolean shuttingDown;
        private CompletableFuture<Void> shutdown;

        BlockingTransport(ServerSocketChannel server, TransportConfig config, ConnectionHandler.Factory handlers)
                throws IOException {
            this.server = server;
            this.config = config;
            this.handlers = handlers;
            this.address = (InetSocketAddress) server.getLocalAddress();
        }

        void acceptLoop() {
            while (server.isOpen()) {
                try {
                    SocketChannel channel = server.accept();
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, config.tcpNoDelay());
                    if (config.sendBufferSize() > 0) {
                        channel.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBufferSize());
                    }
                    if (config.receiveBufferSize() > 0) {
                        channel.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferSize());
                    }
                    BlockingConnection connection = new BlockingConnection(this, channel, config, handlers.newHandler());
                    connections.add(connection);
                    connection.start();
                    if (shuttingDown) {
                        connection.shutdown();
                    }
                } catch (IOException e) {
                    return; // listener closed
                }
            }
        }

        void closed(BlockingConnection connection) {
            if (connections.remove(connection) && shuttingDown && connections.isEmpty()) {
                drained.complete(null);
            }
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public InetSocketAddress localAddress() {
            return address;
        }

        @Override
        public synchronized CompletionStage<Void> shutdown(Duration grace) {
            if (shutdown != null) {
                return shutdown;
            }
            shutdown = new CompletableFuture<>();
            shuttingDown = true;
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            List<BlockingConnection> open = List.copyOf(connections);
            open.forEach(BlockingConnection::shutdown);
            if (connections.isEmpty()) {
                drained.complete(null);
            }
            CompletableFuture<Void> graceOver = new CompletableFuture<>();
            drained.whenComplete((v, t) -> graceOver.complete(null));
            graceOver.completeOnTimeout(null, Math.max(0, grace.toNanos()), TimeUnit.NANOSECONDS)
                    .thenRun(() -> {
                        IOException reason = new IOException("closed by transport shutdown after the grace period");
                        List.copyOf(connections).forEach(c -> c.forceClose(reason));
                        if (connections.isEmpty()) {
                            drained.complete(null);
                        }
                    });
            drained.whenComplete((v, t) -> shutdown.complete(null));
            return shutdown;
        }
    }
}
