package dev.celeris.benchmarks.peers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.HashMap;
import java.util.Map;

/**
 * One connection's HTTP/2 request handler over {@code Http2FrameCodec}, after Netty's
 * {@code example/http2/helloworld/frame/server/HelloWorldHttp2Handler}: requests without a body
 * are answered on HEADERS; POST bodies are gathered per stream and answered at END_STREAM.
 * An h2c upgrade request reaches this handler as stream 1's frames (the codec converts it).
 */
final class NettyH2Handler extends ChannelDuplexHandler {

    private record Pending(Http2Headers headers, CompositeByteBuf body) {
    }

    private final Map<Http2FrameStream, Pending> pending = new HashMap<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2HeadersFrame headers) {
            Pending p = pending.get(headers.stream());
            if (p != null) {
                // Trailers (RFC 9113 §8.1): they end a request whose body was gathered.
                if (headers.isEndStream()) {
                    pending.remove(headers.stream());
                    byte[] body = ByteBufUtilBytes.bytes(p.body);
                    p.body.release();
                    respond(ctx, headers.stream(), p.headers, body);
                }
            } else if (headers.isEndStream()) {
                respond(ctx, headers.stream(), headers.headers(), new byte[0]);
            } else {
                pending.put(headers.stream(), new Pending(headers.headers(), ctx.alloc().compositeBuffer()));
            }
        } else if (msg instanceof Http2DataFrame data) {
            Pending p = pending.get(data.stream());
            int flowControlled = data.initialFlowControlledBytes();
            if (p != null) {
                p.body.addComponent(true, data.content().retain());
            }
            data.release();
            ctx.write(new DefaultHttp2WindowUpdateFrame(flowControlled).stream(data.stream()));
            if (data.isEndStream() && p != null) {
                pending.remove(data.stream());
                byte[] body = ByteBufUtilBytes.bytes(p.body);
                p.body.release();
                respond(ctx, data.stream(), p.headers, body);
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    /**
     * Without {@code Http2MultiplexHandler} the codec leaves stream errors to this handler:
     * reset the stream with the codec's error code, as the multiplexer's child channel would
     * (SPEC: RFC 9113 §5.4.2). Connection errors were already answered by the codec (GOAWAY with
     * their code, then close); any other failure closes the connection.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2FrameStreamException e) {
            Pending p = pending.remove(e.stream());
            if (p != null) p.body.release();
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(e.error()).stream(e.stream()));
        } else if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        pending.values().forEach(p -> p.body.release());
        pending.clear();
        super.channelInactive(ctx);
    }

    private static void respond(ChannelHandlerContext ctx, Http2FrameStream stream, Http2Headers req, byte[] body) {
        String[] target = PeerRoutes.splitTarget(req.path().toString());
        PeerRoutes.Reply reply = PeerRoutes.respond(req.method().toString(), target[0], target[1], body);
        Http2Headers headers = new DefaultHttp2Headers().status(Integer.toString(reply.status()))
                .set("content-type", reply.contentType())
                .setInt("content-length", reply.length());
        // SPEC: RFC 9110 §9.3.2: a HEAD response carries the GET headers but no content.
        boolean head = "HEAD".contentEquals(req.method());
        ctx.write(new DefaultHttp2HeadersFrame(headers, head).stream(stream));
        if (!head) {
            ByteBuf content = Unpooled.wrappedBuffer(reply.body(), 0, reply.length());
            ctx.write(new DefaultHttp2DataFrame(content, true).stream(stream));
        }
    }
}
