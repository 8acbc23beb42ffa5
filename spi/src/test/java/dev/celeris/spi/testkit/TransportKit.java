package dev.celeris.spi.testkit;

import dev.celeris.spi.Connection;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transport test kit: the behaviour every {@link dev.celeris.spi.TransportProvider} must
 * show, driven through real loopback sockets with plain blocking clients. A transport module
 * runs it with one class:
 *
 * <pre>{@code
 * class NioTransportKitTest extends TransportKit {
 *     protected TransportProvider provider() { return new NioTransportProvider(); }
 * }
 * }</pre>
 *
 * Scripted handlers live in {@link KitHandlers}; the bulk cases (large transfer, slow reader,
 * 1,000 connections) are sized to finish in seconds on two cores.
 */
public abstract class TransportKit extends TransportKitSupport {

    private static final long LARGE = 64L * 1024 * 1024;

    @Test
    @Timeout(30)
    void echoesAndReportsAddresses() throws Exception {
        EchoStats stats = new EchoStats();
        Transport transport = startEcho(config(), stats);
        assertThat(transport.name()).isEqualTo(provider().name());
        assertThat(transport.localAddress().getPort()).isPositive();
        try (Socket socket = connect(transport)) {
            assertEcho(socket, "hello");
            assertEcho(socket, "world, ünïcødé");
        }
        await("onClose after the client closed", () -> stats.closedCount() == 1);
        assertThat(stats.closeCauses()).containsOnlyNulls();
        assertThat(stats.contractViolations).hasValue(0);
    }

    @Test
    @Timeout(30)
    void peerHalfCloseFlushesQueuedBytesThenClosesOrderly() throws Exception {
        assumeHalfClose();
        EchoStats stats = new EchoStats();
        Transport transport = startEcho(config(), stats);
        Socket socket = connect(transport);
        socket.getOutputStream().write("last words".getBytes(StandardCharsets.US_ASCII));
        socket.shutdownOutput();
        assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("last words");
        await("onClose", () -> stats.closedCount() == 1);
        assertThat(stats.closeCauses()).containsOnlyNulls();
    }

    @Test
    @Timeout(30)
    void handlerMayKeepAHalfClosedConnectionOpenToFinishWriting() throws Exception {
        assumeHalfClose();
        EchoStats stats = new EchoStats();
        Transport transport = start(config(), () -> new KitHandlers.ReplyAfterInputClosed(stats));
        Socket socket = connect(transport);
        socket.getOutputStream().write("request".getBytes(StandardCharsets.US_ASCII));
        socket.shutdownOutput();
        assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                .isEqualTo("request + late reply");
        await("onClose", () -> stats.closedCount() == 1);
        assertThat(stats.closeCauses()).containsOnlyNulls();
        assertThat(stats.contractViolations).hasValue(0);
    }

    @Test
    @Timeout(60)
    void largeTransferBothWaysIsChecksummed() throws Exception {
        EchoStats stats = new EchoStats();
        Transport transport = startEcho(config(), stats);
        Socket socket = connect(transport);
        CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> {
            try {
                return writeRandom(socket.getOutputStream(), LARGE, 42);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        long received = readChecksum(socket.getInputStream(), LARGE);
        assertThat(received).isEqualTo(sent.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertThat(stats.bytesIn.sum()).isEqualTo(LARGE);
        assertThat(stats.maxChunk.get()).isLessThanOrEqualTo(config().build().readBufferSize());
    }

    @Test
    @Timeout(120) // one callback per byte: slow under Netty's paranoid leak detector on a loaded 2-core CI box
    void oneByteReadBufferDeliversOneByteChunks() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(tls() == null, "over TLS a chunk is a decrypted record, not a read");
        EchoStats stats = new EchoStats();
        Transport transport = startEcho(config().readBufferSize(1), stats);
        Socket socket = connect(transport);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        for (int i = 0; i < 64; i++) { // the client side in one-byte writes too
            out.write(i);
            out.flush();
            assertThat(in.read()).isEqualTo(i);
        }
        int bulk = 4 * 1024; // one chunk per byte whatever the size: 4 KiB proves it at a quarter of the CI time
        long crc = writeRandom(out, bulk, 7);
        assertThat(readChecksum(in, bulk)).isEqualTo(crc);
        assertThat(stats.maxChunk.get()).isEqualTo(1);
        assertThat(stats.chunks.get()).isEqualTo(64 + bulk);
    }

    @Test
    @Timeout(60)
    void thousandConcurrentConnections() throws Exception {
        EchoStats stats = new EchoStats();
        Transport transport = startEcho(config(), stats);
        int count = 1000;
        List<Socket> clients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            clients.add(connect(transport));
        }
        for (int i = 0; i < count; i++) {
            clients.get(i).getOutputStream().write(("#" + i + ";").getBytes(StandardCharsets.US_ASCII));
        }
        for (int i = 0; i < count; i++) {
            byte[] expected = ("#" + i + ";").getBytes(StandardCharsets.US_ASCII);
            assertThat(clients.get(i).getInputStream().readNBytes(expected.length)).isEqualTo(expected);
        }
        assertThat(stats.maxOpen.get()).isEqualTo(count);
        for (Socket client : clients) {
            client.close();
        }
        await("all " + count + " closed", () -> stats.closedCount() == count);
        assertThat(stats.contractViolations).hasValue(0);
    }

    @Test
    @Timeout(30)
    void slowReaderKeepsQueuedBytesNearTheHighWaterMark() throws Exception {
        int readBuffer = 8 * 1024;
        int low = 16 * 1024;
        int high = 64 * 1024;
        EchoStats stats = new EchoStats();
        Transport transport = startEcho(config().readBufferSize(readBuffer).writeWaterMarks(low, high)
                .sendBufferSize(32 * 1024), stats);
        Socket socket = connect(transport, 16 * 1024);
        long total = 4L * 1024 * 1024;
        CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> {
            try {
                return writeRandom(socket.getOutputStream(), total, 3);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        // Read nothing until the server has had to stop: its queue passed the high-water mark.
        await("the server to pause reading", () -> stats.pauses() > 0);
        assertThat(readChecksum(socket.getInputStream(), total)).isEqualTo(sent.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        // setAutoRead(false) may still let one chunk already read through: high + 2 chunks at most.
        assertThat(stats.maxQueued()).as("queued bytes bounded by the high-water mark; %s", stats)
                .isLessThanOrEqualTo(high + 2L * readBuffer).isGreaterThan(high);
        assertThat(stats.writableEvents.get()).isPositive();
        assertThat(stats.contractViolations).as("%s", stats).hasValue(0);
    }

    @Test
    @Timeout(60)
    void onWritableNeverComesFromInsideTheHandlersOwnWriteOrFlush() throws Exception {
        // The flood writes past the high-water mark, then flushes; a transport whose flush sends it all
        // at once must not call onWritable from inside that flush (EchoHandler counts it).
        EchoStats stats = new EchoStats();
        long total = 32L * 1024 * 1024;
        Transport transport = start(config().writeWaterMarks(16 * 1024, 64 * 1024),
                () -> new KitHandlers.Flood(stats, total, 4));
        Socket socket = connect(transport, 32 * 1024);
        await("the flood to stop at the high-water mark", () -> stats.pauses() > 0);
        assertThat(socket.getInputStream().readNBytes((int) total)).hasSize((int) total);
        assertThat(stats.writableEvents.get()).as("only onWritable resumes a paused flood").isPositive();
        assertThat(stats.contractViolations).as("%s", stats).hasValue(0);
    }

    @Test
    @Timeout(30)
    void peerResetMidWriteClosesWithAnErrorAndLeavesOthersAlone() throws Exception {
        EchoStats stats = new EchoStats();
        Transport transport = start(config(), () -> new KitHandlers.Flood(stats, 256L * 1024 * 1024));
        Socket victim = connect(transport, 16 * 1024);
        victim.getInputStream().readNBytes(100_000);
        reset(victim); // TCP reset while the server is still writing
        await("onClose of the reset connection", () -> stats.closedCount() == 1);
        assertThat(stats.closeCauses().get(0)).isInstanceOf(IOException.class);

        Transport echo = startEcho(config(), new EchoStats());
        try (Socket other = connect(echo)) {
            assertEcho(other, "still fine");
        }
        try (Socket again = connect(transport)) { // the flooding server still accepts and serves
            assertThat(again.getInputStream().readNBytes(1000)).hasSize(1000);
        }
    }

    @Test
    @Timeout(120) // 2 x 4 MiB; took 16 s of a 30 s budget on a loaded 2-core CI box with paranoid leak detection
    void closeDeliversEverythingQueuedBeforeIt() throws Exception {
        for (boolean flushFirst : new boolean[] {true, false}) {
            EchoStats stats = new EchoStats();
            long size = 4L * 1024 * 1024; // well beyond what the socket buffers hold at close()
            CRC32 crc = new CRC32();
            List<ByteBuffer> payload = randomBuffers(size, 64 * 1024, 11, crc);
            Transport transport = start(config(), () -> new KitHandlers.WriteThenClose(stats, payload, flushFirst));
            Socket socket = connect(transport, 64 * 1024);
            assertThat(readChecksum(socket.getInputStream(), size)).as("flushFirst=%s", flushFirst).isEqualTo(crc.getValue());
            assertThat(socket.getInputStream().read()).as("end of stream after the payload").isEqualTo(-1);
            await("onClose", () -> stats.closedCount() == 1);
            assertThat(stats.closeCauses()).containsOnlyNulls();
        }
    }

    @Test
    @Timeout(60)
    void aTransportThatReleasesWrittenBuffersNoLongerReadsThemOnceDrained() throws Exception {
        long total = 8L * 1024 * 1024;
        CompletableFuture<Boolean> promised = new CompletableFuture<>();
        EchoStats stats = new EchoStats();
        Transport transport = start(config().writeWaterMarks(16 * 1024, 64 * 1024).sendBufferSize(32 * 1024),
                () -> new KitHandlers.ReuseOneArray(stats, total, 5, promised));
        Socket socket = connect(transport, 16 * 1024);
        org.junit.jupiter.api.Assumptions.assumeTrue(promised.get(WAIT.toSeconds(), TimeUnit.SECONDS),
                "this transport does not promise releasesWrittenBuffersWhenDrained()");
        // The same bytes the handler generates: 128 KiB of the seeded generator per array fill.
        java.util.Random random = new java.util.Random(5);
        CRC32 expected = new CRC32();
        byte[] fill = new byte[KitHandlers.ReuseOneArray.ARRAY];
        for (long left = total; left > 0; left -= fill.length) {
            random.nextBytes(fill);
            expected.update(fill, 0, (int) Math.min(fill.length, left));
        }
        Thread.sleep(50); // let the server fill the socket buffers and queue up before reading
        assertThat(readChecksum(socket.getInputStream(), total)).as("bytes as written, none overwritten after a reuse")
                .isEqualTo(expected.getValue());
        assertThat(stats.contractViolations).hasValue(0);
    }

    @Test
    @Timeout(30)
    void shutdownWaitsForConnectionsThatFinishWithinTheGrace() throws Exception {
        EchoStats stats = new EchoStats();
        Transport transport = start(config(), () -> new KitHandlers.SayByeLater(stats, Duration.ofMillis(200)));
        Socket a = connect(transport);
        Socket b = connect(transport);
        assertEcho(a, "a");
        assertEcho(b, "b");
        CompletableFuture<Void> done = transport.shutdown(Duration.ofSeconds(60)).toCompletableFuture();
        // Completes once both connections closed themselves, long before the 60 s grace.
        done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(a.getInputStream().readAllBytes()).isEqualTo("bye".getBytes(StandardCharsets.US_ASCII));
        assertThat(b.getInputStream().readAllBytes()).isEqualTo("bye".getBytes(StandardCharsets.US_ASCII));
        assertThat(stats.shutdownEvents).hasValue(2);
        assertThat(stats.closeCauses()).hasSize(2).containsOnlyNulls();
        assertThat(transport.shutdown(Duration.ZERO).toCompletableFuture()).as("idempotent").isDone();
        assertThatThrownBy(() -> new Socket("127.0.0.1", transport.localAddress().getPort()).close())
                .as("no longer accepting").isInstanceOf(ConnectException.class);
    }

    @Test
    @Timeout(30)
    void shutdownForceClosesConnectionsStillOpenAfterTheGrace() throws Exception {
        EchoStats stats = new EchoStats();
        Transport transport = startEcho(config(), stats);
        Socket stubborn = connect(transport);
        assertEcho(stubborn, "x");
        CompletableFuture<Void> done = transport.shutdown(Duration.ofMillis(300)).toCompletableFuture();
        await("onShutdown", () -> stats.shutdownEvents.get() == 1);
        assertThat(stats.closedCount()).as("the grace period is honoured: not closed at onShutdown").isZero();
        done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(stats.closedCount()).isEqualTo(1);
        assertThat(readsEndOfStream(stubborn)).isTrue();
        assertThat(stats.contractViolations).hasValue(0);
    }

    @Test
    @Timeout(30)
    void executeFromForeignThreadsRunsOnTheIoThreadInOrder() throws Exception {
        AtomicReference<Connection> opened = new AtomicReference<>();
        EchoStats stats = new EchoStats();
        Transport transport = start(config(), () -> new EchoHandler(stats) {
            @Override
            public void onOpen(Connection c) {
                super.onOpen(c);
                opened.set(c);
            }
        });
        Socket socket = connect(transport);
        assertEcho(socket, "open");
        Connection c = opened.get();
        assertThat(c.inEventLoop()).isFalse();
        int producers = 4;
        int perProducer = 2_000;
        KitHandlers.OrderRecorder recorder = new KitHandlers.OrderRecorder(c, producers);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perProducer; i++) {
                    int seq = i;
                    c.execute(() -> recorder.record(producer, seq));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        CompletableFuture<Void> last = new CompletableFuture<>();
        c.execute(() -> { // tasks may write: the bytes reach the peer
            c.write(ByteBuffer.wrap("from a task".getBytes(StandardCharsets.US_ASCII)));
            c.flush();
            last.complete(null);
        });
        last.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(recorder.failures()).isEmpty();
        assertThat(recorder.count()).isEqualTo(producers * perProducer);
        assertThat(socket.getInputStream().readNBytes(11)).isEqualTo("from a task".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    @Timeout(30)
    void abruptAndGarbageClientsDoNotDisturbOthers() throws Exception {
        EchoStats stats = new EchoStats();
        Transport transport = startEcho(config(), stats);
        Socket good = connect(transport);
        assertEcho(good, "before");
        for (int i = 0; i < 20; i++) {
            Socket bad = connect(transport);
            bad.getOutputStream().write(new byte[] {(byte) 0xff, 0, (byte) 0x80, 13, 10});
            if (i % 2 == 0) {
                bad.setSoLinger(true, 0); // reset
            }
            bad.close();
        }
        await("the 20 bad connections closed", () -> stats.closedCount() == 20);
        assertEcho(good, "after");
        try (Socket fresh = connect(transport)) {
            assertEcho(fresh, "fresh");
        }
        assertThat(stats.contractViolations).hasValue(0);
    }

    @Test
    @Timeout(30)
    void handlerExceptionClosesOnlyThatConnection() throws Exception {
        EchoStats stats = new EchoStats();
        Transport transport = start(config(), () -> new KitHandlers.ThrowOnBang(stats));
        Socket good = connect(transport);
        assertEcho(good, "ok");
        Socket bad = connect(transport);
        assertEcho(bad, "fine so far");
        bad.getOutputStream().write('!');
        assertThat(readsEndOfStream(bad)).isTrue();
        await("onClose of the failed connection", () -> stats.closedCount() == 1);
        assertThat(stats.closeCauses().get(0)).isInstanceOf(KitHandlers.Boom.class);
        assertEcho(good, "still ok");
        try (Socket fresh = connect(transport)) {
            assertEcho(fresh, "fresh");
        }
    }

    /**
     * A handler that only starts the connection hands it to another one
     * ({@link Connection#replaceHandler}): if the transport lets it, it gets no callback after
     * that; either way the new handler gets every later byte and the one onClose.
     */
    @Test
    @Timeout(30)
    void aStartingHandlerCanStepOutOfTheCallPath() throws Exception {
        EchoStats stats = new EchoStats();
        java.util.concurrent.atomic.AtomicInteger afterReplace = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger replaced = new java.util.concurrent.atomic.AtomicInteger();
        Transport transport = start(config(), () -> new dev.celeris.spi.ConnectionHandler() {
            private Connection connection;
            private dev.celeris.spi.ConnectionHandler next;

            @Override
            public void onOpen(Connection connection) {
                this.connection = connection;
            }

            @Override
            public void onData(ByteBuffer chunk) {
                if (next != null) {
                    if (replaced.get() > 0) afterReplace.incrementAndGet();
                    next.onData(chunk);
                    return;
                }
                next = new EchoHandler(stats);
                if (connection.replaceHandler(this, next)) replaced.incrementAndGet();
                assertThat(connection.replaceHandler(this, next)).as("only the current handler is replaced").isFalse();
                next.onOpen(connection);
                next.onData(chunk);
            }

            @Override
            public void onWritable() {
                if (next != null) {
                    if (replaced.get() > 0) afterReplace.incrementAndGet();
                    next.onWritable();
                }
            }

            @Override
            public boolean onInputClosed() {
                if (replaced.get() > 0) afterReplace.incrementAndGet();
                return next != null && next.onInputClosed();
            }

            @Override
            public void onClose(Throwable cause) {
                if (replaced.get() > 0) afterReplace.incrementAndGet();
                if (next != null) next.onClose(cause);
            }
        });
        try (Socket socket = connect(transport)) {
            assertEcho(socket, "first");
            assertEcho(socket, "second");
            assertEcho(socket, "third");
        }
        await("onClose", () -> stats.closedCount() == 1);
        assertThat(afterReplace).as("no callback reached the replaced handler").hasValue(0);
        assertThat(stats.contractViolations).hasValue(0);
    }

    @Test
    @Timeout(30)
    void bindingABusyPortFailsWithIOException() throws Exception {
        Transport first = startEcho(config(), new EchoStats());
        TransportConfig.Builder same = config().port(first.localAddress().getPort()).reuseAddress(false);
        assertThatThrownBy(() -> start(same, () -> new EchoHandler(new EchoStats()))).isInstanceOf(IOException.class);
        try (Socket socket = connect(first)) {
            assertEcho(socket, "the first listener is untouched");
        }
    }
}
