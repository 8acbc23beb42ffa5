package dev.celeris.benchmarks.jmh;

import dev.celeris.engine.Headers;
import dev.celeris.engine.internal.hpack.HeaderSink;
import dev.celeris.engine.internal.hpack.HpackDecoder;
import dev.celeris.engine.internal.hpack.HpackEncoder;
import dev.celeris.engine.internal.hpack.HpackException;
import dev.celeris.engine.internal.hpack.HpackOutput;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * HPACK encode and decode of a realistic browser request and server response, Celeris vs Netty.
 *
 * <ul>
 *   <li>{@code encode*}: one header block on a warm connection (the dynamic table already holds
 *       the repeated fields, as it does from the second request on).</li>
 *   <li>{@code decode*Warm}: the steady-state block (mostly indexed fields) on a warm decoder.</li>
 *   <li>{@code decode*Cold}: the first block of a connection (literals, Huffman strings, table
 *       inserts) with a fresh decoder each time; the same bytes for both implementations.</li>
 *   <li>{@code celerisDecode*} with a sink that builds an engine {@link Headers} per block, as
 *       Netty builds an {@code Http2Headers} per block; {@code celerisDecodeRaw*} with a sink
 *       that only consumes the strings.</li>
 * </ul>
 *
 * Run: {@code java -jar benchmarks/target/celeris-benchmarks.jar HpackBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HpackBenchmark {

    static final String[] REQUEST = {
        ":method", "GET",
        ":scheme", "https",
        ":authority", "www.example.com",
        ":path", "/api/v1/users/12345?include=profile",
        "user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        "accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "accept-encoding", "gzip, deflate, br",
        "accept-language", "en-US,en;q=0.9",
        "cookie", "session=abcdef0123456789abcdef0123456789; theme=dark",
        "cache-control", "no-cache",
    };

    static final String[] RESPONSE = {
        ":status", "200",
        "content-type", "application/json; charset=utf-8",
        "content-length", "1234",
        "date", "Wed, 25 Nov 2026 12:00:00 GMT",
        "server", "celeris",
        "cache-control", "no-store",
        "vary", "accept-encoding",
        "x-request-id", "7f3c2a1e-9b4d-4e8a-a1c2-3d4e5f6a7b8c",
    };

    @Param({"request", "response"})
    public String headers;

    private String[] fields;

    private HpackEncoder celerisEncoder;
    private final HpackOutput celerisOut = new HpackOutput(1024);
    private DefaultHttp2HeadersEncoder nettyEncoder;
    private Http2Headers nettyHeaders;
    private final ByteBuf nettyOut = Unpooled.buffer(1024);

    private byte[] firstBlock;
    private byte[] steadyBlock;
    private HpackDecoder celerisWarmDecoder;
    private DefaultHttp2HeadersDecoder nettyWarmDecoder;
    private ByteBuf nettySteady;
    private ByteBuf nettyFirst;

    private HeaderSink blackholeSink;

    @Setup
    public void setup(Blackhole bh) throws Exception {
        blackholeSink = (n, v) -> {
            bh.consume(n);
            bh.consume(v);
        };
        fields = headers.equals("request") ? REQUEST : RESPONSE;
        celerisEncoder = new HpackEncoder();
        nettyEncoder = new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.NEVER_SENSITIVE, true);
        nettyHeaders = new DefaultHttp2Headers(false);
        for (int i = 0; i < fields.length; i += 2) nettyHeaders.add(fields[i], fields[i + 1]);
        // Warm both encoders' dynamic tables with one block, as after the first request.
        celerisEncode();
        nettyEncode();

        // Decoder inputs: the first and the steady-state block of one connection, from our encoder.
        HpackEncoder encoder = new HpackEncoder();
        firstBlock = encodeWith(encoder);
        steadyBlock = encodeWith(encoder);
        celerisWarmDecoder = new HpackDecoder(4096, 1 << 20);
        celerisWarmDecoder.decode(ByteBuffer.wrap(firstBlock), (n, v) -> { });
        nettyWarmDecoder = new DefaultHttp2HeadersDecoder(false, 1 << 20);
        nettyWarmDecoder.decodeHeaders(1, Unpooled.wrappedBuffer(firstBlock));
        nettySteady = Unpooled.wrappedBuffer(steadyBlock);
        nettyFirst = Unpooled.wrappedBuffer(firstBlock);
        if (celerisDecodeWarm().size() != fields.length / 2 || nettyDecodeWarm().size() != fields.length / 2) {
            throw new IllegalStateException("decoders disagree on the benchmark block");
        }
    }

    private byte[] encodeWith(HpackEncoder encoder) {
        HpackOutput out = new HpackOutput();
        encoder.beginBlock(out);
        for (int i = 0; i < fields.length; i += 2) encoder.encode(fields[i], fields[i + 1], out);
        return out.toByteArray();
    }

    @Benchmark
    public int celerisEncode() {
        HpackOutput out = celerisOut;
        out.reset();
        HpackEncoder encoder = celerisEncoder;
        encoder.beginBlock(out);
        String[] f = fields;
        for (int i = 0; i < f.length; i += 2) encoder.encode(f[i], f[i + 1], out);
        return out.size();
    }

    @Benchmark
    public int nettyEncode() throws Http2Exception {
        ByteBuf out = nettyOut;
        out.clear();
        nettyEncoder.encodeHeaders(1, nettyHeaders, out);
        return out.readableBytes();
    }

    @Benchmark
    public Headers celerisDecodeWarm() throws HpackException {
        Headers h = new Headers(16);
        celerisWarmDecoder.decode(ByteBuffer.wrap(steadyBlock), h::add);
        return h;
    }

    @Benchmark
    public void celerisDecodeRawWarm() throws HpackException {
        celerisWarmDecoder.decode(ByteBuffer.wrap(steadyBlock), blackholeSink);
    }

    @Benchmark
    public Http2Headers nettyDecodeWarm() throws Http2Exception {
        return nettyWarmDecoder.decodeHeaders(1, nettySteady.readerIndex(0));
    }

    @Benchmark
    public Headers celerisDecodeCold() throws HpackException {
        Headers h = new Headers(16);
        new HpackDecoder(4096, 1 << 20).decode(ByteBuffer.wrap(firstBlock), h::add);
        return h;
    }

    @Benchmark
    public void celerisDecodeRawCold() throws HpackException {
        new HpackDecoder(4096, 1 << 20).decode(ByteBuffer.wrap(firstBlock), blackholeSink);
    }

    @Benchmark
    public Http2Headers nettyDecodeCold() throws Http2Exception {
        return new DefaultHttp2HeadersDecoder(false, 1 << 20).decodeHeaders(1, nettyFirst.readerIndex(0));
    }

}
