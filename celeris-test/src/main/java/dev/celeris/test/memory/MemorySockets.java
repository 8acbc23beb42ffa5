package dev.celeris.test.memory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;

/** Client connections to a {@code memory} transport, as plain {@link Socket}s. */
public final class MemorySockets {

    private MemorySockets() {
    }

    /** An unconnected socket: set options (timeout, receive buffer), then {@code connect} to the memory port. */
    public static Socket create() throws SocketException {
        return new MemorySocket(new MemorySocketImpl());
    }

    /** A socket connected to the memory transport bound at {@code port}. */
    public static Socket connect(int port) throws IOException {
        Socket s = create();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    /**
     * A socket connected to the memory transport bound at {@code port}, configured like a test's
     * TCP client: {@code receiveBuffer > 0} sets SO_RCVBUF (the pipe's capacity toward the client),
     * {@code timeoutMillis} sets SO_TIMEOUT.
     */
    public static Socket connect(int port, int receiveBuffer, int timeoutMillis) throws IOException {
        Socket s = create();
        if (receiveBuffer > 0) s.setReceiveBufferSize(receiveBuffer);
        s.setSoTimeout(timeoutMillis);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private static final class MemorySocket extends Socket {
        MemorySocket(MemorySocketImpl impl) throws SocketException {
            super(impl);
        }
    }
}
