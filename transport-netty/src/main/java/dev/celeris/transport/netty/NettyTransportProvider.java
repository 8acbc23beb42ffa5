package dev.celeris.transport.netty;

import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.TransportProvider;
import java.io.IOException;

/**
 * The {@code netty} transport: Netty 4.2 event loops (epoll on Linux when the native library
 * loads, NIO otherwise) delivering each inbound {@code ByteBuf} as a chunk.
 *
 * <p>Options ({@link TransportConfig#options()}):
 * <ul>
 *   <li>{@value NettyIo#NATIVE_OPTION} — {@code true} (default) uses epoll when available;
 *       {@code false} forces Netty's NIO transport.</li>
 * </ul>
 *
 * <p>TLS with {@link dev.celeris.spi.tls.TlsConfig.Engine#NATIVE}: Netty's {@code SslHandler} over
 * BoringSSL ({@code netty-tcnative-boringssl-static}) instead of the JDK layer, when the library
 * loads here.
 *
 * <p>Stateless: constructing it starts nothing; {@link #bind} allocates the event loops.
 */
public final class NettyTransportProvider implements TransportProvider {

    /** The name users select this transport by. */
    public static final String NAME = "netty";

    /** Below the embedded {@code nio} transport (100): adding Netty never changes the default. */
    public static final int PRIORITY = 50;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public boolean terminatesTls(TransportConfig config) {
        return nativeTls(config);
    }

    static boolean nativeTls(TransportConfig config) {
        return config.tls() != null && config.tls().engine() == dev.celeris.spi.tls.TlsConfig.Engine.NATIVE
                && NettyTls.available();
    }

    @Override
    public Transport bind(TransportConfig config, ConnectionHandler.Factory handlers) throws IOException {
        return NettyTransport.bind(config, handlers);
    }
}
