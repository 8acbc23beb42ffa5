package dev.celeris.transport.nio;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.Transports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NIO-specific behaviour beyond the shared kit: threads, wake-ups, socket options, strict autoRead. */
class NioTransportTest {

    private final List<Transport> transports = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        for (Transport t : transports) {
            t.shutdown(Duration.ZERO).toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    private NioTransport start(TransportConfig.Builder config, ConnectionHandler.Factory handlers) throws IOException {
        NioTransport t = (NioTransport) new NioTransportProvider().bind(config.build(), handlers);
        transports.add(t);
        return t;
    }

    private static TransportConfig.Builder config() {
        return TransportConfig.builder().host("127.0.0.1").port(0).ioThreads(2);
    }

    private Socket connect(Transport t) throws IOException {
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

    private static void echo(Socket s, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(bytes);
        assertThat(s.getInputStream().readNBytes(bytes.length)).isEqualTo(bytes);
    }

    /** Runs {@code task} on {@code c}'s loop and waits for it (so everything before it has run). */
    private static void onLoop(Connection c, Runnable task) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        c.execute(() -> {
            task.run();
            done.countDown();
        });
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void isFoundByServiceLoaderAsTheDefault() {
        assertThat(Transports.available()).extracting(p -> p.name()).contains("nio");
        assertThat(Transports.select("NIO")).isInstanceOf(NioTransportProvider.class);
        assertThat(new NioTransportProvider().priority()).isEqualTo(100);
    }

    @Test
    @Timeout(30)
    void connectionsArePinnedRoundRobinToIoThreads() throws Exception {
        Recorder recorder = new Recorder();
        NioTransport t = start(config().ioThreads(3), recorder.factory());
        for (int i = 0; i < 6; i++) {
            echo(connect(t), "c" + i);
        }
        assertThat(recorder.threads).hasSize(3).allMatch(n -> n.matches("celeris-nio-\\d+-io-[012]"));
        assertThat(recorder.connections).extracting(NioConnection::loop).containsOnly(t.loops());
        for (EventLoop loop : t.loops()) {
            assertThat(recorder.connections.stream().filter(c -> c.loop() == loop)).hasSize(2);
        }
    }

    @Test
    @Timeout(30)
    void idleServerBurnsNoCpu() throws Exception {
        NioTransport t = start(config(), new Recorder().factory());
        for (int i = 0; i < 10; i++) {
            echo(connect(t), "idle " + i);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<Long> ids = new ArrayList<>(List.of(t.loops()[0].thread.threadId(), t.loops()[1].thread.threadId()));
        long before = ids.stream().mapToLong(mx::getThreadCpuTime).sum();
        Thread.sleep(500);
        long used = ids.stream().mapToLong(mx::getThreadCpuTime).sum() - before;
        // A spinning selector would burn ~2 × 500 ms here; blocked threads use nothing.
        assertThat(Duration.ofNanos(used)).isLessThan(Duration.ofMillis(50));
    }

    @Test
    @Timeout(30)
    void executesFromManyThreadsCostAtMostOneWakeupWhileTheLoopIsBusy() throws Exception {
        Recorder recorder = new Recorder();
        NioTransport t = start(config().ioThreads(1), recorder.factory());
        echo(connect(t), "x");
        NioConnection c = recorder.connections.get(0);
        EventLoop loop = c.loop();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        long before = loop.wakeups();
        c.execute(() -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(busy.await(20, TimeUnit.SECONDS)).isTrue();
        AtomicInteger ran = new AtomicInteger();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            producers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1000; i++) {
                    c.execute(ran::incrementAndGet);
                }
            }));
        }
        for (Thread p : producers) {
            p.join();
        }
        long wakeups = loop.wakeups() - before;
        release.countDown();
        onLoop(c, () -> { });
        assertThat(ran).hasValue(4000);
        assertThat(wakeups).as("one wake-up for the first task, none for 4,000 more").isLessThanOrEqualTo(1);
    }

    @Test
    @Timeout(30)
    void noDataIsDeliveredAfterAutoReadIsSwitchedOff() throws Exception {
        Recorder recorder = new Recorder();
        NioTransport t = start(config(), recorder.factory());
        Socket s = connect(t);
        echo(s, "on");
        NioConnection c = recorder.connections.get(0);
        onLoop(c, () -> c.setAutoRead(false));
        int chunksBefore = recorder.chunks.get();
        s.getOutputStream().write("queued in the kernel".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 3; i++) { // several loop passes: OP_READ would have fired by now
            onLoop(c, () -> { });
        }
        assertThat(recorder.chunks.get()).isEqualTo(chunksBefore);
        onLoop(c, () -> c.setAutoRead(true));
        assertThat(s.getInputStream().readNBytes(20)).isEqualTo("queued in the kernel".getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The "400 then close" case: the handler answers and closes while most of the input is
     * still unread. The reply must arrive whole (the FIN from close() goes out after it).
     */
    @Test
    @Timeout(30)
    void closeWithUnreadInputStillDeliversTheReply() throws Exception {
        for (int round = 0; round < 20; round++) {
            // 16-byte reads: the first chunk is all the handler sees of the 32 KiB sent.
            NioTransport t = start(config().readBufferSize(16), () -> new ConnectionHandler() {
                Connection c;

                @Override public void onOpen(Connection connection) { c = connection; }

                @Override
                public void onData(ByteBuffer chunk) {
                    // Answer the first bytes and close, leaving the rest of the input unread.
                    c.setAutoRead(false);
                    c.write(ByteBuffer.wrap("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                    c.close();
                }

                @Override public void onClose(Throwable cause) { }
            });
            Socket s = connect(t);
            OutputStream out = s.getOutputStream();
            out.write(new byte[32 * 1024]); // garbage, most of it still unread when the server closes
            out.flush();
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("HTTP/1.1 400 Bad Request\r\n\r\n");
        }
    }

    @Test
    @Timeout(30)
    void onWritableAfterAFlushInsideACallbackComesLaterNotReentrantly() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        NioTransport t = start(config().writeWaterMarks(1024, 4096), () -> new ConnectionHandler() {
            Connection c;
            boolean inside;

            @Override
            public void onOpen(Connection connection) {
                c = connection;
                inside = true;
                c.write(ByteBuffer.allocate(8192)); // above the high-water mark: unwritable until flushed
                events.add("writable after write: " + c.isWritable());
                c.flush(); // the loopback socket takes all 8 KiB at once
                events.add("writable after flush: " + c.isWritable());
                inside = false;
            }

            @Override public void onData(ByteBuffer chunk) { }

            @Override
            public void onWritable() {
                events.add("onWritable" + (inside ? " inside onOpen" : ""));
            }

            @Override public void onClose(Throwable cause) { }
        });
        Socket s = connect(t);
        assertThat(s.getInputStream().readNBytes(8192)).hasSize(8192);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (events.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(events).containsExactly("writable after write: false", "writable after flush: true", "onWritable");
    }

    /**
     * The hot path allocates nothing per read or per write: the loop thread's allocated bytes
     * over thousands of 1 KiB reads and writes stay far below one small object per operation.
     */
    @Test
    @Timeout(30)
    void readsAndWritesAllocateNothingPerOperation() throws Exception {
        int size = 1024;
        int ops = 8192;
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        java.util.concurrent.atomic.AtomicLong allocated = new java.util.concurrent.atomic.AtomicLong(-1);
        CountDownLatch done = new CountDownLatch(1);
        NioTransport t = start(config().ioThreads(1).readBufferSize(size).writeWaterMarks(0, 0), () -> new ConnectionHandler() {
            final ByteBuffer out = ByteBuffer.allocate(size);
            final ByteBuffer[] one = {out};
            Connection c;
            long read;
            int written;
            long start;

            @Override
            public void onOpen(Connection connection) {
                c = connection;
            }

            @Override
            public void onData(ByteBuffer chunk) {
                if (read == 0) {
                    start = mx.getCurrentThreadAllocatedBytes();
                }
                read += chunk.remaining();
                chunk.position(chunk.limit());
                if (read == (long) size * ops) {
                    c.setAutoRead(false);
                    pump();
                }
            }

            @Override
            public void onWritable() {
                pump();
            }

            /** Re-sends the one buffer each time the socket has taken it all (high-water mark 0). */
            private void pump() {
                while (written < ops && c.isWritable()) {
                    out.clear();
                    c.write(one);
                    c.flush();
                    written++;
                }
                if (written == ops && c.queuedBytes() == 0) {
                    allocated.set(mx.getCurrentThreadAllocatedBytes() - start);
                    done.countDown();
                }
            }

            @Override public void onClose(Throwable cause) { }
        });
        Socket s = connect(t);
        BackgroundWriter.write(s, (long) size * ops);
        long received = 0;
        byte[] sink = new byte[64 * 1024];
        while (received < (long) size * ops) {
            int n = s.getInputStream().read(sink);
            assertThat(n).isPositive();
            received += n;
        }
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        // 16,384 operations: one 16-byte object each would be 256 KiB; measured ~47 KB in total
        // (JDK bookkeeping unrelated to the operation count).
        assertThat(allocated.get()).as("bytes allocated on the I/O thread").isBetween(0L, 160L * 1024);
    }

    /** Sends zeros from a virtual thread so the test thread can read concurrently. */
    private static final class BackgroundWriter {
        static void write(Socket s, long total) {
            Thread.ofVirtual().start(() -> {
                try {
                    byte[] block = new byte[64 * 1024];
                    for (long left = total; left > 0; left -= block.length) {
                        s.getOutputStream().write(block, 0, (int) Math.min(block.length, left));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    @Timeout(30)
    void socketOptionsFromTheConfigReachTheSockets() throws Exception {
        Recorder recorder = new Recorder();
        NioTransport t = start(config().tcpNoDelay(false).sendBufferSize(20_000).receiveBufferSize(30_000)
                .reuseAddress(false), recorder.factory());
        echo(connect(t), "x");
        var ch = recorder.connections.get(0).channel();
        assertThat(ch.getOption(StandardSocketOptions.TCP_NODELAY)).isFalse();
        assertThat(ch.getOption(StandardSocketOptions.SO_SNDBUF)).isBetween(20_000, 2 * 20_000 + 4096);
        assertThat(ch.getOption(StandardSocketOptions.SO_RCVBUF)).isBetween(30_000, 2 * 30_000 + 4096);
        assertThat(t.serverChannel().getOption(StandardSocketOptions.SO_REUSEADDR)).isFalse();

        Recorder defaults = new Recorder();
        NioTransport d = start(config(), defaults.factory());
        echo(connect(d), "y");
        assertThat(defaults.connections.get(0).channel().getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
        assertThat(d.serverChannel().getOption(StandardSocketOptions.SO_REUSEADDR)).isTrue();
    }

    @Test
    @Timeout(30)
    void writeOffTheIoThreadIsRejected() throws Exception {
        Recorder recorder = new Recorder();
        NioTransport t = start(config(), recorder.factory());
        echo(connect(t), "x");
        NioConnection c = recorder.connections.get(0);
        assertThatThrownBy(() -> c.write(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("execute");
        assertThatThrownBy(c::flush).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Timeout(30)
    void manySmallBuffersAndOneHugeBufferArriveInOrder() throws Exception {
        Recorder recorder = new Recorder();
        NioTransport t = start(config(), recorder.factory());
        Socket s = connect(t);
        echo(s, "x");
        NioConnection c = recorder.connections.get(0);
        int small = 5_000; // far more than one gathering write takes
        byte[] huge = new byte[8 * 1024 * 1024]; // far more than one write's byte budget
        for (int i = 0; i < huge.length; i++) {
            huge[i] = (byte) (i * 31);
        }
        c.execute(() -> {
            for (int i = 0; i < small; i++) {
                c.write(ByteBuffer.wrap(new byte[] {(byte) i}));
            }
            c.write(ByteBuffer.wrap(huge), ByteBuffer.allocateDirect(3).put(new byte[] {1, 2, 3}).flip());
            c.flush();
        });
        byte[] first = s.getInputStream().readNBytes(small);
        for (int i = 0; i < small; i++) {
            assertThat(first[i]).isEqualTo((byte) i);
        }
        assertThat(s.getInputStream().readNBytes(huge.length)).isEqualTo(huge);
        assertThat(s.getInputStream().readNBytes(3)).containsExactly(1, 2, 3);
        onLoop(c, () -> assertThat(c.queuedBytes()).isZero());
    }

    @Test
    @Timeout(30)
    void abortResetsTheConnectionAndDropsQueuedBytes() throws Exception {
        Recorder recorder = new Recorder();
        NioTransport t = start(config(), recorder.factory());
        Socket s = connect(t);
        echo(s, "x");
        NioConnection c = recorder.connections.get(0);
        c.abort(); // from a foreign thread: hops to the loop
        assertThatThrownBy(() -> {
            while (s.getInputStream().read() >= 0) {
                // drain until the reset arrives
            }
            throw new AssertionError("orderly end of stream instead of a reset");
        }).isInstanceOf(java.net.SocketException.class);
        onLoop(c, () -> assertThat(c.isOpen()).isFalse());
    }

    @Test
    @Timeout(30)
    void closeFromAnIoThreadIsRefusedButShutdownWorks() throws Exception {
        Recorder recorder = new Recorder();
        NioTransport t = start(config(), recorder.factory());
        echo(connect(t), "x");
        NioConnection c = recorder.connections.get(0);
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        onLoop(c, () -> {
            try {
                t.close();
            } catch (IllegalStateException e) {
                thrown.add(e);
            }
        });
        assertThat(thrown).hasSize(1);
        t.close();
        assertThat(t.loops()).allMatch(l -> !l.thread.isAlive());
    }
}
