package dev.celeris.transport.netty;

import dev.celeris.spi.tls.TlsLayer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Looks at the first bytes of a native-TLS connection: a plain HTTP request line where a TLS
 * record should be gets the same cleartext {@code 400} as the JDK layer gives and is closed;
 * anything else passes on and this handler leaves the pipeline.
 */
final class PlainHttpGuard extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(PlainHttpGuard.class.getName());
    private boolean rejected;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (rejected) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof ByteBuf buf) || !buf.isReadable()) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (TlsLayer.looksLikePlainHttp(buf.nioBuffer(buf.readerIndex(), 1))) {
            rejected = true;
            buf.release();
            LOG.log(System.Logger.Level.DEBUG, "plain HTTP on the TLS port from {0}", ctx.channel().remoteAddress());
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TlsLayer.plainHttpResponse())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }
}
