package dev.celeris.engine.internal.h1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.internal.ProtocolDetector;
import dev.celeris.spi.ConnectionHandler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC: RFC 9112 §9.6 a client that half-closes after its request still gets the response
 * (found by benchmarks/chaos.sh: every transport closed such a connection unanswered).
 */
@Timeout(30)
class Http1HalfCloseTest {

    private FakeConnection conn;

    @AfterEach
    void tearDown() {
        if (conn != null) conn.shutdownLoop();
    }

    private boolean halfClose(ConnectionHandler handler) {
        AtomicBoolean keep = new AtomicBoolean();
        conn.runOnLoop(() -> keep.set(handler.onInputClosed()));
        return keep.get();
    }

    @Test
    void requestsSentBeforeTheHalfCloseAreAnsweredThenTheConnectionCloses() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ConnectionHandler handler = new ProtocolDetector(() -> null, () -> new Http1Connection(EngineConfig.defaults(), (req, res) -> {
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            res.send("answered " + req.path());
        }, null), Duration.ofSeconds(5));
        conn = new FakeConnection().open(handler);
        conn.send("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(halfClose(handler)).as("kept open for the responses").isTrue();
        release.countDown();
        String out = conn.awaitOutput(o -> o.contains("answered /b"));
        assertThat(out).contains("answered /a");
        conn.awaitClosed();
        assertThat(conn.isOpen()).isFalse();
    }

    @Test
    void aHalfCloseWithNothingInFlightClosesAtOnce() {
        ConnectionHandler handler = new ProtocolDetector(() -> null,
                () -> new Http1Connection(EngineConfig.defaults(), (req, res) -> res.send("x"), null), Duration.ofSeconds(5));
        conn = new FakeConnection().open(handler);
        assertThat(halfClose(handler)).as("undecided protocol").isFalse();
        conn.send("GET /a HTTP/1.1\r\nHost: h\r\n\r\n");
        conn.awaitOutput(o -> o.contains("\r\n\r\nx"));
        conn.runOnLoop(() -> { });
        assertThat(halfClose(handler)).as("idle keep-alive connection").isFalse();
    }

    @Test
    void aBodyCutShortByTheHalfCloseClosesAtOnce() {
        ConnectionHandler handler = new ProtocolDetector(() -> null,
                () -> new Http1Connection(EngineConfig.defaults(), (req, res) -> res.send(req.bodyBytes()), null), Duration.ofSeconds(5));
        conn = new FakeConnection().open(handler);
        conn.send("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n12345");
        assertThat(halfClose(handler)).isFalse();
    }
}
