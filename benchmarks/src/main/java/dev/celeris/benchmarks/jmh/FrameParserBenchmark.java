package dev.celeris.benchmarks.jmh;

import dev.celeris.engine.internal.h2.H2Exception;
import dev.celeris.engine.internal.h2.frame.FrameListener;
import dev.celeris.engine.internal.h2.frame.FrameParser;
import dev.celeris.engine.internal.h2.frame.FrameWriter;
import dev.celeris.engine.internal.h2.frame.Frames;
import dev.celeris.engine.internal.h2.frame.Settings;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The HTTP/2 frame parser on a realistic inbound mix: per request a HEADERS (one in ten split
 * over a CONTINUATION), small DATA bodies for one request in four, WINDOW_UPDATEs, a PING, a
 * RST_STREAM and one 16 KiB upload frame per batch. The batch is fed whole, or cut into TCP-like
 * reads of 1460 or 16384 bytes (frames straddling reads exercise the accumulation buffer).
 * Scores are per frame; run with {@code -prof gc} for bytes allocated per frame:
 *
 * <pre>java -jar benchmarks/target/celeris-benchmarks.jar FrameParserBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameParserBenchmark {

    private static final int REQUESTS = 100;

    /** {@code whole}: the batch in one chunk; a number: reads of that many bytes. */
    @Param({"whole", "1460", "16384"})
    public String chunking;

    /** Whether chunks are direct buffers (what socket reads usually fill). */
    @Param({"false", "true"})
    public boolean direct;

    private ByteBuffer[] chunks;
    private FrameParser parser;
    /** Frames in one batch; must match {@link #FRAMES}. */
    private int frames;

    static final int FRAMES = 340;

    @Setup
    public void setUp(Blackhole blackhole) {
        List<Integer> lengths = new ArrayList<>();
        byte[] batch = batch(lengths);
        frames = lengths.stream().mapToInt(Integer::intValue).sum();
        if (frames != FRAMES) throw new IllegalStateException("FRAMES must be " + frames);
        int size = chunking.equals("whole") ? batch.length : Integer.parseInt(chunking);
        List<ByteBuffer> list = new ArrayList<>();
        for (int at = 0; at < batch.length; at += size) {
            int n = Math.min(size, batch.length - at);
            ByteBuffer b = direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
            b.put(batch, at, n).flip();
            list.add(b);
        }
        chunks = list.toArray(ByteBuffer[]::new);
        parser = new FrameParser(new SinkListener(blackhole), 16_384, 16_384, 16);
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void parse() throws H2Exception {
        for (ByteBuffer chunk : chunks) {
            chunk.position(0);
            parser.parse(chunk);
        }
    }

    /** One batch of frames as a client sends them, built with the writer. */
    private static byte[] batch(List<Integer> frames) {
        Random random = new Random(42);
        FrameWriter writer = new FrameWriter();
        ByteBuffer out = ByteBuffer.allocate(1 << 20);
        // A typical browser request block (~60 bytes of HPACK, mostly indexed after the first request).
        byte[] block = new byte[60];
        random.nextBytes(block);
        byte[] body = new byte[200];
        random.nextBytes(body);
        for (int i = 0; i < REQUESTS; i++) {
            int stream = 2 * i + 1;
            int before = out.position();
            if (i % 10 == 9) {
                writer.frameHeader(out, 40, Frames.TYPE_HEADERS, Frames.FLAG_NONE, stream);
                out.put(block, 0, 40);
                writer.frameHeader(out, 20, Frames.TYPE_CONTINUATION, Frames.FLAG_END_HEADERS, stream);
                out.put(block, 40, 20);
                frames.add(2);
            } else {
                writer.headers(out, stream, ByteBuffer.wrap(block), i % 4 == 0 ? Frames.FLAG_NONE : Frames.FLAG_END_STREAM);
                frames.add(1);
            }
            if (i % 4 == 0) {
                writer.data(out, stream, ByteBuffer.wrap(body), Frames.FLAG_END_STREAM);
                frames.add(1);
            }
            writer.windowUpdate(out, stream, 65_535);
            writer.windowUpdate(out, 0, 65_535);
            frames.add(1);
            frames.add(1);
            if (out.position() == before) throw new AssertionError();
        }
        writer.settings(out, new Settings().add(Settings.INITIAL_WINDOW_SIZE, 1 << 20));
        writer.settingsAck(out);
        writer.ping(out, 7);
        writer.rstStream(out, 1, 8);
        writer.dataHeader(out, 201, 16_384, Frames.FLAG_NONE);
        out.put(new byte[16_384]);
        for (int i = 0; i < 5; i++) frames.add(1);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    /** Touches what a connection would read, without doing its work. */
    private record SinkListener(Blackhole bh) implements FrameListener {
        @Override
        public void onData(int streamId, ByteBuffer data, int flowControlledLength, boolean endStream) {
            bh.consume(data.get(data.position()));
            bh.consume(flowControlledLength);
        }

        @Override
        public void onHeaders(int streamId, ByteBuffer headerBlock, boolean endStream, Priority priority) {
            bh.consume(headerBlock.get(headerBlock.position()));
            bh.consume(streamId);
        }

        @Override
        public void onPriority(int streamId, Priority priority) {
            bh.consume(priority);
        }

        @Override
        public void onRstStream(int streamId, long errorCode) {
            bh.consume(errorCode);
        }

        @Override
        public void onSettings(boolean ack, Settings settings) {
            bh.consume(settings);
        }

        @Override
        public void onPing(boolean ack, long opaqueData) {
            bh.consume(opaqueData);
        }

        @Override
        public void onGoAway(int lastStreamId, long errorCode, ByteBuffer debugData) {
            bh.consume(errorCode);
        }

        @Override
        public void onWindowUpdate(int streamId, int increment) {
            bh.consume(increment);
        }
    }
}
