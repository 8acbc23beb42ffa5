package dev.celeris.spi.testkit;

import dev.celeris.spi.ConnectionHandler;
import dev.celeris.spi.Transport;
import dev.celeris.spi.TransportConfig;
import dev.celeris.spi.TransportProvider;
import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;

/**
 * Server and client plumbing for {@link TransportKit}: starts servers on 127.0.0.1 port 0,
 * opens plain blocking client sockets, and stops everything after each test.
 */
public abstract class TransportKitSupport {

    /** How long any single wait in the kit may take before the test fails. */
    protected static final Duration WAIT = Duration.ofSeconds(20);

    private final List<Transport> transports = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final java.util.Map<Socket, Socket> rawSockets = new java.util.IdentityHashMap<>();

    /** The transport under test. */
    protected abstract TransportProvider provider();

    /**
     * TLS settings to run the whole kit over TLS (servers bound through {@link
     * dev.celeris.spi.Transports#bind}, clients are {@link javax.net.ssl.SSLSocket}s that finish
     * the handshake in {@link #connect}); {@code null} (default) runs it in cleartext.
     */
    protected dev.celeris.spi.tls.TlsConfig tls() {
        return null;
    }

    /**
     * Whether the TLS path under test keeps the server's sending side open after the client's
     * {@code close_notify} (TLS 1.3 half-close, RFC 8446 §6.1). The JDK layer does; an engine with
     * TLS 1.2 close semantics (answer with close_notify, discard pending writes) returns
     * {@code false} and the kit skips its half-close cases over TLS, saying so.
     */
    protected boolean tlsHalfClose() {
        return true;
    }

    /** Skips a half-close case when {@link #tlsHalfClose()} says the TLS path cannot half-close. */
    protected void assumeHalfClose() {
        org.junit.jupiter.api.Assumptions.assumeTrue(tls() == null || tlsHalfClose(),
                "this TLS engine closes its sending side on the client's close_notify (TLS 1.2 semantics)");
    }

    /** The base configuration every kit server starts from: loopback, ephemeral port, 2 I/O threads. */
    protected TransportConfig.Builder config() {
        return TransportConfig.builder().host("127.0.0.1").port(0).ioThreads(2);
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already broken by the test
            }
        }
        sockets.clear();
        rawSockets.clear();
        for (Transport t : transports) {
            t.shutdown(Duration.ZERO).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        transports.clear();
    }

    protected Transport start(TransportConfig.Builder config, ConnectionHandler.Factory handlers) throws IOException {
        dev.celeris.spi.tls.TlsConfig tls = tls();
        Transport transport = tls == null ? provider().bind(config.build(), handlers)
                : dev.celeris.spi.Transports.bind(provider(), config.tls(tls).build(), handlers);
        transports.add(transport);
        return transport;
    }

    protected Transport startEcho(TransportConfig.Builder config, EchoStats stats) throws IOException {
        return start(config, () -> new EchoHandler(stats));
    }

    protected Socket connect(Transport transport) throws IOException {
        return connect(transport, 0);
    }

    /** A blocking client socket; {@code receiveBuffer > 0} shrinks SO_RCVBUF before connecting. */
    protected Socket connect(Transport transport, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) WAIT.toMillis());
        socket.connect(new InetSocketAddress("127.0.0.1", transport.localAddress().getPort()), (int) WAIT.toMillis());
        if (tls() == null) return socket;
        javax.net.ssl.SSLSocket secure = (javax.net.ssl.SSLSocket) TlsTestCertificates.clientContext().getSocketFactory()
                .createSocket(socket, "localhost", transport.localAddress().getPort(), true);
        sockets.add(secure);
        rawSockets.put(secure, socket);
        secure.startHandshake();
        return secure;
    }

    /** Closes {@code socket} with a TCP reset, without any TLS close_notify first. */
    protected void reset(Socket socket) throws IOException {
        Socket raw = rawSockets.getOrDefault(socket, socket);
        raw.setSoLinger(true, 0);
        raw.close();
    }

    /** Sends bytes and expects them echoed back whole. */
    protected static void assertEcho(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        byte[] back = socket.getInputStream().readNBytes(bytes.length);
        if (!java.util.Arrays.equals(bytes, back)) {
            throw new AssertionError("echo mismatch: sent '" + text + "', got '" + new String(back,
                    java.nio.charset.StandardCharsets.UTF_8) + "'");
        }
    }

    /** Polls {@code condition} until it holds or {@link #WAIT} passes (then fails with {@code what}). */
    protected static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }

    /** Whether the peer has closed: read returns -1 or the connection was reset. */
    protected static boolean readsEndOfStream(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** Writes {@code total} pseudo-random bytes from {@code seed} and returns their CRC-32. */
    protected static long writeRandom(OutputStream out, long total, long seed) throws IOException {
        Random random = new Random(seed);
        CRC32 crc = new CRC32();
        byte[] block = new byte[64 * 1024];
        long left = total;
        while (left > 0) {
            int n = (int) Math.min(block.length, left);
            random.nextBytes(block);
            out.write(block, 0, n);
            crc.update(block, 0, n);
            left -= n;
        }
        out.flush();
        return crc.getValue();
    }

    /** Reads exactly {@code total} bytes and returns their CRC-32; fails on early end of stream. */
    protected static long readChecksum(InputStream in, long total) throws IOException {
        CRC32 crc = new CRC32();
        byte[] block = new byte[64 * 1024];
        long left = total;
        while (left > 0) {
            int n = in.read(block, 0, (int) Math.min(block.length, left));
            if (n < 0) {
                throw new AssertionError("end of stream with " + left + " of " + total + " bytes unread");
            }
            crc.update(block, 0, n);
            left -= n;
        }
        return crc.getValue();
    }

    /** Pseudo-random bytes as a list of heap buffers of {@code chunk} bytes each. */
    protected static List<java.nio.ByteBuffer> randomBuffers(long total, int chunk, long seed, CRC32 crc) {
        Random random = new Random(seed);
        List<java.nio.ByteBuffer> buffers = new ArrayList<>();
        long left = total;
        while (left > 0) {
            byte[] bytes = new byte[(int) Math.min(chunk, left)];
            random.nextBytes(bytes);
            crc.update(bytes);
            buffers.add(java.nio.ByteBuffer.wrap(bytes));
            left -= bytes.length;
        }
        return buffers;
    }
}
