package dev.celeris.compliance.interop;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
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
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Netty's HTTP/2 client: {@code Http2FrameCodec} + {@code Http2MultiplexHandler}, one stream channel per request. */
final class NettyClient implements InteropClient {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @Override
    public String name() {
        return "Netty HTTP/2 client";
    }

    @Override
    public Outcome run(Scenario s, String base) throws Exception {
        URI uri = URI.create(base + s.path());
        Channel conn = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().initialSettings(
                                io.netty.handler.codec.http2.Http2Settings.defaultSettings().initialWindowSize(1 << 20)).build(),
                                new Http2MultiplexHandler(new SimpleChannelInboundHandler<Object>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                    }
                                }));
                    }
                })
                .connect(uri.getHost(), uri.getPort()).sync().channel();
        try {
            CompletableFuture<Integer> status = new CompletableFuture<>();
            CompletableFuture<byte[]> body = new CompletableFuture<>();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            Http2StreamChannel stream = new Http2StreamChannelBootstrap(conn).handler(new SimpleChannelInboundHandler<Http2StreamFrame>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
                    boolean end = false;
                    if (frame instanceof Http2HeadersFrame h) {
                        if (h.headers().status() != null) status.complete(Integer.parseInt(h.headers().status().toString()));
                        end = h.isEndStream();
                    } else if (frame instanceof Http2DataFrame d) {
                        ByteBuf c = d.content();
                        byte[] b = new byte[c.readableBytes()];
                        c.readBytes(b);
                        received.writeBytes(b);
                        end = d.isEndStream();
                    }
                    if (end) body.complete(received.toByteArray());
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    body.completeExceptionally(cause);
                }
            }).open().sync().getNow();
            boolean post = s == Scenario.POST_1MIB;
            var headers = new DefaultHttp2Headers().method(post ? "POST" : "GET").scheme("http")
                    .authority(uri.getHost() + ":" + uri.getPort()).path(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            if (post) headers.add("content-type", "application/json");
            stream.write(new DefaultHttp2HeadersFrame(headers, !post));
            if (post) stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(Scenario.postBody()), true));
            stream.flush();
            byte[] b = body.get(30, TimeUnit.SECONDS);
            return Outcome.of(status.getNow(-1), b, s, "HTTP/2");
        } finally {
            conn.close().sync();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
