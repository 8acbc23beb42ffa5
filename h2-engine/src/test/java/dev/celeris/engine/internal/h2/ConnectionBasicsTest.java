package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.TestPeer.*;
import static dev.celeris.engine.internal.h2.frame.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Headers;
import dev.celeris.engine.Http2Config;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.internal.UpgradeRequest;
import dev.celeris.engine.internal.h2.frame.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Preface, SETTINGS, PING, GOAWAY, timeouts, shutdown and the request/response basics. */
@Timeout(20)
class ConnectionBasicsTest {

    static final HttpHandler HELLO = (req, res) -> res.header("content-type", "text/plain").send("hello " + req.path());

    static EngineConfig config(Http2Config.Builder h2) {
        return EngineConfig.builder().http2(h2.build()).build();
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void serverPrefaceIsSettingsThenConnectionWindow(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), HELLO, split)) {
            Frame settings = peer.next(TIMEOUT_MS);
            assertThat(settings.type()).isEqualTo(TYPE_SETTINGS);
            assertThat(settings.has(FLAG_ACK)).isFalse();
            java.nio.ByteBuffer p = java.nio.ByteBuffer.wrap(settings.payload());
            java.util.Map<Integer, Integer> values = new java.util.HashMap<>();
            while (p.hasRemaining()) values.put((int) p.getShort(), p.getInt());
            assertThat(values).containsEntry(Settings.ENABLE_PUSH, 0).containsEntry(Settings.MAX_CONCURRENT_STREAMS, 100)
                    .containsEntry(Settings.INITIAL_WINDOW_SIZE, 256 * 1024).containsEntry(Settings.MAX_HEADER_LIST_SIZE, 8192);
            Frame window = peer.next(TIMEOUT_MS);
            assertThat(window.type()).isEqualTo(TYPE_WINDOW_UPDATE);
            assertThat(window.increment()).isEqualTo(1024 * 1024 - 65_535);
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void helloWorld(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), HELLO, split).handshake()) {
            peer.send(peer.get(1, "/a?x=1"));
            Response r = peer.response(1);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("hello /a");
            assertThat(r.headers().header("content-length")).isEqualTo("8");
            assertThat(r.headers().header("content-type")).isEqualTo("text/plain");
            peer.send(peer.get(3, "/b"));
            assertThat(peer.response(3).text()).isEqualTo("hello /b");
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void inlineHandlerAnswersOnTheIoThread(Split split) {
        HttpHandler inline = HttpHandler.nonBlocking((req, res) -> res.send(
                (Thread.currentThread().getName() + " " + new String(req.bodyBytes(), StandardCharsets.UTF_8))));
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), inline, split).handshake()) {
            peer.send(peer.post(1, "/"), data(1, false, "ab".getBytes()), data(1, true, "cd".getBytes()));
            assertThat(peer.response(1).text()).isEqualTo("fake-io abcd");
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void requestFieldsReachTheHandler(Split split) {
        HttpHandler echo = (req, res) -> res.send(req.method() + " " + req.scheme() + " " + req.authority() + " "
                + req.path() + " " + req.rawQuery() + " " + req.headers().get("cookie") + " " + req.protocol() + " " + req.streamId());
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), echo, split).handshake()) {
            peer.send(peer.headers(1, true, ":method", "GET", ":scheme", "https", ":path", "/p?q=1", ":authority", "h.example",
                    "cookie", "a=1", "cookie", "b=2", "priority", "u=1, i"));
            // SPEC: RFC 9113 §8.2.3 cookie crumbs joined with "; "; RFC 9218 priority accepted
            assertThat(peer.response(1).text()).isEqualTo("GET https h.example /p q=1 a=1; b=2 HTTP/2.0 1");
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void badPrefaceIsGoAwayProtocolError(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), HELLO, split)) {
            peer.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
            assertThat(peer.awaitClosed()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void settingsAreAcknowledgedAndPingEchoed(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), HELLO, split)) {
            peer.send(concat(dev.celeris.engine.internal.h2.frame.Frames.preface(), settings(Settings.MAX_FRAME_SIZE, 20000)),
                    ping(false, 0x0102030405060708L));
            assertThat(peer.await("SETTINGS ACK", f -> f.type() == TYPE_SETTINGS && f.has(FLAG_ACK))).isNotNull();
            Frame pong = peer.await("PING ACK", f -> f.type() == TYPE_PING);
            assertThat(pong.has(FLAG_ACK)).isTrue();
            assertThat(java.nio.ByteBuffer.wrap(pong.payload()).getLong()).isEqualTo(0x0102030405060708L);
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void missingSettingsAckTimesOut(Split split) {
        EngineConfig cfg = config(Http2Config.builder().settingsAckTimeout(Duration.ofMillis(100)));
        try (TestPeer peer = TestPeer.open(cfg, HELLO, split)) {
            peer.send(concat(dev.celeris.engine.internal.h2.frame.Frames.preface(), settings()));
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.SETTINGS_TIMEOUT.code());
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void acknowledgedSettingsDoNotTimeOut(Split split) {
        EngineConfig cfg = config(Http2Config.builder().settingsAckTimeout(Duration.ofMillis(100)));
        try (TestPeer peer = TestPeer.open(cfg, HELLO, split).handshake()) {
            assertThat(peer.arrives(300, f -> f.type() == TYPE_GOAWAY)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void idleConnectionGetsGoAwayNoError(Split split) {
        EngineConfig cfg = EngineConfig.builder().idleTimeout(Duration.ofMillis(150)).build();
        try (TestPeer peer = TestPeer.open(cfg, HELLO, split).handshake()) {
            Frame goAway = peer.awaitGoAway();
            assertThat(goAway.errorCode()).isEqualTo(H2Error.NO_ERROR.code());
            assertThat(peer.awaitClosed()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void connectionErrorStopsReading(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), HELLO, split).handshake()) {
            peer.send(peer.get(2, "/even"));
            Frame goAway = peer.awaitGoAway();
            assertThat(goAway.errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
            assertThat(new String(goAway.payload(), 8, goAway.payload().length - 8, StandardCharsets.UTF_8)).contains("even");
            peer.send(peer.get(5, "/ignored"));
            assertThat(peer.arrives(200, f -> f.streamId() == 5)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void goAwayCarriesTheLastProcessedStream(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), HELLO, split).handshake()) {
            peer.send(peer.get(1, "/"), peer.get(3, "/"));
            peer.response(3);
            peer.send(windowUpdate(0, 0));
            Frame goAway = peer.awaitGoAway();
            assertThat(goAway.errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
            assertThat(goAway.lastStreamId()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void gracefulShutdownIsTwoPhase(Split split) throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        HttpHandler slow = (req, res) -> {
            release.await();
            res.send("done");
        };
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), slow, split).handshake()) {
            peer.send(peer.get(1, "/"));
            peer.onLoop(peer.handler::onShutdown);
            Frame first = peer.awaitGoAway();
            assertThat(first.lastStreamId()).isEqualTo(Integer.MAX_VALUE);
            Frame ping = peer.await("shutdown PING", f -> f.type() == TYPE_PING && !f.has(FLAG_ACK));
            peer.send(peer.get(3, "/still-accepted"));
            peer.send(frame(TYPE_PING, FLAG_ACK, 0, ping.payload()));
            Frame second = peer.awaitGoAway();
            assertThat(second.lastStreamId()).isEqualTo(3);
            peer.send(peer.get(5, "/refused"));
            assertThat(peer.awaitReset(5).errorCode()).isEqualTo(H2Error.REFUSED_STREAM.code());
            assertThat(peer.connection.closed).isFalse();
            release.countDown();
            assertThat(peer.response(1).text()).isEqualTo("done");
            assertThat(peer.response(3).text()).isEqualTo("done");
            assertThat(peer.awaitClosed()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void gracefulShutdownWithoutPingAckUsesTheTimeout(Split split) {
        EngineConfig cfg = config(Http2Config.builder().gracefulShutdownPingTimeout(Duration.ofMillis(100)));
        try (TestPeer peer = TestPeer.open(cfg, HELLO, split).handshake()) {
            peer.send(peer.get(1, "/"));
            peer.response(1);
            peer.onLoop(peer.handler::onShutdown);
            assertThat(peer.awaitGoAway().lastStreamId()).isEqualTo(Integer.MAX_VALUE);
            assertThat(peer.awaitGoAway().lastStreamId()).isEqualTo(1);
            assertThat(peer.awaitClosed()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void h2cUpgradeServesStreamOneThenReadsThePreface(Split split) {
        byte[] settingsPayload = java.nio.ByteBuffer.allocate(6).putShort((short) Settings.INITIAL_WINDOW_SIZE).putInt(3).array();
        UpgradeRequest request = new UpgradeRequest("POST", "/up", "k=v", "test", Headers.of("x-a", "1", "connection", "Upgrade"),
                "body".getBytes(), settingsPayload);
        HttpHandler echo = (req, res) -> res.send(req.method() + " " + req.path() + " " + req.rawQuery() + " "
                + req.headers().get("x-a") + " " + req.headers().get("connection") + " " + new String(req.bodyBytes()));
        try (TestPeer peer = TestPeer.upgraded(EngineConfig.defaults(), echo, request, split)) {
            // the peer's HTTP2-Settings gave stream windows of 3 bytes
            Frame first = peer.await("DATA on 1", f -> f.type() == TYPE_DATA && f.streamId() == 1);
            assertThat(first.payload()).hasSize(3);
            peer.handshake();
            peer.send(windowUpdate(1, 1000));
            assertThat(peer.response(1).text()).endsWith("/up k=v 1 null body".substring(3));
            peer.send(peer.get(3, "/next"), windowUpdate(3, 1000));
            assertThat(peer.response(3).text()).isEqualTo("GET /next null null null "); // a fresh request on its own stream
        }
    }
}
