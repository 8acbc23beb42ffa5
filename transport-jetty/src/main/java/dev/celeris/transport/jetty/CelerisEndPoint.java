package dev.celeris.transport.jetty;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Jetty's socket endpoint, except that a failed read is reported instead of being turned into
 * an end of stream. {@link SocketChannelEndPoint#fill} swallows the {@link IOException} of a
 * connection reset and returns -1, which would make a peer's reset look like an orderly
 * half-close; the SPI wants the error as the {@code onClose} cause.
 */
final class CelerisEndPoint extends SocketChannelEndPoint {

    CelerisEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler) {
        super(channel, selector, key, scheduler);
    }

    @Override
    public int fill(ByteBuffer buffer) throws IOException {
        if (isInputShutdown()) {
            return -1;
        }
        int position = BufferUtil.flipToFill(buffer);
        int filled;
        try {
            filled = getChannel().read(buffer); // an IOException (reset) propagates
        } finally {
            BufferUtil.flipToFlush(buffer, position);
        }
        if (filled > 0) {
            notIdle();
        } else if (filled < 0) {
            shutdownInput();
        }
        return filled;
    }

    /** A {@link ServerConnector} whose accepted sockets become {@link CelerisEndPoint}s. */
    static final class Connector extends ServerConnector {
        Connector(org.eclipse.jetty.server.Server server, int acceptors, int selectors,
                org.eclipse.jetty.server.ConnectionFactory factory) {
            super(server, acceptors, selectors, factory);
        }

        @Override
        protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
            CelerisEndPoint endPoint = new CelerisEndPoint(channel, selector, key, getScheduler());
            endPoint.setIdleTimeout(getIdleTimeout());
            return endPoint;
        }
    }
}
