package dev.celeris.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
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
    /** Alert record: content type 21, TLS 1.2 record version, length 2, fatal (2), no_application_protocol (120). */
    private static final byte[] NO_APPLICATION_PROTOCOL = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x78};
    private static final int ALPN_EXTENSION = 16;

    private final List<String> ours;

    AlpnCheck(List<String> ours) {
        this.ours = ours;
    }

    @Override
    protected Future<Boolean> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
        return ctx.executor().newSucceededFuture(clientHello == null || sharesProtocol(clientHello, ours));
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, Future<Boolean> future) {
        if (!future.isSuccess() || future.getNow()) {
            ctx.pipeline().remove(this);
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "no common ALPN protocol with {0}: no_application_protocol",
                ctx.channel().remoteAddress());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(NO_APPLICATION_PROTOCOL)).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Whether the ClientHello body (from {@code client_version}, RFC 8446 §4.1.2) has no ALPN
     * extension, or one naming at least one of {@code ours}. Unparseable: {@code true}, so the TLS
     * engine gives its own verdict.
     */
    static boolean sharesProtocol(ByteBuf hello, List<String> ours) {
        try {
            int p = hello.readerIndex() + 2 + 32;                  // version, random
            p += 1 + hello.getUnsignedByte(p);                     // session id
            p += 2 + hello.getUnsignedShort(p);                    // cipher suites
            p += 1 + hello.getUnsignedByte(p);                     // compression methods
            if (p + 2 > hello.writerIndex()) return true;          // no extensions
            int end = Math.min(hello.writerIndex(), p + 2 + hello.getUnsignedShort(p));
            p += 2;
            while (p + 4 <= end) {
                int type = hello.getUnsignedShort(p);
                int length = hello.getUnsignedShort(p + 2);
                p += 4;
                if (type == ALPN_EXTENSION) {
                    int listEnd = Math.min(end, p + length);
                    boolean offered = false;
                    for (int q = p + 2; q < listEnd; ) {
                        int n = hello.getUnsignedByte(q++);
                        if (q + n > listEnd) break;
                        if (ours.contains(hello.toString(q, n, StandardCharsets.US_ASCII))) return true;
                        offered = true;
                        q += n;
                    }
                    return !offered;
                }
                p += length;
            }
            return true;
        } catch (IndexOutOfBoundsException truncated) {
            return true;
        }
    }
}
