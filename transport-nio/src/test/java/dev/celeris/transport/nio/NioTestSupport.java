package dev.celeris.transport.nio;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Servers, clients and a recording handler for the NIO-specific tests; stops everything after each test. */
abstract class NioTestSupport {

    protected final List<Transport> transports = new ArrayList<>();
    protected final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        for (Transport t : transports) {
            t.shutdown(Duration.ZERO).toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    protected NioTransport start(TransportConfig.Builder config, ConnectionHandler.Factory handlers) throws IOException {
        NioTransport t = (NioTransport) new NioTransportProvider().bind(config.build(), handlers);
        transports.add(t);
        return t;
    }

    protected static TransportConfig.Builder config() {
        return TransportConfig.builder().host("127.0.0.1").port(0).ioThreads(2);
    }

    protected Socket connect(Transport t) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.setSoTimeout(20_000);
        s.connect(new InetSocketAddress("127.0.0.1", t.localAddress().getPort()));
        return s;
    }

    /** Records every connection and the callbacks' threads; echoes data. */
    static final class Recorder implements ConnectionHandler {
        final List<NioConnection> connections = new CopyOnWriteArrayList<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger chunks = new AtomicInteger();

        ConnectionHandler.Factory factory() {
            return () -> new ConnectionHandler() {
                Connection c;

                @Override
                public void onOpen(Connection connection) {
                    c = connection;
                    connections.add((NioConnection) connection);
                    threads.add(Thread.currentThread().getName());
                }

                @Override
                public void onData(ByteBuffer chunk) {
                    threads.add(Thread.currentThread().getName());
                    chunks.incrementAndGet();
                    ByteBuffer copy = ByteBuffer.allocate(chunk.remaining()).put(chunk).flip();
                    c.write(copy);
                    c.flush();
                }

                @Override
                public void onClose(Throwable cause) {
                }
            };
        }

        @Override public void onOpen(Connection connection) { }
        @Override public void onData(ByteBuffer chunk) { }
        @Override public void onClose(Throwable cause) { }
    }

    protected static void echo(Socket s, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(bytes);
        assertThat(s.getInputStream().readNBytes(bytes.length)).isEqualTo(bytes);
    }

    /** Runs {@code task} on {@code c}'s loop and waits for it (so everything before it has run). */
    protected static void onLoop(Connection c, Runnable task) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        c.execute(() -> {
            task.run();
            done.countDown();
        });
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    }

}
