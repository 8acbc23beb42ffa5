package dev.celeris.benchmarks.jmh;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpEngine;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.Protocols;
import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One HTTP/2 request/response round trip through the whole engine, in memory: a HEADERS frame
 * (the HPACK bytes h2load sends once its dynamic table is warm) goes into
 * {@link ConnectionHandler#onData}, the handler answers {@code "Hello, World!"} with
 * {@code send}, and the op ends when the response's END_STREAM has been flushed. The benchmark
 * thread plays the connection's I/O thread (it runs the tasks handed to
 * {@link Connection#execute}). {@code dispatch=virtual} runs the handler on a virtual thread
 * (the default), {@code inline} on the I/O thread ({@link HttpHandler#nonBlocking}).
 * Run with {@code -prof gc} for bytes allocated per request:
 *
 * <pre>java -jar benchmarks/target/celeris-benchmarks.jar EngineRoundTripBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineRoundTripBenchmark {

    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Param({"virtual", "inline"})
    public String dispatch;

    private LoopConnection connection;
    private ConnectionHandler handler;
    private int streamId;
    private long responseBytes;
    /** HEADERS (END_STREAM|END_HEADERS): GET http / with :authority "bench" from the dynamic table. */
    private final byte[] warmHeaders = frame(0x1, 0x5, 0, new byte[] {(byte) 0x82, (byte) 0x86, (byte) 0x84, (byte) 0xbe});

    @Setup(Level.Iteration)
    public void open() {
        HttpHandler hello = (req, res) -> res.header("content-type", "text/plain").send(HELLO);
        HttpHandler app = dispatch.equals("inline") ? HttpHandler.nonBlocking(hello) : hello;
        EngineConfig config = EngineConfig.builder().protocols(Protocols.HTTP2_ONLY).idleTimeout(Duration.ofHours(1)).build();
        handler = HttpEngine.create(config, app).newHandler();
        connection = new LoopConnection(Thread.currentThread());
        handler.onOpen(connection);
        byte[] settings = frame(0x4, 0, 0, new byte[0]);
        byte[] ack = frame(0x4, 0x1, 0, new byte[0]);
        // the first request indexes :authority (0x41 = literal with incremental indexing, name index 1)
        byte[] first = frame(0x1, 0x5, 1, new byte[] {(byte) 0x82, (byte) 0x86, (byte) 0x84, 0x41, 5, 'b', 'e', 'n', 'c', 'h'});
        handler.onData(ByteBuffer.wrap(concat(PREFACE, settings, ack, first)));
        streamId = 1;
        responseBytes = 0;
        awaitResponses(1);
    }

    @Benchmark
    public long roundTrip() {
        streamId += 2;
        byte[] h = warmHeaders;
        h[5] = (byte) (streamId >>> 24);
        h[6] = (byte) (streamId >>> 16);
        h[7] = (byte) (streamId >>> 8);
        h[8] = (byte) streamId;
        long target = connection.completed + 1; // an inline handler answers within onData
        handler.onData(ByteBuffer.wrap(h));
        awaitResponses(target);
        // give the connection window back, as a client does
        if (connection.dataBytes - responseBytes > 32_768) {
            int n = (int) (connection.dataBytes - responseBytes);
            responseBytes = connection.dataBytes;
            handler.onData(ByteBuffer.wrap(frame(0x8, 0, 0, ByteBuffer.allocate(4).putInt(n).array())));
        }
        return connection.completed;
    }

    private void awaitResponses(long target) {
        LoopConnection c = connection;
        while (c.completed < target) {
            Runnable task = c.tasks.poll();
            if (task != null) task.run();
            else Thread.onSpinWait();
        }
    }

    static byte[] frame(int type, int flags, int stream, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        b.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        b.put((byte) type).put((byte) flags).putInt(stream).put(payload);
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) b.put(p);
        return b.array();
    }

    /**
     * The benchmark thread's side of a connection: tasks from other threads queue up until the
     * benchmark runs them; flushed bytes are scanned for frames ending a stream (every flush
     * ends on a frame boundary) and then dropped.
     */
    static final class LoopConnection implements Connection {
        private static final SocketAddress REMOTE = new InetSocketAddress(40000);
        private static final SocketAddress LOCAL = new InetSocketAddress(8080);
        final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final Thread owner;
        private final List<ByteBuffer> pending = new ArrayList<>();
        private byte[] scratch = new byte[64 * 1024];
        long completed;
        long dataBytes;

        LoopConnection(Thread owner) {
            this.owner = owner;
        }

        @Override
        public void write(ByteBuffer... buffers) {
            for (ByteBuffer b : buffers) pending.add(b);
        }

        @Override
        public void flush() {
            int n = 0;
            for (ByteBuffer b : pending) n += b.remaining();
            if (scratch.length < n) scratch = new byte[n];
            int p = 0;
            for (ByteBuffer b : pending) {
                int r = b.remaining();
                b.get(b.position(), scratch, p, r);
                p += r;
            }
            pending.clear();
            for (int i = 0; i + 9 <= n; ) {
                int length = (scratch[i] & 0xff) << 16 | (scratch[i + 1] & 0xff) << 8 | (scratch[i + 2] & 0xff);
                int type = scratch[i + 3];
                int flags = scratch[i + 4];
                int stream = (scratch[i + 5] & 0x7f) << 24 | (scratch[i + 6] & 0xff) << 16 | (scratch[i + 7] & 0xff) << 8 | (scratch[i + 8] & 0xff);
                if (type == 0x0) dataBytes += length;
                if (stream != 0 && (type == 0x0 || type == 0x1) && (flags & 0x1) != 0) completed++;
                i += 9 + length;
            }
        }

        @Override public boolean isWritable() { return true; }
        @Override public long queuedBytes() { return 0; }
        @Override public void execute(Runnable task) { tasks.add(task); }
        @Override public boolean inEventLoop() { return Thread.currentThread() == owner; }
        @Override public boolean isOpen() { return true; }
        @Override public SocketAddress remoteAddress() { return REMOTE; }
        @Override public SocketAddress localAddress() { return LOCAL; }
        @Override public void close() { }
        @Override public void abort() { }
    }
}
