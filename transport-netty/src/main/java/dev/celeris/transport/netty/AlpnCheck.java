package dev.celeris.transport.netty;

import dev.celeris.spi.tls.ClientHelloAlpn;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.util.concurrent.Future;
import java.util.List;

/**
 * Reads the client's ALPN list from its ClientHello before the {@code SslHandler} sees it: a
 * client that offers protocols but none of ours gets the fatal {@code no_application_protocol}
 * alert (RFC 7301 §3.2) and is closed, as with the JDK layer (OpenSSL's ALPN callback can only
 * ignore the extension). Any other ClientHello, or bytes it cannot parse, pass on to the {@code
 * SslHandler} and this handler leaves the pipeline.
 */
final class AlpnCheck extends SslClientHelloHandler<Boolean> {

    private static final System.Logger LOG = System.getLogger(AlpnCheck.class.getName());

    private final List<String> ours;

    AlpnCheck(List<String> ours) {
        this.ours = ours;
    }

    @Override
    protected Future<Boolean> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
        return ctx.executor().newSucceededFuture(clientHello == null
                || ClientHelloAlpn.sharesProtocol(clientHello.nioBuffer(), ours));
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, Future<Boolean> future) {
        if (!future.isSuccess() || future.getNow()) {
            ctx.pipeline().remove(this);
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "no common ALPN protocol with {0}: no_application_protocol",
                ctx.channel().remoteAddress());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(ClientHelloAlpn.noApplicationProtocolAlert())).addListener(ChannelFutureListener.CLOSE);
    }
}
