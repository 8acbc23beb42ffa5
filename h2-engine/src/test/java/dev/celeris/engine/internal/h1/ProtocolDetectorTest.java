package dev.celeris.engine.internal.h1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.internal.ProtocolDetector;
import dev.celeris.spi.Connection;
import dev.celeris.spi.ConnectionHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Protocol detection from the first bytes, including one byte at a time. */
@Timeout(30)
class ProtocolDetectorTest {

    static final String PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

    /** Stands in for the HTTP/2 connection: records what it is given. */
    static final class RecordingHandler implements ConnectionHandler {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        volatile Connection opened;
        volatile boolean closed;

        @Override
        public void onOpen(Connection connection) {
            opened = connection;
        }

        @Override
        public synchronized void onData(ByteBuffer chunk) {
            byte[] b = new byte[chunk.remaining()];
            chunk.get(b);
            received.writeBytes(b);
        }

        @Override
        public void onClose(Throwable cause) {
            closed = true;
        }

        synchronized String text() {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private FakeConnection conn;
    private final RecordingHandler h2 = new RecordingHandler();

    @AfterEach
    void tearDown() {
        if (conn != null) conn.shutdownLoop();
    }

    private void open() {
        conn = new FakeConnection().open(new ProtocolDetector(() -> h2,
                () -> new Http1Connection(EngineConfig.defaults(), (req, res) -> res.send("h1 " + req.path()), null),
                Duration.ofSeconds(1))); // tests feed bytes one by one: room for a stalled thread on a loaded CI box
    }

    @Test
    void prefaceOneByteAtATimeGoesToHttp2WithEveryByte() {
        open();
        conn.sendByteByByte(PREFACE + "\0\0\0\4\0\0\0\0\0");
        conn.runOnLoop(() -> { });
        assertThat(h2.opened).isSameAs(conn);
        assertThat(h2.text()).isEqualTo(PREFACE + "\0\0\0\4\0\0\0\0\0");
        conn.peerClose();
        assertThat(h2.closed).isTrue();
    }

    @Test
    void prefaceInOneChunkGoesToHttp2() {
        open();
        conn.send(PREFACE + "rest");
        conn.runOnLoop(() -> { });
        assertThat(h2.text()).isEqualTo(PREFACE + "rest");
    }

    @Test
    void requestLineOneByteAtATimeGoesToHttp1() {
        open();
        conn.sendByteByByte("GET /x HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(conn.awaitOutput(o -> o.endsWith("h1 /x"))).startsWith("HTTP/1.1 200");
        assertThat(h2.opened).isNull();
    }

    @Test
    void methodSharingThePrefacePrefixGoesToHttp1() {
        open();
        conn.sendByteByByte("PRIX / HTTP/1.1\r\nHost: h\r\n\r\nPOST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
        assertThat(conn.awaitOutput(o -> o.endsWith("h1 /p"))).startsWith("HTTP/1.1 200");
    }

    @Test
    void aPrefaceThatGoesWrongLateIsAnHttp1Error() {
        open();
        conn.send("PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n");
        conn.awaitClosed();
        assertThat(conn.output()).startsWith("HTTP/1.1 400 ");
        assertThat(h2.opened).isNull();
    }

    @Test
    void bytesOfNeitherProtocolAreClosedWithoutAnAnswer() {
        open();
        conn.send(new byte[] {0x16, 0x03, 0x01, 0x00}); // a TLS ClientHello on the cleartext port
        conn.awaitClosed();
        assertThat(conn.output()).isEmpty();
    }

    @Test
    void http1OnlyAnswersTheHttp2PrefaceWith400() {
        EngineConfig config = EngineConfig.builder().protocols(dev.celeris.engine.Protocols.HTTP1_ONLY).build();
        conn = new FakeConnection().open(dev.celeris.engine.internal.Protocol.newConnectionHandler(config,
                (req, res) -> res.send("h1")));
        conn.send(PREFACE);
        conn.awaitClosed();
        assertThat(conn.output()).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void silentConnectionIsClosedAfterTheTimeout() {
        open();
        conn.awaitClosed();
        assertThat(conn.output()).isEmpty();
    }
}
