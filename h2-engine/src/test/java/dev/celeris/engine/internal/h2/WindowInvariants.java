package dev.celeris.engine.internal.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The flow-control invariants of a live connection, read on its I/O thread through the
 * engine's own {@link WindowCounter}s.
 */
final class WindowInvariants {

    private WindowInvariants() {
    }

    /** Checks what must hold after every step, quiescent or not. */
    static void check(TestPeer peer) {
        peer.onLoop(() -> {
            Http2ConnectionHandler h = peer.handler;
            WindowCounter conn = h.flow.inbound();
            long heldByStreams = 0;
            for (H2Stream s : h.registry.active()) {
                if (s.hasInbound()) heldByStreams += s.inbound().uncredited();
                assertThat(s.isReleased()).as("active stream released: " + s).isFalse();
            }
            assertThat(conn.credited()).as("credited <= received").isLessThanOrEqualTo(conn.received());
            assertThat(conn.uncredited()).as("connection bytes not credited = bytes held by live streams")
                    .isEqualTo(heldByStreams);
            assertThat(h.flow.waitingCount()).as("waiting streams <= active").isLessThanOrEqualTo(h.registry.activeCount());
        });
    }

    /**
     * Waits until no stream is active (handlers finished), then checks that the connection
     * window credited every byte it received.
     */
    static void awaitQuiescent(TestPeer peer, long bytesSent) {
        awaitQuiescent(peer);
        peer.onLoop(() -> assertThat(peer.handler.flow.inbound().received()).as("bytes received = bytes the client sent")
                .isEqualTo(bytesSent));
    }

    static void awaitQuiescent(TestPeer peer) {
        long deadline = System.currentTimeMillis() + TestPeer.TIMEOUT_MS;
        AtomicReference<String> state = new AtomicReference<>();
        while (true) {
            peer.onLoop(() -> {
                Http2ConnectionHandler h = peer.handler;
                WindowCounter conn = h.flow.inbound();
                state.set(h.registry.activeCount() == 0 && conn.credited() == conn.received() ? null
                        : h.registry + " " + conn);
            });
            if (state.get() == null) break;
            if (System.currentTimeMillis() > deadline) throw new AssertionError("not quiescent: " + state.get());
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        check(peer);
    }
}
