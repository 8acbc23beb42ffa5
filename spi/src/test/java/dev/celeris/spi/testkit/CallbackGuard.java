package dev.celeris.spi.testkit;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The connection a kit handler sees: forwards everything, and knows when the handler is inside
 * one of the transport's own methods, so {@link EchoHandler} can count a callback that arrives
 * from there as a contract violation (the SPI: callbacks never re-enter the handler from inside
 * a call it made, e.g. {@code onWritable} from inside {@code flush}).
 */
final class CallbackGuard implements Connection {

    private final Connection connection;
    private int depth;

    CallbackGuard(Connection connection) {
        this.connection = connection;
    }

    /** Whether the handler is inside a call to the transport right now. */
    boolean insideACall() {
        return depth > 0;
    }

    @Override
    public void write(ByteBuffer... buffers) {
        depth++;
        try {
            connection.write(buffers);
        } finally {
            depth--;
        }
    }

    @Override
    public void flush() {
        depth++;
        try {
            connection.flush();
        } finally {
            depth--;
        }
    }

    @Override
    public void setAutoRead(boolean autoRead) {
        depth++;
        try {
            connection.setAutoRead(autoRead);
        } finally {
            depth--;
        }
    }

    @Override
    public void close() {
        depth++;
        try {
            connection.close();
        } finally {
            depth--;
        }
    }

    @Override
    public boolean isWritable() {
        return connection.isWritable();
    }

    @Override
    public long queuedBytes() {
        return connection.queuedBytes();
    }

    @Override
    public boolean releasesWrittenBuffersWhenDrained() {
        return connection.releasesWrittenBuffersWhenDrained();
    }

    @Override
    public void execute(Runnable task) {
        connection.execute(task);
    }

    @Override
    public boolean inEventLoop() {
        return connection.inEventLoop();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return connection.localAddress();
    }

    @Override
    public void abort() {
        connection.abort();
    }

    @Override
    public javax.net.ssl.SSLSession tlsSession() {
        return connection.tlsSession();
    }

    @Override
    public String applicationProtocol() {
        return connection.applicationProtocol();
    }

    @Override
    public boolean replaceHandler(ConnectionHandler current, ConnectionHandler next) {
        return connection.replaceHandler(current, next);
    }
}
