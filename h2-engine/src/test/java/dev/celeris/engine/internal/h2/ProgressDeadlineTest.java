package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.TestPeer.*;
import static dev.celeris.engine.internal.h2.frame.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpHandler;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A peer that stops reading (or sending) is cut off, and every handler thread is released (issue #11). */
@Timeout(60)
class ProgressDeadlineTest {

    static final int DOWNLOADS = 50;

    /** Streams 1 MiB; counts down {@code done} however it ends. */
    static HttpHandler download(CountDownLatch done) {
        return (req, res) -> {
            try (OutputStream out = res.body()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 16; i++) out.write(chunk);
            } finally {
                done.countDown();
            }
        };
    }

    @Test
    void downloadsThePeerStopsReadingAreResetAndTheirHandlersReleased() throws Exception {
        CountDownLatch done = new CountDownLatch(DOWNLOADS);
        EngineConfig config = EngineConfig.builder().progressTimeout(Duration.ofMillis(300)).build();
        try (TestPeer peer = TestPeer.open(config, download(done), Split.WHOLE)) {
            peer.handshake(); // and never a WINDOW_UPDATE: the peer reads nothing beyond 64 KiB
            for (int i = 0; i < DOWNLOADS; i++) peer.send(peer.get(1 + 2 * i, "/big"));
            for (int i = 0; i < DOWNLOADS; i++) {
                assertThat(peer.awaitReset(1 + 2 * i).errorCode()).isEqualTo(H2Error.CANCEL.code());
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).as("every handler thread released").isTrue();
            peer.send(ping(false, 1)); // the connection itself is fine
            peer.await("PING ACK", f -> f.type() == TYPE_PING && f.has(FLAG_ACK));
            WindowInvariants.awaitQuiescent(peer);
        }
    }

    @Test
    void theDefaultDeadlineLetsASlowButMovingReaderFinish() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        EngineConfig config = EngineConfig.builder().progressTimeout(Duration.ofMillis(300)).build();
        try (TestPeer peer = TestPeer.open(config, download(done), Split.WHOLE)) {
            peer.handshake();
            peer.send(peer.get(1, "/big"));
            long received = 0;
            while (received < 1 << 20) {
                Frame f = peer.await("DATA", x -> x.type() == TYPE_DATA || x.type() == TYPE_RST_STREAM);
                assertThat(f.type()).as("no reset while the reader moves").isEqualTo(TYPE_DATA);
                received += f.payload().length;
                if (f.payload().length > 0) peer.send(windowUpdate(0, f.payload().length), windowUpdate(1, f.payload().length));
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anUnwritableTransportIsAbortedAfterTheWriteTimeout() throws Exception {
        CountDownLatch done = new CountDownLatch(3);
        EngineConfig config = EngineConfig.builder().writeTimeout(Duration.ofMillis(300)).build();
        try (TestPeer peer = TestPeer.open(config, download(done), Split.WHOLE)) {
            peer.handshake();
            peer.connection.writable = false; // the peer stopped reading: the socket buffer is full
            peer.send(peer.get(1, "/big"), peer.get(3, "/big"), peer.get(5, "/big"));
            assertThat(peer.awaitClosed()).isTrue();
            assertThat(peer.connection.aborted).as("aborted, not an orderly close that never completes").isTrue();
            assertThat(done.await(10, TimeUnit.SECONDS)).as("every handler thread released").isTrue();
        }
    }

    /** A request body the handler waits for and the peer does not send: reset, the handler's read fails. */
    @Test
    void aBodyThePeerStopsSendingIsResetAndTheReaderReleased() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        HttpHandler reader = (req, res) -> {
            try {
                req.body().readAllBytes();
            } catch (dev.celeris.engine.ClientException expected) {
                failed.countDown();
            }
        };
        EngineConfig config = EngineConfig.builder().progressTimeout(Duration.ofMillis(300)).build();
        try (TestPeer peer = TestPeer.open(config, reader, Split.WHOLE)) {
            peer.handshake();
            peer.send(peer.post(1, "/upload"), data(1, false, new byte[10]));
            assertThat(peer.awaitReset(1).errorCode()).isEqualTo(H2Error.CANCEL.code());
            assertThat(failed.await(10, TimeUnit.SECONDS)).as("the blocked read fails").isTrue();
            WindowInvariants.awaitQuiescent(peer);
        }
    }

    /** A quiet tunnel (extended CONNECT, RFC 8441: WebSocket) is not a stalled upload: no reset. */
    @Test
    void aQuietTunnelIsNotCutOff() throws Exception {
        CountDownLatch end = new CountDownLatch(1);
        HttpHandler tunnel = (req, res) -> {
            res.body().flush(); // 200: the tunnel is open
            try {
                req.body().read(); // waits for the peer, which is quiet
            } catch (dev.celeris.engine.ClientException reset) {
                // the test's final RST
            }
            end.countDown();
        };
        EngineConfig config = EngineConfig.builder().progressTimeout(Duration.ofMillis(200)).build();
        try (TestPeer peer = TestPeer.open(config, tunnel, Split.WHOLE)) {
            peer.handshake();
            peer.send(peer.headers(1, false, ":method", "CONNECT", ":protocol", "websocket", ":scheme", "http",
                    ":path", "/chat", ":authority", "test"));
            peer.await("HEADERS 1", f -> f.type() == TYPE_HEADERS && f.streamId() == 1);
            assertThat(peer.arrives(1000, f -> f.type() == TYPE_RST_STREAM)).as("no reset of a quiet tunnel").isFalse();
            peer.send(rst(1, H2Error.CANCEL));
            assertThat(end.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
