package dev.celeris.spi.testkit;

import dev.celeris.spi.Connection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Scripted handlers for the kit's cases. */
final class KitHandlers {

    private KitHandlers() {
    }

    /** Thrown by {@link ThrowOnBang}: the test checks it arrives as the onClose cause. */
    static final class Boom extends RuntimeException {
        Boom() {
            super("handler failure requested by the test ('!')");
        }
    }

    /** Echoes, but throws from onData when a chunk contains {@code '!'}. */
    static final class ThrowOnBang extends EchoHandler {
        ThrowOnBang(EchoStats stats) {
            super(stats);
        }

        @Override
        public void onData(ByteBuffer chunk) {
            for (int i = chunk.position(); i < chunk.limit(); i++) {
                if (chunk.get(i) == '!') {
                    throw new Boom();
                }
            }
            super.onData(chunk);
        }
    }

    /** A handler that ignores what it reads and writes whenever the connection is writable again. */
    abstract static class Pump extends EchoHandler {
        Pump(EchoStats stats) {
            super(stats);
        }

        /** Writes while the connection is writable (and there is more to send). */
        abstract void pump();

        @Override
        public void onData(ByteBuffer chunk) {
            chunk.position(chunk.limit());
        }

        @Override
        public void onWritable() {
            super.onWritable();
            pump();
        }
    }

    /**
     * Sends {@code total} pseudo-random bytes (seeded: the client recomputes them) through one
     * reused array, as the HTTP/2 engine packs frames when the transport promises
     * {@link Connection#releasesWrittenBuffersWhenDrained()}: slices are written one after another
     * until the array is used up, then the handler waits until every write was flushed and
     * {@code queuedBytes()} is 0 and overwrites the array with the next bytes. A transport that
     * still read a buffer after reporting 0 would send the overwritten bytes: the client's
     * checksum catches it. Without the promise it only records that and sends nothing.
     */
    static final class ReuseOneArray extends Pump {
        static final int ARRAY = 128 * 1024;
        static final int SLICE = 16 * 1024;
        private final byte[] array = new byte[ARRAY];
        private final java.util.Random random;
        private final long total;
        private final CompletableFuture<Boolean> promised;
        private long sent;
        private int used = ARRAY; // nothing filled yet
        private boolean recheck;
        int rewinds;

        ReuseOneArray(EchoStats stats, long total, long seed, CompletableFuture<Boolean> promised) {
            super(stats);
            this.total = total;
            this.random = new java.util.Random(seed);
            this.promised = promised;
        }

        @Override
        public void onOpen(Connection connection) {
            super.onOpen(connection);
            promised.complete(connection.releasesWrittenBuffersWhenDrained());
            if (connection.releasesWrittenBuffersWhenDrained()) pump();
        }

        @Override
        void pump() {
            recheck = false;
            while (sent < total && connection.isWritable()) {
                if (used == ARRAY) {
                    if (connection.queuedBytes() != 0) { // the transport may still read the array: wait
                        if (!recheck) {
                            recheck = true;
                            Thread.ofPlatform().daemon().start(() -> {
                                try {
                                    Thread.sleep(1);
                                } catch (InterruptedException e) {
                                    return;
                                }
                                connection.execute(this::pump);
                            });
                        }
                        return;
                    }
                    random.nextBytes(array);
                    used = 0;
                    rewinds++;
                }
                int n = (int) Math.min(SLICE, total - sent);
                connection.write(ByteBuffer.wrap(array, used, n));
                connection.flush();
                used += SLICE;
                sent += n;
            }
        }
    }

    /** Sends {@code total} bytes as fast as back-pressure allows, ignoring input. */
    static final class Flood extends Pump {
        private static final byte[] BLOCK = new byte[64 * 1024];
        private final long total;
        private final int blocksPerFlush;
        private long sent;

        Flood(EchoStats stats, long total) {
            this(stats, total, 1);
        }

        /** Writes {@code blocksPerFlush} blocks before each flush (several: past the high-water mark first). */
        Flood(EchoStats stats, long total, int blocksPerFlush) {
            super(stats);
            this.total = total;
            this.blocksPerFlush = blocksPerFlush;
        }

        @Override
        public void onOpen(Connection connection) {
            super.onOpen(connection);
            pump();
        }

        @Override
        void pump() {
            while (connection.isWritable() && sent < total) {
                for (int i = 0; i < blocksPerFlush && sent < total; i++) {
                    connection.write(ByteBuffer.wrap(BLOCK));
                    sent += BLOCK.length;
                }
                connection.flush();
            }
            if (sent < total) {
                stats.pauses.incrementAndGet(); // stopped at the high-water mark: onWritable resumes it
            }
        }
    }

    /** On open, queues {@code payload} (optionally flushing), then closes at once. */
    static final class WriteThenClose extends EchoHandler {
        private final List<ByteBuffer> payload;
        private final boolean flushFirst;

        WriteThenClose(EchoStats stats, List<ByteBuffer> payload, boolean flushFirst) {
            super(stats);
            this.payload = payload;
            this.flushFirst = flushFirst;
        }

        @Override
        public void onOpen(Connection connection) {
            super.onOpen(connection);
            for (ByteBuffer b : payload) {
                connection.write(b.duplicate());
            }
            if (flushFirst) {
                connection.flush();
            }
            connection.close();
            connection.write(ByteBuffer.wrap("dropped: written after close".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    /** Echoes; on shutdown waits {@code delay} (off the I/O thread), then sends "bye" and closes. */
    static final class SayByeLater extends EchoHandler {
        private final Duration delay;

        SayByeLater(EchoStats stats, Duration delay) {
            super(stats);
            this.delay = delay;
        }

        @Override
        public void onShutdown() {
            super.onShutdown();
            Connection c = connection;
            CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(() -> c.execute(() -> {
                c.write(ByteBuffer.wrap("bye".getBytes(StandardCharsets.US_ASCII)));
                c.flush();
                c.close();
            }));
        }
    }

    /** Echoes; when the peer half-closes, keeps the connection and answers later from another thread. */
    static final class ReplyAfterInputClosed extends EchoHandler {
        ReplyAfterInputClosed(EchoStats stats) {
            super(stats);
        }

        @Override
        public boolean onInputClosed() {
            Connection c = connection;
            CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(() -> c.execute(() -> {
                c.write(ByteBuffer.wrap(" + late reply".getBytes(StandardCharsets.US_ASCII)));
                c.flush();
                c.close();
            }));
            return true;
        }
    }

    /** Records tasks from several producers and checks each producer's order and the thread. */
    static final class OrderRecorder {
        private final Connection connection;
        private final int[] lastSeq;
        private final AtomicInteger count = new AtomicInteger();
        private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

        OrderRecorder(Connection connection, int producers) {
            this.connection = connection;
            this.lastSeq = new int[producers];
            java.util.Arrays.fill(lastSeq, -1);
        }

        void record(int producer, int seq) {
            if (!connection.inEventLoop()) {
                failures.add("task of producer " + producer + " ran on " + Thread.currentThread().getName());
            }
            if (seq != lastSeq[producer] + 1) {
                failures.add("producer " + producer + ": task " + seq + " ran after " + lastSeq[producer]);
            }
            lastSeq[producer] = seq;
            count.incrementAndGet();
        }

        int count() {
            return count.get();
        }

        List<String> failures() {
            synchronized (failures) {
                return new ArrayList<>(failures);
            }
        }
    }
}
