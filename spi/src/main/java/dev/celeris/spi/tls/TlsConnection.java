package dev.celeris.spi.tls;

import dev.celeris.spi.Connection;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLSession;

/**
 * The plaintext connection the protocol sees on top of TLS. Writes are queued as plaintext and
 * encrypted on {@link #flush()}; back-pressure and everything thread-related are the transport's.
 */
final class TlsConnection implements Connection {

    private final TlsConnectionHandler tls;

    TlsConnection(TlsConnectionHandler tls) {
        this.tls = tls;
    }

    @Override
    public void write(ByteBuffer... buffers) {
        tls.queue(buffers);
    }

    @Override
    public void flush() {
        tls.flushPending();
    }

    @Override
    public boolean isWritable() {
        return tls.transport.isWritable();
    }

    @Override
    public long queuedBytes() {
        return tls.transport.queuedBytes() + (tls.transport.inEventLoop() ? tls.pendingBytes : 0);
    }

    /**
     * Always: {@link #flush()} encrypts every queued plaintext buffer into the layer's own
     * records and forgets it, so after a flush no written buffer is referenced, whatever the
     * transport underneath does.
     */
    @Override
    public boolean releasesWrittenBuffersWhenDrained() {
        return true;
    }

    @Override
    public void execute(Runnable task) {
        tls.transport.execute(task);
    }

    @Override
    public boolean inEventLoop() {
        return tls.transport.inEventLoop();
    }

    @Override
    public boolean isOpen() {
        return tls.transport.isOpen();
    }

    @Override
    public SocketAddress remoteAddress() {
        return tls.transport.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return tls.transport.localAddress();
    }

    @Override
    public void close() {
        if (tls.transport.inEventLoop()) {
            tls.closeOrderly();
        } else {
            tls.transport.execute(tls::closeOrderly);
        }
    }

    @Override
    public void abort() {
        tls.transport.abort();
    }

    @Override
    public void setAutoRead(boolean autoRead) {
        tls.transport.setAutoRead(autoRead);
    }

    @Override
    public SSLSession tlsSession() {
        return tls.session;
    }

    @Override
    public String applicationProtocol() {
        return tls.applicationProtocol;
    }

    @Override
    public String toString() {
        return "tls(" + tls.transport + ")";
    }
}
