package dev.celeris.engine.internal.h2.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.internal.h2.H2Error;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interop with Netty's frame codec (test scope only): frames Netty's {@code DefaultHttp2FrameWriter}
 * writes parse with our parser (every way), and frames our writer writes read with Netty's
 * {@code DefaultHttp2FrameReader}. Padding, priority, CONTINUATION splitting and unknown types
 * included, so the two implementations agree on the wire, not only with our own fixtures.
 */
@Timeout(30)
class NettyFrameInteropTest {

    private EmbeddedChannel channel;
    private ChannelHandlerContext ctx;

    @BeforeEach
    void setUp() {
        channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
        ctx = channel.pipeline().firstContext();
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    private byte[] nettyWrites(Consumer<DefaultHttp2FrameWriter> write) {
        DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
        write.accept(writer);
        channel.flush();
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = ByteBufUtil.getBytes(all);
        all.release();
        return bytes;
    }

    private static Http2Headers requestHeaders(int bigValue) {
        Http2Headers headers = new DefaultHttp2Headers().method("POST").scheme("https").authority("example.com").path("/upload");
        headers.add("user-agent", "celeris-test");
        if (bigValue > 0) headers.add("x-big", "v".repeat(bigValue));
        return headers;
    }

    /** One decoder for the connection: blocks must be decoded in order (HPACK dynamic table). */
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(true, 1 << 20);

    private String decode(String hexBlock) throws Http2Exception {
        ByteBuf block = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hexBlock));
        try {
            Http2Headers decoded = decoder.decodeHeaders(1, block);
            List<String> fields = new ArrayList<>();
            decoded.forEach(e -> fields.add(e.getKey() + "=" + (e.getValue().length() > 20 ? e.getValue().length() + " chars" : e.getValue())));
            return String.join(",", fields);
        } finally {
            block.release();
        }
    }

    @Test
    void nettyFramesParseWithOurParser() throws Exception {
        byte[] bytes = nettyWrites(w -> {
            w.writeSettings(ctx, new Http2Settings().initialWindowSize(1 << 20).maxConcurrentStreams(100).pushEnabled(false),
                    ctx.newPromise());
            w.writeSettingsAck(ctx, ctx.newPromise());
            w.writePing(ctx, false, 0x1122334455667788L, ctx.newPromise());
            w.writeHeaders(ctx, 1, requestHeaders(0), 0, false, ctx.newPromise());
            w.writeData(ctx, 1, Unpooled.wrappedBuffer("body".getBytes(StandardCharsets.US_ASCII)), 6, true, ctx.newPromise());
            // A 20,000-character value makes Netty split the block into HEADERS + CONTINUATION.
            w.writeHeaders(ctx, 3, requestHeaders(20_000), 3, (short) 42, true, 11, true, ctx.newPromise());
            w.writePriority(ctx, 5, 3, (short) 256, false, ctx.newPromise());
            w.writeRstStream(ctx, 3, H2Error.CANCEL.code(), ctx.newPromise());
            w.writeWindowUpdate(ctx, 0, 100_000, ctx.newPromise());
            w.writeFrame(ctx, (byte) 0x42, 7, new Http2Flags((short) 0x5), Unpooled.wrappedBuffer(new byte[] {9, 9}), ctx.newPromise());
            w.writeGoAway(ctx, 3, H2Error.NO_ERROR.code(), Unpooled.wrappedBuffer("bye".getBytes(StandardCharsets.US_ASCII)),
                    ctx.newPromise());
        });
        List<String> events = Feed.allWays(bytes, l -> new FrameParser(l, 16_384, 65_536, 16));
        assertThat(events).hasSize(11);
        assertThat(events.get(0)).isEqualTo("SETTINGS {ENABLE_PUSH=0, MAX_CONCURRENT_STREAMS=100, INITIAL_WINDOW_SIZE=1048576}");
        assertThat(events.get(1)).isEqualTo("SETTINGS ACK {}");
        assertThat(events.get(2)).isEqualTo("PING 1122334455667788");
        assertThat(events.get(3)).startsWith("HEADERS 1 ").doesNotContain("END_STREAM");
        assertThat(decode(events.get(3).split(" ")[2]))
                .isEqualTo(":method=POST,:scheme=https,:authority=example.com,:path=/upload,user-agent=celeris-test");
        // Netty's padding of 6 is the pad length octet plus 5 zero octets.
        assertThat(events.get(4)).isEqualTo("DATA 1 626f6479 flow=10 END_STREAM");
        assertThat(events.get(5)).startsWith("HEADERS 3 ").endsWith(" END_STREAM Priority[streamDependency=3, weight=42, exclusive=true]");
        assertThat(decode(events.get(5).split(" ")[2])).endsWith(",x-big=20000 chars");
        assertThat(events.get(6)).isEqualTo("PRIORITY 5 Priority[streamDependency=3, weight=256, exclusive=false]");
        assertThat(events.get(7)).isEqualTo("RST_STREAM 3 CANCEL");
        assertThat(events.get(8)).isEqualTo("WINDOW_UPDATE 0 100000");
        assertThat(events.get(9)).isEqualTo("UNKNOWN type=66 flags=5 7 0909");
        assertThat(events.get(10)).isEqualTo("GOAWAY 3 NO_ERROR 627965");
    }

    @Test
    void ourFramesReadWithNettysReader() throws Exception {
        FrameWriter writer = new FrameWriter();
        ByteBuffer out = ByteBuffer.allocate(100_000);
        writer.settings(out, new Settings().add(Settings.MAX_CONCURRENT_STREAMS, 100).add(Settings.INITIAL_WINDOW_SIZE, 1 << 20));
        writer.settingsAck(out);
        writer.pingAck(out, -2);
        ByteBuf encoded = Unpooled.buffer();
        new DefaultHttp2HeadersEncoder().encodeHeaders(1, requestHeaders(50_000), encoded);
        int blockLength = encoded.readableBytes();
        assertThat(blockLength).isGreaterThan(2 * 16_384); // three frames: HEADERS + 2 CONTINUATION
        writer.headers(out, 1, encoded.nioBuffer(), Frames.FLAG_END_STREAM);
        encoded.release();
        writer.dataHeader(out, 1, 3, Frames.FLAG_NONE);
        out.put(new byte[] {1, 2, 3});
        writer.data(out, 1, ByteBuffer.allocate(0), Frames.FLAG_END_STREAM);
        writer.rstStream(out, 1, 0x1f);
        writer.windowUpdate(out, 1, Integer.MAX_VALUE);
        writer.priority(out, 3, new FrameListener.Priority(1, 16, true));
        writer.goAway(out, 1, H2Error.ENHANCE_YOUR_CALM.code(), ByteBuffer.wrap(new byte[] {'x'}));
        out.flip();

        List<String> events = new ArrayList<>();
        Http2FrameAdapter listener = new Http2FrameAdapter() {
            @Override
            public void onSettingsRead(ChannelHandlerContext c, Http2Settings settings) {
                events.add("SETTINGS " + settings.maxConcurrentStreams() + " " + settings.initialWindowSize());
            }

            @Override
            public void onSettingsAckRead(ChannelHandlerContext c) {
                events.add("SETTINGS ACK");
            }

            @Override
            public void onPingAckRead(ChannelHandlerContext c, long data) {
                events.add("PING ACK " + data);
            }

            @Override
            public void onHeadersRead(ChannelHandlerContext c, int streamId, Http2Headers headers, int padding, boolean endStream) {
                events.add("HEADERS " + streamId + " " + headers.path() + " " + headers.get("x-big").length() + " " + endStream);
            }

            @Override
            public int onDataRead(ChannelHandlerContext c, int streamId, ByteBuf data, int padding, boolean endOfStream) {
                events.add("DATA " + streamId + " " + ByteBufUtil.hexDump(data) + " " + endOfStream);
                return data.readableBytes() + padding;
            }

            @Override
            public void onRstStreamRead(ChannelHandlerContext c, int streamId, long errorCode) {
                events.add("RST_STREAM " + streamId + " " + errorCode);
            }

            @Override
            public void onWindowUpdateRead(ChannelHandlerContext c, int streamId, int increment) {
                events.add("WINDOW_UPDATE " + streamId + " " + increment);
            }

            @Override
            public void onPriorityRead(ChannelHandlerContext c, int streamId, int dependency, short weight, boolean exclusive) {
                events.add("PRIORITY " + streamId + " " + dependency + " " + weight + " " + exclusive);
            }

            @Override
            public void onGoAwayRead(ChannelHandlerContext c, int lastStreamId, long errorCode, ByteBuf debugData) {
                events.add("GOAWAY " + lastStreamId + " " + errorCode + " " + debugData.toString(StandardCharsets.US_ASCII));
            }
        };
        DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader(new DefaultHttp2HeadersDecoder(true, 1 << 20));
        ByteBuf in = Unpooled.wrappedBuffer(out);
        try {
            while (in.isReadable()) reader.readFrame(ctx, in, listener);
        } finally {
            in.release();
            reader.close();
        }
        assertThat(events).containsExactly(
                "SETTINGS 100 1048576",
                "SETTINGS ACK",
                "PING ACK -2",
                "HEADERS 1 /upload 50000 true",
                "DATA 1 010203 false",
                "DATA 1  true",
                "RST_STREAM 1 31",
                "WINDOW_UPDATE 1 2147483647",
                "PRIORITY 3 1 16 true",
                "GOAWAY 1 11 x");
    }
}
