package dev.celeris.spi.proxy;

import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The layer over a scripted connection: what the handler above sees, and what is closed. */
class ProxyProtocolLayerTest {

    static final InetSocketAddress PROXY = new InetSocketAddress("127.0.0.1", 51000);
    static final InetSocketAddress LISTENER = new InetSocketAddress("127.0.0.1", 8080);

    /** A connection whose I/O thread is the test thread; tasks run when {@link #runTasks} is called. */
    static final class FakeConnection implements Connection {
        final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        volatile boolean open = true;
        volatile boolean aborted;

        @Override public void write(ByteBuffer... buffers) { }
        @Override public void flush() { }
        @Override public boolean isWritable() { return true; }
        @Override public long queuedBytes() { return 0; }
        @Override public void execute(Runnable task) { tasks.add(task); }
        @Override public boolean inEventLoop() { return true; }
        @Override public boolean isOpen() { return open; }
        @Override public SocketAddress remoteAddress() { return PROXY; }
        @Override public SocketAddress localAddress() { return LISTENER; }
        @Override public void close() { open = false; }
        @Override public void abort() { open = false; aborted = true; }

        void runTasks() {
            for (Runnable r; (r = tasks.poll()) != null; ) r.run();
        }
    }

    /** The handler above: records what it was given. */
    static final class Above implements ConnectionHandler {
        Connection connection;
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();

        @Override public void onOpen(Connection c) { connection = c; events.add("open"); }
        @Override public void onData(ByteBuffer chunk) {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            data.writeBytes(b);
        }
        @Override public void onShutdown() { events.add("shutdown"); }
        @Override public void onClose(Throwable cause) { events.add("close"); }
    }

    private final List<Above> above = new ArrayList<>();

    private ProxyProtocol layer(ProxyProtocolConfig config) {
        return ProxyProtocol.wrap(config, () -> {
            Above a = new Above();
            above.add(a);
            return a;
        });
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theHandlerAboveSeesTheClientsAddressAndOnlyThePayload() {
        ProxyProtocol layer = layer(ProxyProtocolConfig.defaults());
        FakeConnection conn = new FakeConnection();
        ConnectionHandler h = layer.newHandler();
        h.onOpen(conn);
        h.onData(ascii("PROXY TCP4 203.0.113.9 127.0.0.1 4"));
        assertThat(above).as("nothing above until the header is complete").isEmpty();
        h.onData(ascii("0000 8080\r\nGET / HTTP/1.1\r\n"));
        h.onData(ascii("host: x\r\n\r\n"));
        Above a = above.get(0);
        assertThat(a.connection.remoteAddress()).isEqualTo(new InetSocketAddress("203.0.113.9", 40000));
        assertThat(a.connection.localAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
        assertThat(a.data.toString(StandardCharsets.US_ASCII)).isEqualTo("GET / HTTP/1.1\r\nhost: x\r\n\r\n");
        h.onClose(null);
        assertThat(a.events).containsExactly("open", "close");
        assertThat(layer.acceptedHeaders()).isEqualTo(1);
        assertThat(conn.aborted).isFalse();
    }

    @Test
    void localCommandKeepsTheProxysOwnAddress() {
        ProxyProtocol layer = layer(ProxyProtocolConfig.defaults());
        ConnectionHandler h = layer.newHandler();
        FakeConnection conn = new FakeConnection();
        h.onOpen(conn);
        h.onData(ascii("PROXY UNKNOWN\r\n"));
        assertThat(above.get(0).connection.remoteAddress()).isEqualTo(PROXY);
    }

    @Test
    void malformedHeaderClosesCountsAndNeverReachesTheHandlerAbove() {
        ProxyProtocol layer = layer(ProxyProtocolConfig.defaults());
        ConnectionHandler h = layer.newHandler();
        FakeConnection conn = new FakeConnection();
        h.onOpen(conn);
        h.onData(ascii("GET / HTTP/1.1\r\nx-forwarded-for: 1.2.3.4\r\n\r\n"));
        h.onData(ascii("more"));
        h.onClose(null);
        assertThat(conn.aborted).isTrue();
        assertThat(above).isEmpty();
        assertThat(layer.rejectedHeaders()).isEqualTo(1);
    }

    @Test
    void maxHeaderSizeOptionBoundsTheHeader() {
        ProxyProtocol small = layer(ProxyProtocolConfig.defaults().withMaxHeaderSize(32));
        byte[] v2 = ProxyHeaderParserTest.v2(0x21, 0x11, ProxyHeaderParserTest.inet(1, 2, 3, 4, 5, 6, 7, 8, 1, 2, new byte[8]));
        ConnectionHandler h = small.newHandler();
        FakeConnection conn = new FakeConnection();
        h.onOpen(conn);
        h.onData(ByteBuffer.wrap(v2)); // 36 bytes: fine by default, over 32 here
        assertThat(conn.aborted).isTrue();
        assertThat(small.rejectedHeaders()).isEqualTo(1);

        ProxyProtocol normal = layer(ProxyProtocolConfig.defaults());
        ConnectionHandler ok = normal.newHandler();
        ok.onOpen(new FakeConnection());
        ok.onData(ByteBuffer.wrap(v2));
        assertThat(normal.acceptedHeaders()).isEqualTo(1);
    }

    @Test
    void versionsOptionRejectsTheOtherVersion() {
        ProxyProtocol v2Only = layer(ProxyProtocolConfig.defaults().withVersions(false, true));
        ConnectionHandler h = v2Only.newHandler();
        FakeConnection conn = new FakeConnection();
        h.onOpen(conn);
        h.onData(ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n"));
        assertThat(conn.aborted).isTrue();
        assertThat(v2Only.rejectedHeaders()).isEqualTo(1);
    }

    @Test
    void noHeaderWithinTheTimeoutClosesTheConnection() throws Exception {
        ProxyProtocol layer = layer(ProxyProtocolConfig.defaults().withTimeout(Duration.ofMillis(50)));
        ConnectionHandler h = layer.newHandler();
        FakeConnection conn = new FakeConnection();
        h.onOpen(conn);
        h.onData(ascii("PROXY TCP4 1.2.3.4")); // a slow client stops half way
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (conn.tasks.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
        conn.runTasks(); // the timeout's check runs on the connection's thread
        assertThat(conn.aborted).isTrue();
        assertThat(layer.timedOutHeaders()).isEqualTo(1);
        assertThat(above).isEmpty();
    }

    @Test
    void aCompleteHeaderCancelsTheTimeout() throws Exception {
        ProxyProtocol layer = layer(ProxyProtocolConfig.defaults().withTimeout(Duration.ofMillis(50)));
        ConnectionHandler h = layer.newHandler();
        FakeConnection conn = new FakeConnection();
        h.onOpen(conn);
        h.onData(ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n"));
        Thread.sleep(200);
        conn.runTasks();
        assertThat(conn.aborted).isFalse();
        assertThat(layer.timedOutHeaders()).isZero();
    }

    @Test
    void shutdownBeforeTheHeaderClosesAndAfterItIsPassedOn() {
        ProxyProtocol layer = layer(ProxyProtocolConfig.defaults());
        ConnectionHandler early = layer.newHandler();
        FakeConnection c1 = new FakeConnection();
        early.onOpen(c1);
        early.onShutdown();
        assertThat(c1.open).isFalse();

        ConnectionHandler late = layer.newHandler();
        late.onOpen(new FakeConnection());
        late.onData(ascii("PROXY UNKNOWN\r\n"));
        late.onShutdown();
        assertThat(above.get(0).events).containsExactly("open", "shutdown");
    }
}
