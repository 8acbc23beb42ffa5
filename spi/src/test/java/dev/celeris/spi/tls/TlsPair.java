package dev.celeris.spi.tls;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.testkit.TlsTestCertificates;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * A TLS layer server connection ({@link TlsConnectionHandler} over a {@link MemoryConnection})
 * and a JDK client {@link SSLEngine}, pumped by hand: the client's records reach the server in
 * chunks cut where {@link #split} says, so record boundaries can fall anywhere.
 */
final class TlsPair {

    /** The protocol side the layer opens: records what it sees and echoes data back. */
    static final class Echo implements ConnectionHandler {
        Connection connection;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        int chunks;
        boolean inputClosed;
        Throwable closedWith;
        boolean closeCalled;

        @Override
        public void onOpen(Connection c) {
            connection = c;
        }

        @Override
        public void onData(ByteBuffer chunk) {
            chunks++;
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            received.writeBytes(b);
            connection.write(ByteBuffer.wrap(b));
            connection.flush();
        }

        @Override
        public boolean onInputClosed() {
            inputClosed = true;
            return false;
        }

        @Override
        public void onClose(Throwable cause) {
            closeCalled = true;
            closedWith = cause;
        }
    }

    final TlsContext context;
    final MemoryConnection transport = new MemoryConnection();
    final Echo echo = new Echo();
    final TlsConnectionHandler server;
    final SSLEngine client;
    final Random random = new Random(7);
    /** Largest chunk handed to the server; 0 = whole flights; chunks are cut at random sizes up to it. */
    int split;
    private final ByteArrayOutputStream clientReceived = new ByteArrayOutputStream();
    /** Server bytes the client has not unwrapped yet (it may want to wrap first). */
    private ByteBuffer clientInbound = ByteBuffer.allocate(0);

    TlsPair(TlsConfig config, List<String> clientAlpn, String... clientProtocols) {
        context = new TlsContext(config);
        server = new TlsConnectionHandler(context, () -> echo);
        client = TlsTestCertificates.clientContext().createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        SSLParameters p = client.getSSLParameters();
        if (clientAlpn != null) p.setApplicationProtocols(clientAlpn.toArray(String[]::new));
        if (clientProtocols.length > 0) p.setProtocols(clientProtocols);
        client.setSSLParameters(p);
        server.onOpen(transport);
    }

    /** Runs the handshake to its end (both sides). */
    void handshake() throws SSLException {
        client.beginHandshake();
        for (int i = 0; i < 50 && !(done(client) && echo.connection != null); i++) pump(ByteBuffer.allocate(0));
    }

    private static boolean done(SSLEngine e) {
        return e.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
    }

    /** Sends {@code data} from the client and moves bytes both ways until nothing moves. */
    void pump(ByteBuffer data) throws SSLException {
        ByteBuffer net = ByteBuffer.allocate(1 << 17);
        for (int round = 0; round < 20; round++) {
            net.clear();
            while (true) {
                var hs = client.getHandshakeStatus();
                if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    Runnable t;
                    while ((t = client.getDelegatedTask()) != null) t.run();
                    continue;
                }
                if (hs != SSLEngineResult.HandshakeStatus.NEED_WRAP && !data.hasRemaining()) break;
                SSLEngineResult r = client.wrap(data, net);
                if (r.bytesProduced() == 0) break;
            }
            net.flip();
            boolean moved = net.hasRemaining();
            feedServer(net);
            byte[] back = transport.take();
            moved |= back.length > 0;
            ByteBuffer grown = ByteBuffer.allocate(clientInbound.remaining() + back.length);
            grown.put(clientInbound).put(back).flip();
            clientInbound = grown;
            ByteBuffer app = ByteBuffer.allocate(1 << 17);
            while (clientInbound.hasRemaining()) {
                SSLEngineResult r = client.unwrap(clientInbound, app);
                if (client.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    Runnable t;
                    while ((t = client.getDelegatedTask()) != null) t.run();
                }
                if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) break;
            }
            app.flip();
            byte[] plain = new byte[app.remaining()];
            app.get(plain);
            clientReceived.writeBytes(plain);
            if (!moved && client.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_WRAP
                    && !(clientInbound.hasRemaining() && plain.length > 0)) {
                return;
            }
        }
    }

    /** Hands {@code bytes} to the server in chunks of random size up to {@link #split} (0: at once). */
    void feedServer(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            int n = split <= 0 ? bytes.remaining() : Math.min(bytes.remaining(), 1 + random.nextInt(split));
            ByteBuffer chunk = bytes.slice(bytes.position(), n);
            bytes.position(bytes.position() + n);
            server.onData(chunk);
        }
    }

    byte[] clientReceived() {
        byte[] b = clientReceived.toByteArray();
        clientReceived.reset();
        return b;
    }
}
