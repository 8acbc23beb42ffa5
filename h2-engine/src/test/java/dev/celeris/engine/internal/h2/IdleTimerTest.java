package dev.celeris.engine.internal.h2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.internal.Timers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP/2 connection is its own idle-timer entry in the shared wheel: after the SETTINGS
 * exchange an idle connection has exactly that one entry; the idle timeout still fires on many
 * connections at once; and a connection closed before its timeout leaves nothing in the wheel.
 */
@Timeout(120)
class IdleTimerTest {

    private static final HttpHandler HELLO = (req, res) -> res.send("hello");

    @Test
    void manyIdleConnectionsAllTimeOut() {
        EngineConfig cfg = EngineConfig.builder().idleTimeout(Duration.ofMillis(200)).build();
        List<TestPeer> peers = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) peers.add(TestPeer.open(cfg, HELLO, Split.WHOLE).handshake());
            for (TestPeer peer : peers) {
                assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.NO_ERROR.code());
                assertThat(peer.awaitClosed()).isTrue();
            }
            for (TestPeer peer : peers) {
                afterCloseDelivered(peer);
                assertThat(Timers.wheel().holds(peer.connection)).as("nothing left in the wheel").isZero();
            }
        } finally {
            peers.forEach(TestPeer::close);
        }
    }

    @Test
    void anIdleConnectionHoldsOneEntryAndNoneOnceClosed() {
        EngineConfig cfg = EngineConfig.builder().idleTimeout(Duration.ofMinutes(10)).build();
        List<TestPeer> peers = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) peers.add(TestPeer.open(cfg, HELLO, Split.WHOLE).handshake());
            for (TestPeer peer : peers) {
                peer.onLoop(() -> { }); // the handshake was processed: the SETTINGS timer is cancelled
                assertThat(Timers.wheel().holds(peer.connection)).as("the idle timer alone").isEqualTo(1);
                assertThat(Timers.wheel().isScheduled(peer.handler)).isTrue();
            }
            for (TestPeer peer : peers) peer.connection.close(); // closed long before the timeout
            for (TestPeer peer : peers) {
                assertThat(peer.awaitClosed()).isTrue();
                afterCloseDelivered(peer);
                assertThat(Timers.wheel().holds(peer.connection)).as("nothing left in the wheel").isZero();
            }
        } finally {
            peers.forEach(TestPeer::close);
        }
    }

    @Test
    void aConnectionThatAnsweredAStreamStillTimesOutAndLeavesNothing() {
        EngineConfig cfg = EngineConfig.builder().idleTimeout(Duration.ofMillis(300)).build();
        try (TestPeer peer = TestPeer.open(cfg, HELLO, Split.WHOLE).handshake()) {
            peer.send(peer.get(1, "/"));
            assertThat(peer.response(1).text()).isEqualTo("hello");
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.NO_ERROR.code());
            assertThat(peer.awaitClosed()).isTrue();
            afterCloseDelivered(peer);
            assertThat(Timers.wheel().holds(peer.connection)).isZero();
        }
    }

    /** The fake transport delivers onClose in a later loop task: two passes of the loop are enough. */
    private static void afterCloseDelivered(TestPeer peer) {
        peer.onLoop(() -> { });
        peer.onLoop(() -> { });
    }
}
