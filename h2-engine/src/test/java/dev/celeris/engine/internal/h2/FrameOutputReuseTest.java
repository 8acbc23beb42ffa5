package dev.celeris.engine.internal.h2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.celeris.spi.Connection;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The frame output reuses its packing array only when the transport promises
 * {@link Connection#releasesWrittenBuffersWhenDrained()}, and then only once nothing written is
 * still held: a transport that keeps buffers queued across flushes and transmits them later sees,
 * at transmit time, exactly the bytes it was handed at write time.
 */
class FrameOutputReuseTest {

    /**
     * Holds written buffers (with a copy of their bytes at write time) until the test transmits
     * them; {@link #queuedBytes()} counts what is held, as real transports do.
     */
    static final class HoldingConnection implements Connection {
        final boolean promise;
        final ArrayDeque<ByteBuffer> held = new ArrayDeque<>();
        final ArrayDeque<byte[]> atWrite = new ArrayDeque<>();
        final List<ByteBuffer> everyWrite = new ArrayList<>();
        /** Each written buffer's position and limit at write time. */
        final List<ByteBuffer> asWritten = new ArrayList<>();
        int transmitted;

        HoldingConnection(boolean promise) {
            this.promise = promise;
        }

        @Override
        public void write(ByteBuffer... buffers) {
            for (ByteBuffer b : buffers) {
                if (!b.hasRemaining()) continue;
                byte[] copy = new byte[b.remaining()];
                b.duplicate().get(copy);
                held.add(b);
                atWrite.add(copy);
                everyWrite.add(b);
                asWritten.add(b.duplicate());
            }
        }

        /** Sends (and forgets) the {@code n} oldest buffers, checking their bytes did not change since the write. */
        void transmit(int n) {
            for (int i = 0; i < n && !held.isEmpty(); i++) {
                ByteBuffer b = held.poll();
                byte[] now = new byte[b.remaining()];
                b.get(now); // consumes, as a socket write does
                assertArrayEquals(atWrite.poll(), now, "a written buffer changed while the transport held it");
                transmitted++;
            }
        }

        void transmitAll() {
            transmit(Integer.MAX_VALUE);
        }

        @Override public void flush() { }
        @Override public boolean releasesWrittenBuffersWhenDrained() { return promise; }
        @Override public boolean isWritable() { return true; }
        @Override public long queuedBytes() {
            long n = 0;
            for (ByteBuffer b : held) n += b.remaining();
            return n;
        }
        @Override public void execute(Runnable task) { task.run(); }
        @Override public boolean inEventLoop() { return true; }
        @Override public boolean isOpen() { return true; }
        @Override public SocketAddress remoteAddress() { return null; }
        @Override public SocketAddress localAddress() { return null; }
        @Override public void close() { }
        @Override public void abort() { }
    }

    private static void batch(FrameOutput out, int stream, byte[] body) {
        out.ping(false, stream);
        out.data(stream, ByteBuffer.wrap(body), true);
        out.flush();
    }

    @Test
    void aDrainedTransportGetsTheSameArrayAndViewBack() {
        HoldingConnection c = new HoldingConnection(true);
        FrameOutput out = new FrameOutput(c, H2Events.DISABLED);
        batch(out, 1, new byte[20]);
        c.transmitAll();
        batch(out, 3, new byte[20]);
        c.transmitAll();
        assertEquals(2, c.everyWrite.size());
        assertSame(c.everyWrite.get(0).array(), c.everyWrite.get(1).array(), "the array is reused once drained");
        assertSame(c.everyWrite.get(0), c.everyWrite.get(1), "and so is the view handed over");
    }

    @Test
    void bytesStillHeldAreNeverOverwritten() {
        Random random = new Random(17);
        for (boolean promise : new boolean[] {true, false}) {
            HoldingConnection c = new HoldingConnection(promise);
            FrameOutput out = new FrameOutput(c, H2Events.DISABLED);
            for (int i = 0; i < 2_000; i++) {
                byte[] body = new byte[random.nextInt(random.nextBoolean() ? 100 : 3_000)];
                random.nextBytes(body);
                batch(out, 2 * i + 1, body);
                // the transport sends some of what it holds, at random; sometimes all, sometimes nothing
                int r = random.nextInt(4);
                if (r == 0) c.transmitAll();
                else if (r == 1) c.transmit(random.nextInt(3));
            }
            c.transmitAll();
            assertTrue(c.transmitted > 2_000);
        }
    }

    @Test
    void withoutThePromiseNothingIsReused() {
        HoldingConnection c = new HoldingConnection(false);
        FrameOutput out = new FrameOutput(c, H2Events.DISABLED);
        batch(out, 1, new byte[20]);
        c.transmitAll();
        batch(out, 3, new byte[20]);
        c.transmitAll();
        assertNotSame(c.everyWrite.get(0), c.everyWrite.get(1));
        ByteBuffer first = c.asWritten.get(0);
        ByteBuffer second = c.asWritten.get(1);
        assertTrue(first.array() != second.array() || first.limit() <= second.position(),
                "the second batch goes after the first, never over it");
    }
}
