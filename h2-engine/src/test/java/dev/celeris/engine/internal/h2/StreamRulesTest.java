package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.TestPeer.*;
import static dev.celeris.engine.internal.h2.frame.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Http2Config;
import dev.celeris.engine.HttpHandler;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Stream ids, states and concurrency (RFC 9113 §5.1, §5.1.1, §5.1.2, §5.3). */
@Timeout(20)
class StreamRulesTest {

    static final HttpHandler HELLO = ConnectionBasicsTest.HELLO;

    @ParameterizedTest
    @EnumSource(Split.class)
    void evenStreamIdIsProtocolError(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), HELLO, split).handshake()) {
            peer.send(peer.get(2, "/"));
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void decreasingStreamIdIsProtocolError(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), HELLO, split).handshake()) {
            peer.send(peer.get(5, "/"));
            peer.response(5);
            peer.send(peer.get(3, "/"));
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void headersOnAStreamThePeerResetIsStreamClosed(Split split) {
        CountDownLatch never = new CountDownLatch(1);
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), (req, res) -> never.await(), split).handshake()) {
            peer.send(peer.headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/"), rst(1, H2Error.CANCEL));
            peer.send(peer.get(1, "/again"));
            // SPEC: RFC 9113 §5.1 closed: after the peer's RST_STREAM, a stream error (not a connection error)
            assertThat(peer.awaitReset(1).errorCode()).isEqualTo(H2Error.STREAM_CLOSED.code());
            peer.send(ping(false, 7));
            peer.await("PING ACK", f -> f.type() == TYPE_PING && f.has(FLAG_ACK));
            assertThat(peer.arrives(50, f -> f.type() == TYPE_GOAWAY)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void dataAfterEndStreamIsStreamClosed(Split split) {
        CountDownLatch release = new CountDownLatch(1);
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), (req, res) -> {
            release.await();
            res.send("x");
        }, split).handshake()) {
            peer.send(peer.get(1, "/"), data(1, false, new byte[] {1}));
            assertThat(peer.awaitReset(1).errorCode()).isEqualTo(H2Error.STREAM_CLOSED.code());
            release.countDown();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void dataOnIdleStreamIsProtocolError(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), HELLO, split).handshake()) {
            peer.send(data(7, true, new byte[] {1}));
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void framesOnIdleStreamsAreProtocolErrors(Split split) {
        for (byte[] frame : new byte[][] {rst(9, H2Error.CANCEL), windowUpdate(9, 1)}) {
            try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), HELLO, split).handshake()) {
                peer.send(frame);
                assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void framesAfterOurResetAreIgnored(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), HELLO, split).handshake()) {
            // malformed request (uppercase name) → we reset; its DATA and WINDOW_UPDATE are then ignored
            peer.send(peer.headers(1, false, ":method", "POST", ":scheme", "http", ":path", "/", "Bad", "1"));
            assertThat(peer.awaitReset(1).errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
            peer.send(data(1, false, new byte[10]), windowUpdate(1, 5), priority(1, 3, 2));
            peer.send(peer.get(3, "/ok"));
            assertThat(peer.response(3).text()).isEqualTo("hello /ok");
            assertThat(peer.seen).noneMatch(f -> f.type() == TYPE_GOAWAY || (f.type() == TYPE_RST_STREAM && f.streamId() == 1
                    && f.errorCode() != H2Error.PROTOCOL_ERROR.code()));
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void windowUpdateAfterCloseIsIgnored(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), HELLO, split).handshake()) {
            peer.send(peer.get(1, "/"));
            peer.response(1);
            peer.send(windowUpdate(1, 100), rst(1, H2Error.CANCEL), priority(1, 3, 2));
            peer.send(peer.get(3, "/"));
            assertThat(peer.response(3).status()).isEqualTo(200);
            assertThat(peer.seen).noneMatch(f -> f.type() == TYPE_GOAWAY || f.type() == TYPE_RST_STREAM);
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void streamsAboveMaxConcurrentAreRefused(Split split) {
        CountDownLatch release = new CountDownLatch(1);
        EngineConfig cfg = EngineConfig.builder().http2(Http2Config.builder().maxConcurrentStreams(2).build()).build();
        try (TestPeer peer = TestPeer.open(cfg, (req, res) -> {
            release.await();
            res.send("ok");
        }, split).handshake()) {
            peer.send(peer.get(1, "/"), peer.get(3, "/"), peer.get(5, "/"));
            assertThat(peer.awaitReset(5).errorCode()).isEqualTo(H2Error.REFUSED_STREAM.code());
            release.countDown();
            assertThat(peer.response(1).text()).isEqualTo("ok");
            assertThat(peer.response(3).text()).isEqualTo("ok");
            peer.send(peer.get(7, "/"));
            assertThat(peer.response(7).text()).isEqualTo("ok"); // slots freed
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void headersDependingOnItselfIsAStreamError(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), HELLO, split).handshake()) {
            byte[] block = peer.block(":method", "GET", ":scheme", "http", ":path", "/");
            byte[] payload = ByteBuffer.allocate(5 + block.length).putInt(1).put((byte) 15).put(block).array();
            peer.send(frame(TYPE_HEADERS, FLAG_END_HEADERS | FLAG_END_STREAM | FLAG_PRIORITY, 1, payload));
            assertThat(peer.awaitReset(1).errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
            peer.send(peer.get(3, "/")); // HPACK state still in step
            assertThat(peer.response(3).text()).isEqualTo("hello /");
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void priorityFramesAreAcceptedAnywhere(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), HELLO, split).handshake()) {
            peer.send(priority(11, 0, 21)); // idle stream: no state created
            peer.send(peer.get(3, "/"));
            assertThat(peer.response(3).text()).isEqualTo("hello /");
            assertThat(peer.seen).noneMatch(f -> f.type() == TYPE_GOAWAY);
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void manyStreamsInOneChunk(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), HELLO, split).handshake()) {
            byte[][] gets = new byte[50][];
            for (int i = 0; i < 50; i++) gets[i] = peer.get(1 + 2 * i, "/" + i);
            peer.send(gets);
            for (int i = 0; i < 50; i++) {
                // responses may interleave: collect per stream from what was seen
                int id = 1 + 2 * i;
                peer.await("end of " + id, f -> f.streamId() == id && f.has(FLAG_END_STREAM));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void registryForgetsClosedStreamsButKnowsTheirFate() {
        StreamRegistry registry = new StreamRegistry();
        for (int id = 1; id < 4000; id += 2) {
            H2Stream s = new H2Stream(id, 10, 10, null);
            registry.add(s);
            registry.remove(s, StreamRegistry.Closure.ENDED);
        }
        assertThat(registry.activeCount()).isZero();
        assertThat(registry.isIdle(3999)).isFalse();
        assertThat(registry.isIdle(4001)).isTrue();
        assertThat(registry.closure(3997)).isEqualTo(StreamRegistry.Closure.ENDED);
        assertThat(registry.closure(1)).isEqualTo(StreamRegistry.Closure.UNKNOWN); // memory is bounded
        for (int id = 4001; id < 4400; id += 2) registry.add(new H2Stream(id, 10, 10, null));
        for (int id = 4001; id < 4400; id += 2) assertThat(registry.get(id).id).isEqualTo(id);
        for (int id = 4001; id < 4400; id += 4) registry.remove(registry.get(id), StreamRegistry.Closure.RESET_SENT);
        for (int id = 4003; id < 4400; id += 4) assertThat(registry.get(id)).isNotNull();
        assertThat(registry.get(4001)).isNull();
    }

    @org.junit.jupiter.api.Test
    void stateMachineTransitions() {
        assertThat(StreamState.IDLE.onReceiveEndStream()).isEqualTo(StreamState.HALF_CLOSED_REMOTE);
        assertThat(StreamState.OPEN.onSendEndStream()).isEqualTo(StreamState.HALF_CLOSED_LOCAL);
        assertThat(StreamState.HALF_CLOSED_LOCAL.onReceiveEndStream()).isEqualTo(StreamState.CLOSED);
        assertThat(StreamState.HALF_CLOSED_REMOTE.onSendEndStream()).isEqualTo(StreamState.CLOSED);
        assertThat(StreamState.HALF_CLOSED_REMOTE.onReceiveEndStream()).isNull();
        assertThat(StreamState.CLOSED.onSendEndStream()).isNull();
        assertThat(StreamState.HALF_CLOSED_REMOTE.canReceive()).isFalse();
        assertThat(StreamState.HALF_CLOSED_LOCAL.canSend()).isFalse();
    }
}
