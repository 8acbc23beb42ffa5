package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.TestPeer.*;
import static dev.celeris.engine.internal.h2.frame.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Http2Config;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.internal.h2.frame.Settings;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Flow control both ways (RFC 9113 §5.2, §6.9). */
@Timeout(20)
class FlowControlTest {

    static HttpHandler bytes(int n) {
        return (req, res) -> res.send(new byte[n]);
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void responseDataStaysWithinThePeerStreamWindow(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), bytes(100), split)) {
            peer.send(concat(dev.celeris.engine.internal.h2.frame.Frames.preface(), settings(Settings.INITIAL_WINDOW_SIZE, 10)));
            peer.send(peer.get(1, "/"));
            Frame first = peer.await("DATA", f -> f.type() == TYPE_DATA);
            assertThat(first.payload()).hasSize(10);
            assertThat(peer.arrives(150, f -> f.type() == TYPE_DATA)).isFalse();
            peer.send(windowUpdate(1, 50));
            assertThat(peer.await("DATA", f -> f.type() == TYPE_DATA).payload()).hasSize(50);
            peer.send(windowUpdate(1, 1000));
            Frame last = peer.await("DATA", f -> f.type() == TYPE_DATA);
            assertThat(last.payload()).hasSize(40);
            assertThat(last.has(FLAG_END_STREAM)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void settingsInitialWindowChangeReleasesBlockedStreams(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), bytes(100), split)) {
            peer.send(concat(dev.celeris.engine.internal.h2.frame.Frames.preface(), settings(Settings.INITIAL_WINDOW_SIZE, 0)));
            peer.send(peer.get(1, "/"));
            assertThat(peer.arrives(150, f -> f.type() == TYPE_DATA)).isFalse();
            peer.send(settings(Settings.INITIAL_WINDOW_SIZE, 1000));
            Frame data = peer.await("DATA", f -> f.type() == TYPE_DATA);
            assertThat(data.payload()).hasSize(100);
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void responseDataStaysWithinTheConnectionWindow(Split split) {
        HttpHandler big = bytes(70_000);
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), big, split)) {
            peer.send(concat(dev.celeris.engine.internal.h2.frame.Frames.preface(), settings(Settings.INITIAL_WINDOW_SIZE, 1 << 20)));
            peer.send(peer.get(1, "/"));
            long total = 0;
            while (total < 65_535) {
                Frame f = peer.await("DATA", x -> x.type() == TYPE_DATA);
                assertThat(f.payload().length).isLessThanOrEqualTo(16_384); // peer MAX_FRAME_SIZE
                total += f.payload().length;
            }
            assertThat(total).isEqualTo(65_535);
            assertThat(peer.arrives(150, f -> f.type() == TYPE_DATA)).isFalse();
            peer.send(windowUpdate(0, 10_000));
            Frame rest = peer.await("DATA", f -> f.type() == TYPE_DATA);
            assertThat(rest.payload()).hasSize(70_000 - 65_535);
            assertThat(rest.has(FLAG_END_STREAM)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void peerMaxFrameSizeIsRespected(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), bytes(40_000), split)) {
            peer.send(concat(dev.celeris.engine.internal.h2.frame.Frames.preface(),
                    settings(Settings.MAX_FRAME_SIZE, 20_000, Settings.INITIAL_WINDOW_SIZE, 1 << 20)), windowUpdate(0, 1 << 20));
            peer.send(peer.get(1, "/"));
            Response r = peer.response(1);
            assertThat(r.body()).hasSize(40_000);
            assertThat(peer.seen).filteredOn(f -> f.type() == TYPE_DATA).allMatch(f -> f.payload().length <= 20_000)
                    .anyMatch(f -> f.payload().length == 20_000);
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void windowUpdateErrors(Split split) {
        CountDownLatch never = new CountDownLatch(1);
        HttpHandler hold = (req, res) -> never.await();
        // stream zero increment → RST PROTOCOL_ERROR
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), hold, split).handshake()) {
            peer.send(peer.get(1, "/"), windowUpdate(1, 0));
            assertThat(peer.awaitReset(1).errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
        }
        // stream overflow → RST FLOW_CONTROL_ERROR
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), hold, split).handshake()) {
            peer.send(peer.get(1, "/"), windowUpdate(1, Integer.MAX_VALUE));
            assertThat(peer.awaitReset(1).errorCode()).isEqualTo(H2Error.FLOW_CONTROL_ERROR.code());
        }
        // connection zero increment → GOAWAY PROTOCOL_ERROR
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), hold, split).handshake()) {
            peer.send(windowUpdate(0, 0));
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
        }
        // connection overflow → GOAWAY FLOW_CONTROL_ERROR
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), hold, split).handshake()) {
            peer.send(windowUpdate(0, Integer.MAX_VALUE));
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.FLOW_CONTROL_ERROR.code());
        }
        // INITIAL_WINDOW_SIZE pushing an open stream above 2^31-1 → GOAWAY FLOW_CONTROL_ERROR
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), hold, split).handshake()) {
            peer.send(peer.get(1, "/"), windowUpdate(1, Integer.MAX_VALUE - 65_535));
            peer.send(settings(Settings.INITIAL_WINDOW_SIZE, 65_536));
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.FLOW_CONTROL_ERROR.code());
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void inboundOverrunIsFlowControlError(Split split) {
        CountDownLatch never = new CountDownLatch(1);
        EngineConfig cfg = EngineConfig.builder().http2(Http2Config.builder().initialStreamWindowSize(100).build()).build();
        try (TestPeer peer = TestPeer.open(cfg, (req, res) -> never.await(), split).handshake()) {
            peer.await("SETTINGS ACK", f -> f.type() == TYPE_SETTINGS && f.has(FLAG_ACK));
            peer.send(peer.post(1, "/"), data(1, false, new byte[100]));
            peer.send(data(1, false, new byte[1]));
            assertThat(peer.awaitReset(1).errorCode()).isEqualTo(H2Error.FLOW_CONTROL_ERROR.code());
        }
        // the connection window (65,535 before our WINDOW_UPDATE is counted; 1 MiB after)
        EngineConfig big = EngineConfig.builder().http2(Http2Config.builder().initialStreamWindowSize(1 << 24)
                .connectionWindowSize(65_535).build()).build();
        try (TestPeer peer = TestPeer.open(big, (req, res) -> never.await(), split).handshake()) {
            peer.send(peer.post(1, "/"));
            for (int i = 0; i < 4; i++) peer.send(data(1, false, new byte[16_383]));
            peer.send(data(1, false, new byte[10]));
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.FLOW_CONTROL_ERROR.code());
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void windowsReopenOnlyAsTheHandlerReads(Split split) throws Exception {
        CountDownLatch startReading = new CountDownLatch(1);
        AtomicLong read = new AtomicLong();
        HttpHandler reader = (req, res) -> {
            startReading.await();
            InputStream in = req.body();
            byte[] buf = new byte[1000];
            for (int n; (n = in.read(buf)) > 0; ) read.addAndGet(n);
            res.send("read " + read.get());
        };
        EngineConfig cfg = EngineConfig.builder().http2(Http2Config.builder().initialStreamWindowSize(1000).build()).build();
        try (TestPeer peer = TestPeer.open(cfg, reader, split).handshake()) {
            peer.await("SETTINGS ACK", f -> f.type() == TYPE_SETTINGS && f.has(FLAG_ACK));
            peer.send(peer.post(1, "/"), data(1, false, new byte[1000]));
            assertThat(peer.arrives(200, f -> f.type() == TYPE_WINDOW_UPDATE && f.streamId() == 1)).isFalse();
            startReading.countDown();
            Frame update = peer.await("stream WINDOW_UPDATE", f -> f.type() == TYPE_WINDOW_UPDATE && f.streamId() == 1);
            assertThat(update.increment()).isGreaterThanOrEqualTo(500); // coalesced, at least half a window
            peer.send(data(1, true, new byte[update.increment()]));
            assertThat(peer.response(1).text()).isEqualTo("read " + (1000 + update.increment()));
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void paddingCountsAgainstTheWindowAndIsReturned(Split split) {
        HttpHandler echo = (req, res) -> res.send(req.bodyBytes());
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), echo, split).handshake()) {
            byte[] padded = new byte[1 + 3 + 5];
            padded[0] = 5; // pad length
            padded[1] = 'a';
            padded[2] = 'b';
            padded[3] = 'c';
            peer.send(peer.post(1, "/"), frame(TYPE_DATA, FLAG_PADDED | FLAG_END_STREAM, 1, padded));
            assertThat(peer.response(1).text()).isEqualTo("abc");
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void streamedResponseBlocksOnTheWindowNotTheHeap(Split split) {
        int chunks = 64;
        HttpHandler stream = (req, res) -> {
            try (var out = res.body()) {
                byte[] chunk = new byte[16_384];
                for (int i = 0; i < chunks; i++) out.write(chunk);
            }
        };
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), stream, split)) {
            peer.send(concat(dev.celeris.engine.internal.h2.frame.Frames.preface(), settings(Settings.INITIAL_WINDOW_SIZE, 1000)));
            peer.send(peer.get(1, "/"));
            peer.await("DATA", f -> f.type() == TYPE_DATA);
            assertThat(peer.arrives(100, f -> f.type() == TYPE_DATA)).isFalse();
            peer.onLoop(() -> { });
            H2Stream s = peer.handler.registry.get(1);
            // the handler is blocked: at most the queue limit plus one write is held
            assertThat(s.response.gate().queued()).isLessThanOrEqualTo(H2Response.MAX_QUEUED_BYTES + 16_384);
            peer.send(windowUpdate(0, 1 << 24), windowUpdate(1, 1 << 24));
            assertThat(peer.response(1).body().length).isEqualTo(chunks * 16_384 - 1000);
        }
    }
}
