package dev.celeris.engine.internal.h1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpHandler;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How an HTTP/1.1 connection ends: closing requests, half-close, non-HTTP input, a peer that stops reading (issue #11). */
@Timeout(60)
class Http1LifecycleTest {

    private FakeConnection conn;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        if (conn != null) conn.shutdownLoop();
    }

    /** {@code /slow} waits for the test; anything else answers at once. */
    private final HttpHandler app = (req, res) -> {
        if (req.path().equals("/slow")) release.await();
        res.send("ok " + req.path());
    };

    private FakeConnection open(EngineConfig config, HttpHandler handler) {
        conn = new FakeConnection().open(new Http1Connection(config, handler, null));
        return conn;
    }

    private long bufferedInput() throws Exception {
        Field in = Http1Connection.class.getDeclaredField("input");
        in.setAccessible(true);
        long[] size = new long[1];
        Http1Input input = (Http1Input) in.get(handlerOf(conn));
        conn.runOnLoop(() -> {
            ByteBuffer b = input.inbound;
            size[0] = b == null ? 0 : b.capacity();
        });
        return size[0];
    }

    private static Object handlerOf(FakeConnection c) throws Exception {
        Field f = FakeConnection.class.getDeclaredField("handler");
        f.setAccessible(true);
        return f.get(c);
    }

    /** 64 MiB sent behind a request that closes the connection: none of it is kept, reading stops. */
    @Test
    void inputAfterConnectionCloseIsNeitherReadNorBuffered() throws Exception {
        open(EngineConfig.defaults(), app);
        conn.send("GET /slow HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        byte[] junk = new byte[1 << 20];
        java.util.Arrays.fill(junk, (byte) 'x');
        for (int i = 0; i < 64; i++) conn.send(junk);
        assertThat(bufferedInput()).as("bytes kept after Connection: close").isLessThan(64 * 1024);
        assertThat(conn.autoReadCalls()).as("reading paused").isNotEmpty().last().isEqualTo(false);
        release.countDown();
        assertThat(conn.awaitOutput(o -> o.contains("ok /slow"))).contains("connection: close");
        conn.awaitClosed();
    }

    /** The same after a request that cannot be parsed (queued behind a slow one). */
    @Test
    void inputAfterAParseErrorIsNeitherReadNorBuffered() throws Exception {
        open(EngineConfig.defaults(), app);
        conn.send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nBad Header\r\n\r\n");
        byte[] junk = new byte[1 << 20];
        for (int i = 0; i < 16; i++) conn.send(junk);
        assertThat(bufferedInput()).isLessThan(64 * 1024);
        assertThat(conn.autoReadCalls()).isNotEmpty().last().isEqualTo(false);
        release.countDown();
        assertThat(conn.awaitOutput(o -> o.contains(" 400 "))).contains("ok /slow");
        conn.awaitClosed();
    }

    /** A client that half-closes after its request still gets the response, then the connection closes. */
    @Test
    void halfCloseAfterTheRequestStillGetsTheResponse() {
        open(EngineConfig.defaults(), app);
        conn.send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(conn.halfClose()).as("kept open for the response").isTrue();
        release.countDown();
        assertThat(conn.awaitOutput(o -> o.contains("ok /slow"))).startsWith("HTTP/1.1 200");
        conn.awaitClosed();
    }

    /** Half-closed with nothing in flight: closed at once. */
    @Test
    void halfCloseWhenIdleCloses() {
        open(EngineConfig.defaults(), app);
        conn.send("GET /a HTTP/1.1\r\nHost: h\r\n\r\n");
        conn.awaitOutput(o -> o.contains("ok /a"));
        assertThat(conn.halfClose()).isFalse();
        conn.awaitClosed();
    }

    /** SPEC: RFC 9113 §3.4 an invalid preface is a connection error: no HTTP/1.1 400, just a close. */
    @Test
    void firstBytesThatAreNotHttpAreClosedWithoutAnAnswer() {
        open(EngineConfig.defaults(), app);
        conn.send("INVALID CONNECTION PREFACE\r\n\r\n");
        conn.awaitClosed();
        assertThat(conn.output()).isEmpty();
    }

    /** A malformed version from a client that spoke HTTP/1.1 before is still answered 400. */
    @Test
    void aBadVersionLaterOnTheConnectionIs400() {
        open(EngineConfig.defaults(), app);
        conn.send("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b NOPE\r\n\r\n");
        assertThat(conn.awaitOutput(o -> o.contains(" 400 "))).contains("ok /a");
        conn.awaitClosed();
    }

    /** A download the peer stops reading: aborted after the write timeout, the handler's writes fail. */
    @Test
    void aPeerThatStopsReadingIsAbortedAndTheHandlerReleased() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        HttpHandler download = (req, res) -> {
            try (OutputStream out = res.body()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 64; i++) out.write(chunk);
            } finally {
                done.countDown();
            }
        };
        open(EngineConfig.builder().writeTimeout(Duration.ofMillis(300)).build(), download);
        conn.setWritableLater(false);
        conn.send("GET /big HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(done.await(10, TimeUnit.SECONDS)).as("handler released").isTrue();
        conn.awaitClosed();
        assertThat(conn.aborted).isTrue();
    }
}
