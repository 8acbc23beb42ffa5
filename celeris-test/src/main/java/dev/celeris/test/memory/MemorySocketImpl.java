package dev.celeris.test.memory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOptions;

/**
 * The client end of an in-memory connection behind a plain {@link java.net.Socket}: streams,
 * half-close, {@code SO_TIMEOUT}, {@code SO_RCVBUF} (the receive buffer's size) and
 * {@code SO_LINGER 0} (close with a reset) behave as on a TCP socket. Listening is not supported.
 */
final class MemorySocketImpl extends SocketImpl {

    private MemoryConnection connection;
    private int soTimeout;
    private int receiveBuffer;
    private boolean lingerZero;
    private boolean closed;

    @Override
    protected void create(boolean stream) throws IOException {
        if (!stream) throw new SocketException("the memory transport has no datagrams");
    }

    @Override
    protected void connect(String host, int port) throws IOException {
        connect(new InetSocketAddress(host, port), 0);
    }

    @Override
    protected void connect(InetAddress address, int port) throws IOException {
        connect(new InetSocketAddress(address, port), 0);
    }

    @Override
    protected void connect(SocketAddress endpoint, int timeout) throws IOException {
        InetSocketAddress to = (InetSocketAddress) endpoint;
        connection = MemoryTransport.connect(to.getPort(), receiveBuffer);
        this.address = to.getAddress();
        this.port = to.getPort();
        this.localport = ((InetSocketAddress) connection.remoteAddress()).getPort();
    }

    @Override
    protected void bind(InetAddress host, int port) throws IOException {
        // the client end has no real local address; binding is a no-op
    }

    @Override
    protected void listen(int backlog) throws IOException {
        throw new SocketException("memory sockets do not listen: bind a memory transport instead");
    }

    @Override
    protected void accept(SocketImpl s) throws IOException {
        throw new SocketException("memory sockets do not accept");
    }

    @Override
    protected InputStream getInputStream() throws IOException {
        MemoryConnection c = connected();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return c.clientRead(b, off, len, soTimeout);
            }

            @Override
            public int available() {
                return c.clientAvailable();
            }
        };
    }

    @Override
    protected OutputStream getOutputStream() throws IOException {
        MemoryConnection c = connected();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                c.clientWrite(b, off, len);
            }
        };
    }

    private MemoryConnection connected() throws SocketException {
        if (connection == null) throw new SocketException("not connected");
        return connection;
    }

    @Override
    protected int available() throws IOException {
        return connected().clientAvailable();
    }

    @Override
    protected void close() throws IOException {
        if (closed || connection == null) return;
        closed = true;
        connection.clientClose(lingerZero);
    }

    @Override
    protected void shutdownOutput() throws IOException {
        connected().clientShutdownOutput();
    }

    @Override
    protected void shutdownInput() throws IOException {
        // nothing to release: unread bytes are simply never read
    }

    @Override
    protected void sendUrgentData(int data) throws IOException {
        throw new SocketException("urgent data is not supported");
    }

    @Override
    public void setOption(int optID, Object value) throws SocketException {
        switch (optID) {
            case SocketOptions.SO_TIMEOUT -> soTimeout = (Integer) value;
            case SocketOptions.SO_RCVBUF -> receiveBuffer = (Integer) value;
            case SocketOptions.SO_LINGER -> lingerZero = value instanceof Integer i && i == 0;
            default -> {
                // TCP_NODELAY, SO_SNDBUF, SO_KEEPALIVE...: no meaning in memory
            }
        }
    }

    @Override
    public Object getOption(int optID) throws SocketException {
        return switch (optID) {
            case SocketOptions.SO_TIMEOUT -> soTimeout;
            case SocketOptions.SO_RCVBUF -> receiveBuffer;
            case SocketOptions.SO_LINGER -> lingerZero ? 0 : -1;
            case SocketOptions.TCP_NODELAY -> Boolean.TRUE;
            default -> null;
        };
    }
}
