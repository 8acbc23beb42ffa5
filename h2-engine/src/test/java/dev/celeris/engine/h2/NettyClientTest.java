package dev.celeris.engine.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Netty's HTTP/2 client (frame codec + multiplexer, prior knowledge) against every transport. */
@Timeout(60)
class NettyClientTest {

    static Stream<TransportProvider> transports() {
        return Transports.available().stream();
    }

    record Reply(String status, String body) {
    }

    /** Collects one stream's response. */
    static final class Collector extends SimpleChannelInboundHandler<Http2StreamFrame> {
        final CompletableFuture<Reply> reply = new CompletableFuture<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        String status;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
            boolean end = false;
            if (frame instanceof Http2HeadersFrame h) {
                if (status == null) status = String.valueOf(h.headers().status());
                end = h.isEndStream();
            } else if (frame instanceof Http2DataFrame d) {
                body.writeBytes(ByteBufUtil.getBytes(d.content()));
                end = d.isEndStream();
            }
            if (end) reply.complete(new Reply(status, body.toString(StandardCharsets.UTF_8)));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            reply.completeExceptionally(cause);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void nettyHttp2Client(TransportProvider provider) throws Exception {
        var group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (TestServer server = TestServer.start(provider, TestServer.APP)) {
            Channel channel = connect(group, server.port());
            List<Collector> collectors = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Collector c = new Collector();
                Http2StreamChannel stream = new Http2StreamChannelBootstrap(channel).handler(c).open().sync().getNow();
                boolean post = i % 2 == 1;
                var headers = new DefaultHttp2Headers().method(post ? "POST" : "GET").path(post ? "/echo" : "/hello")
                        .scheme("http").authority("127.0.0.1:" + server.port());
                stream.write(new DefaultHttp2HeadersFrame(headers, !post));
                if (post) {
                    stream.write(new DefaultHttp2DataFrame(Unpooled.copiedBuffer("body-" + i, StandardCharsets.UTF_8), true));
                }
                stream.flush();
                collectors.add(c);
            }
            for (int i = 0; i < collectors.size(); i++) {
                Reply r = collectors.get(i).reply.get(20, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo("200");
                assertThat(r.body()).isEqualTo(i % 2 == 1 ? "body-" + i : "hello");
            }
            channel.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** An HTTP/2 connection of Netty's client (frame codec + multiplexer) to 127.0.0.1:{@code port}. */
    static Channel connect(EventLoopGroup group, int port) throws InterruptedException {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                                new Http2MultiplexHandler(new SimpleChannelInboundHandler<Object>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                        // no server push
                                    }
                                }));
                    }
                }).connect("127.0.0.1", port).sync().channel();
    }
}
