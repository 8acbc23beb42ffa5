package dev.celeris.spi.proxy;

import dev.celeris.spi.Connection;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The connection as the layer above sees it once the PROXY header is read: everything goes to
 * the real connection, except that the addresses are the ones the header announced.
 */
final class ProxiedConnection implements Connection {

    private final Connection real;
    private final SocketAddress remote;
    private final SocketAddress local;

    ProxiedConnection(Connection real, SocketAddress remote, SocketAddress local) {
        this.real = real;
        this.remote = remote;
        this.local = local;
    }

    @Override public void write(ByteBuffer... buffers) { real.write(buffers); }
    @Override public void flush() { real.flush(); }
    @Override public boolean isWritable() { return real.isWritable(); }
    @Override public long queuedBytes() { return real.queuedBytes(); }
    @Override public boolean releasesWrittenBuffersWhenDrained() { return real.releasesWrittenBuffersWhenDrained(); }
    @Override public void execute(Runnable task) { real.execute(task); }
    @Override public boolean inEventLoop() { return real.inEventLoop(); }
    @Override public boolean isOpen() { return real.isOpen(); }
    /** The client's address from the PROXY header. */
    @Override public SocketAddress remoteAddress() { return remote; }
    /** The address the client connected to (the proxy's listener), from the PROXY header. */
    @Override public SocketAddress localAddress() { return local; }
    @Override public void close() { real.close(); }
    @Override public void abort() { real.abort(); }
    @Override public void setAutoRead(boolean autoRead) { real.setAutoRead(autoRead); }
    @Override public javax.net.ssl.SSLSession tlsSession() { return real.tlsSession(); }
    @Override public String applicationProtocol() { return real.applicationProtocol(); }

    /** The connection to the proxy itself. */
    Connection real() {
        return real;
    }

    @Override
    public String toString() {
        return "proxied " + remote + " via " + real.remoteAddress();
    }
}
