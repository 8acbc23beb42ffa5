package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.TestPeer.*;
import static dev.celeris.engine.internal.h2.frame.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Http2Config;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Rapid Reset counter (CVE-2023-44487) counts each reset of an unanswered stream exactly
 * once, also amid the traffic of a long-lived connection (the soak's mix: plain GETs, whole
 * uploads, uploads rejected with 401 while their body still comes, resets of answered streams,
 * cancelled uploads): the limit trips at the first reset above it, never earlier.
 */
@Timeout(60)
class RapidResetCountTest {

    static final int LIMIT = 12;
    static final int BODY = 4_000; // small enough to feed byte by byte within the timeout on a loaded CI box

    @ParameterizedTest
    @EnumSource(Split.class)
    void everyCancelledUploadCountsOnceAmidMixedTraffic(Split split) {
        // an hour-long window: the count must not roll over on a slow machine
        EngineConfig config = EngineConfig.builder().http2(Http2Config.builder().maxResetsPerWindow(LIMIT)
                .resetWindow(Duration.ofHours(1)).build()).build();
        try (TestPeer peer = TestPeer.open(config, LongLivedConnectionTest.APP, split).handshake()) {
            Uploader up = new Uploader(peer, config.http2().initialStreamWindowSize());
            up.refresh(20);
            int id = 1;
            for (int cancels = 1; cancels <= LIMIT + 1; cancels++) {
                peer.send(peer.get(id, "/"));
                assertThat(peer.response(id).status()).isEqualTo(200);
                peer.send(rst(id, H2Error.CANCEL)); // answered and ended: not counted
                id += 2;
                peer.send(peer.post(id, "/count"));
                up.upload(id, BODY, true);
                assertThat(peer.response(id).text()).isEqualTo(Integer.toString(BODY));
                id += 2;
                peer.send(peer.post(id, "/reject"));
                up.upload(id, BODY, true); // the body keeps coming after the early 401
                assertThat(peer.response(id).status()).isEqualTo(401);
                id += 2;
                peer.send(peer.post(id, "/slow"));
                up.upload(id, BODY, false);
                peer.send(rst(id, H2Error.CANCEL)); // unanswered: counted, once
                id += 2;
                up.refresh(0);
                if (cancels <= LIMIT) {
                    assertThat(peer.arrives(50, f -> f.type() == TYPE_GOAWAY))
                            .as("GOAWAY after %d cancelled uploads (limit %d)", cancels, LIMIT).isFalse();
                }
            }
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.ENHANCE_YOUR_CALM.code());
        }
    }

    /** The window moves on: after a quiet window the same count is allowed again (see {@link RateCounterTest}). */
    @Test
    void windowRollsOver() {
        RateCounter counter = new RateCounter(3, Duration.ofNanos(1000), 0);
        for (int i = 0; i < 3; i++) assertThat(counter.record(10 + i)).isTrue();
        assertThat(counter.record(999)).isFalse();
        for (int i = 0; i < 3; i++) assertThat(counter.record(2000 + i)).isTrue();
        assertThat(counter.record(2500)).isFalse();
    }
}
