package dev.celeris.benchmarks.jmh;

import dev.celeris.engine.HttpHandler;
import dev.celeris.spi.Connection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * {@code ConnectionHandler.onData}, the handler answers {@code "Hello, World!"} with
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

    @Param({"virtual", "inline"})
    public String dispatch;

    private InMemoryH2Client client;

    @Setup(Level.Iteration)
    public void open() {
        HttpHandler hello = (req, res) -> res.header("content-type", "text/plain").send(HELLO);
        HttpHandler app = dispatch.equals("inline") ? HttpHandler.nonBlocking(hello) : hello;
        // GET http / :authority "bench": the first request indexes :authority (0x41 = literal with
        // incremental indexing, name index 1), later ones take it from the dynamic table (0xbe)
        client = new InMemoryH2Client(app, new byte[] {(byte) 0x82, (byte) 0x86, (byte) 0x84, 0x41, 5, 'b', 'e', 'n', 'c', 'h'},
                new byte[] {(byte) 0x82, (byte) 0x86, (byte) 0x84, (byte) 0xbe});
    }

    @Benchmark
    public long roundTrip() {
        return client.roundTrip();
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

        /** Like the real transports (nio, netty, the TLS layer): flush copies the bytes out and forgets the buffers. */
        @Override public boolean releasesWrittenBuffersWhenDrained() { return true; }
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
