package dev.celeris.transport.jetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
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

/** Jetty-specific behaviour; the SPI contract itself is covered by the transport kit. */
@Timeout(30)
class JettyTransportTest {

    static TransportConfig.Builder local() {
        return TransportConfig.builder().host("127.0.0.1").port(0).ioThreads(2);
    }

    /** Echoes every chunk back and flushes. */
    static class Echo implements ConnectionHandler {
        Connection connection;

        @Override
        public void onOpen(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void onData(ByteBuffer chunk) {
            connection.write(ByteBuffer.allocate(chunk.remaining()).put(chunk).flip());
            connection.flush();
        }

        @Override
        public void onClose(Throwable cause) {
        }
    }

    static String roundTrip(Transport transport, String text) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", transport.localAddress().getPort())) {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(text.length()), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void isFoundByServiceLoaderBelowTheEmbeddedDefault() {
        TransportProvider jetty = Transports.select("jetty");
        assertThat(jetty).isInstanceOf(JettyTransportProvider.class);
        assertThat(jetty.priority()).isLessThan(100);
    }

    @Test
    void systemPropertySelectsJetty() {
        String previous = System.getProperty(Transports.PROPERTY);
        System.setProperty(Transports.PROPERTY, "jetty");
        try {
            assertThat(Transports.selectDefault()).isInstanceOf(JettyTransportProvider.class);
        } finally {
            if (previous == null) {
                System.clearProperty(Transports.PROPERTY);
            } else {
                System.setProperty(Transports.PROPERTY, previous);
            }
        }
    }

    @Test
    @Timeout(120) // 256 KiB through 1 KiB/4 KiB water marks: 6-8 s quiet, 18 s of the class's 30 s on a loaded 2-core CI box
    void echoesALargePayload() throws Exception {
        byte[] payload = new byte[256 * 1024];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        try (Transport transport = JettyTransport.bind(local().writeWaterMarks(1024, 4096).build(), Echo::new);
                Socket socket = new Socket("127.0.0.1", transport.localAddress().getPort())) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    socket.getOutputStream().write(payload);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(socket.getInputStream().readNBytes(payload.length)).isEqualTo(payload);
            writer.join();
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
        try (Transport transport = JettyTransport.bind(local().readBufferSize(1000).build(), factory);
                Socket socket = new Socket("127.0.0.1", transport.localAddress().getPort())) {
            socket.getOutputStream().write(new byte[100_000]);
            assertThat(total.get(10, TimeUnit.SECONDS)).isEqualTo(100_000);
            assertThat(largest[0]).isLessThanOrEqualTo(1000);
        }
    }

    /** Jetty does not pin connections to threads: the serial executor must still never overlap. */
    @Test
    void callbacksAndTasksOfOneConnectionNeverOverlapAndKeepOrder() throws Exception {
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger violations = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        int submitters = 4;
        int tasksEach = 2_000;
        int[] lastSeen = new int[submitters];
        java.util.concurrent.CountDownLatch tasksDone = new java.util.concurrent.CountDownLatch(submitters * tasksEach);
        CompletableFuture<Integer> bytes = new CompletableFuture<>();
        int total = 200_000;
        ConnectionHandler.Factory factory = () -> new Echo() {
            int seen;

            private void enter() {
                if (inside.getAndIncrement() != 0 || !connection.inEventLoop()) {
                    violations.incrementAndGet();
                }
            }

            @Override
            public void onOpen(Connection connection) {
                super.onOpen(connection);
                opened.complete(connection);
            }

            @Override
            public void onData(ByteBuffer chunk) {
                enter();
                seen += chunk.remaining();
                Thread.onSpinWait();
                if (seen == total) {
                    bytes.complete(seen);
                }
                inside.decrementAndGet();
            }
        };
        try (Transport transport = JettyTransport.bind(local().readBufferSize(512).build(), factory);
                Socket socket = new Socket("127.0.0.1", transport.localAddress().getPort())) {
            Connection connection = opened.get(10, TimeUnit.SECONDS);
            assertThat(connection.inEventLoop()).isFalse();
            java.util.List<Thread> threads = new java.util.ArrayList<>();
            for (int s = 0; s < submitters; s++) {
                int submitter = s;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 1; i <= tasksEach; i++) {
                        int sequence = i;
                        connection.execute(() -> {
                            if (inside.getAndIncrement() != 0 || !connection.inEventLoop()
                                    || lastSeen[submitter] != sequence - 1) {
                                violations.incrementAndGet();
                            }
                            lastSeen[submitter] = sequence;
                            inside.decrementAndGet();
                            tasksDone.countDown();
                        });
                    }
                }));
            }
            socket.getOutputStream().write(new byte[total]);
            assertThat(bytes.get(20, TimeUnit.SECONDS)).isEqualTo(total);
            assertThat(tasksDone.await(20, TimeUnit.SECONDS)).isTrue();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(violations).hasValue(0);
        }
    }

    @Test
    void maxThreadsOptionSizesThePool() throws IOException {
        try (JettyTransport transport = JettyTransport.bind(local().option(JettyTransport.MAX_THREADS_OPTION, "23").build(), Echo::new)) {
            assertThat(transport.threadPool().getMaxThreads()).isEqualTo(23);
        }
        try (JettyTransport transport = JettyTransport.bind(local().build(), Echo::new)) {
            assertThat(transport.threadPool().getMaxThreads()).isEqualTo(16);
        }
    }

    @Test
    void virtualThreadsOptionRunsCallbacksOnVirtualThreads() throws Exception {
        for (boolean virtual : new boolean[] {false, true}) {
            CompletableFuture<Boolean> onVirtual = new CompletableFuture<>();
            ConnectionHandler.Factory factory = () -> new Echo() {
                @Override
                public void onData(ByteBuffer chunk) {
                    onVirtual.complete(Thread.currentThread().isVirtual() && connection.inEventLoop());
                    super.onData(chunk);
                }
            };
            TransportConfig config = local().option(JettyTransport.VIRTUAL_THREADS_OPTION, String.valueOf(virtual)).build();
            try (Transport transport = JettyTransport.bind(config, factory)) {
                assertThat(roundTrip(transport, "v")).isEqualTo("v");
                assertThat(onVirtual.get(10, TimeUnit.SECONDS)).isEqualTo(virtual);
            }
        }
    }

    @Test
    void bindingABusyPortFailsWithIOException() throws IOException {
        try (Transport first = JettyTransport.bind(local().build(), Echo::new)) {
            TransportConfig busy = local().port(first.localAddress().getPort()).reuseAddress(false).build();
            assertThatThrownBy(() -> JettyTransport.bind(busy, Echo::new)).isInstanceOf(IOException.class);
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
        try (Transport transport = JettyTransport.bind(local().build(), factory);
                Socket socket = new Socket("127.0.0.1", transport.localAddress().getPort())) {
            Connection connection = opened.get(10, TimeUnit.SECONDS);
            connection.execute(() -> {
                connection.write(ByteBuffer.wrap(new byte[1000])); // queued, never flushed: discarded
                connection.abort();
            });
            InputStream in = socket.getInputStream();
            assertThatThrownBy(() -> {
                if (in.read() == -1) {
                    throw new AssertionError("orderly EOF instead of a reset");
                }
                in.read();
            }).isInstanceOf(SocketException.class);
        }
    }

    @Test
    void shutdownStopsJettysThreads() throws Exception {
        JettyTransport transport = JettyTransport.bind(local().build(), Echo::new);
        assertThat(roundTrip(transport, "x")).isEqualTo("x");
        transport.shutdown(Duration.ofSeconds(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(transport.threadPool().isStopped()).isTrue();
        assertThatThrownBy(() -> new Socket("127.0.0.1", transport.localAddress().getPort()).close())
                .isInstanceOf(IOException.class);
    }

    @Test
    void connectionsStillOpenAfterTheGraceCloseWithTheShutdownAsCause() throws Exception {
        CompletableFuture<Throwable> closed = new CompletableFuture<>();
        CompletableFuture<Void> opened = new CompletableFuture<>();
        ConnectionHandler.Factory factory = () -> new Echo() {
            @Override
            public void onOpen(Connection connection) {
                super.onOpen(connection);
                opened.complete(null);
            }

            @Override
            public void onClose(Throwable cause) {
                closed.complete(cause);
            }
        };
        Transport transport = JettyTransport.bind(local().build(), factory);
        try (Socket socket = new Socket("127.0.0.1", transport.localAddress().getPort())) {
            opened.get(10, TimeUnit.SECONDS);
            transport.shutdown(Duration.ZERO).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(closed).isDone();
            assertThat(closed.get()).isInstanceOf(IOException.class).hasMessageContaining("grace period");
        }
    }
}
