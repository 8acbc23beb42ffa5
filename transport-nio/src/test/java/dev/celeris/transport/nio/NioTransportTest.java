package dev.celeris.transport.nio;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.Transports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NIO-specific behaviour beyond the shared kit: threads, wake-ups, socket options, strict autoRead, close. */
class NioTransportTest extends NioTestSupport {

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
