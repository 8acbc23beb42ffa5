package dev.celeris.transport.nio;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The NIO write path: writability events, gathering limits, allocation. */
class NioWritePathTest extends NioTestSupport {

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
}
