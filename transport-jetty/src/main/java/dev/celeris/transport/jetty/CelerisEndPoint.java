package dev.celeris.transport.jetty;

import dev.celeris.spi.ConnectionLimiter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.Executor;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.util.IO;
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
        private final ConnectionLimiter limiter;

        Connector(org.eclipse.jetty.server.Server server, int acceptors, int selectors,
                org.eclipse.jetty.server.ConnectionFactory factory, ConnectionLimiter limiter) {
            super(server, acceptors, selectors, factory);
            this.limiter = limiter;
        }

        /**
         * {@code maxConnections}: a socket over the limit is closed before it gets an endpoint;
         * the permit of one that got an endpoint is given back when the endpoint closes.
         */
        @Override
        protected SelectorManager newSelectorManager(Executor executor, Scheduler scheduler, int selectors) {
            return new ServerConnectorManager(executor, scheduler, selectors) {
                @Override
                public void accept(SelectableChannel channel, Object attachment) {
                    if (!limiter.tryAcquire(remoteOf(channel))) {
                        IO.close(channel);
                        return;
                    }
                    super.accept(channel, attachment);
                }

                @Override
                protected void onAcceptFailed(SelectableChannel channel, Throwable cause, Object attachment) {
                    limiter.release();
                    super.onAcceptFailed(channel, cause, attachment);
                }

                @Override
                protected void endPointClosed(EndPoint endpoint) {
                    limiter.release();
                    super.endPointClosed(endpoint);
                }
            };
        }

        private static Object remoteOf(SelectableChannel channel) {
            try {
                return channel instanceof SocketChannel s ? s.getRemoteAddress() : channel;
            } catch (IOException e) {
                return "?";
            }
        }

        @Override
        protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
            CelerisEndPoint endPoint = new CelerisEndPoint(channel, selector, key, getScheduler());
            endPoint.setIdleTimeout(getIdleTimeout());
            return endPoint;
        }
    }
}
