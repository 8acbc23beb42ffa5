package dev.celeris.compliance.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrame;
import java.net.InetSocketAddress;

/** Netty's native HTTP/2 server: {@code Http2FrameCodec} + {@code Http2MultiplexHandler}, defaults. */
final class NettyPeer implements PeerServer {

    private final EventLoopGroup group;
    private final Channel channel;

    private NettyPeer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    static NettyPeer start() throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel ch = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
                                new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                                    @Override
                                    protected void initChannel(Channel stream) {
                                        stream.pipeline().addLast(new StreamHandler());
                                    }
                                }));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        return new NettyPeer(group, ch);
    }

    /** Answers once the request has ended: 200 and the body (headers only for HEAD). */
    private static final class StreamHandler extends SimpleChannelInboundHandler<Http2StreamFrame> {
        private boolean head;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
            boolean end = false;
            if (frame instanceof Http2HeadersFrame h) {
                if (h.headers().method() != null) head = "HEAD".contentEquals(h.headers().method());
                end = h.isEndStream();
            } else if (frame instanceof Http2DataFrame d) {
                end = d.isEndStream();
            }
            if (!end) return;
            var headers = new DefaultHttp2Headers().status("200").add("content-type", "text/plain")
                    .addInt("content-length", BODY.length);
            ctx.write(new DefaultHttp2HeadersFrame(headers, head));
            if (!head) ctx.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(BODY), true));
            ctx.flush();
        }
    }

    @Override
    public String name() {
        return "netty";
    }

    @Override
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
