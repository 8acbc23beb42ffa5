package dev.celeris.transport.netty.archfixture;

/** Breaks the transport rule on purpose (test fixture: one transport naming another). */
public final class NettyUsingNio {
    public Object use() {
        return new dev.celeris.transport.nio.NioTransportProvider();
    }
}
