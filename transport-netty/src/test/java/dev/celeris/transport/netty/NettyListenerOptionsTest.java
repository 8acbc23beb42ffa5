package dev.celeris.transport.netty;

import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.testkit.ListenerOptionsKit;
import org.junit.jupiter.api.Nested;

/** The listener options on epoll (native) and on Netty's NIO flavour: each sets SO_REUSEPORT its own way. */
class NettyListenerOptionsTest extends ListenerOptionsKit {

    @Override
    protected TransportProvider provider() {
        return new NettyTransportProvider();
    }

    @Nested
    class OnNio extends ListenerOptionsKit {
        @Override
        protected TransportProvider provider() {
            return new NettyTransportProvider();
        }

        @Override
        protected TransportConfig.Builder config() {
            return super.config().option(NettyIo.NATIVE_OPTION, "false");
        }
    }
}
