package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.TestPeer.*;
import static dev.celeris.engine.internal.h2.frame.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Http2Config;
import dev.celeris.engine.HttpHandler;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every flood limit of {@link Http2Config}: it trips at the configured value, not before. */
@Timeout(30)
class LimitsTest {

    static final HttpHandler HELLO = ConnectionBasicsTest.HELLO;

    static EngineConfig h2(Http2Config.Builder b) {
        return EngineConfig.builder().http2(b.build()).build();
    }

    static final CountDownLatch NEVER = new CountDownLatch(1);
    static final HttpHandler HOLD = (req, res) -> NEVER.await();

    @ParameterizedTest
    @EnumSource(Split.class)
    void rapidResetIsEnhanceYourCalm(Split split) {
        try (TestPeer peer = TestPeer.open(h2(Http2Config.builder().maxResetsPerWindow(5)), HOLD, split).handshake()) {
            for (int i = 0; i < 5; i++) peer.send(peer.post(1 + 2 * i, "/"), rst(1 + 2 * i, H2Error.CANCEL));
            assertThat(peer.arrives(100, f -> f.type() == TYPE_GOAWAY)).isFalse();
            peer.send(peer.post(11, "/"), rst(11, H2Error.CANCEL));
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.ENHANCE_YOUR_CALM.code());
        }
        // the default (200) lets the same traffic through
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), HOLD, split).handshake()) {
            for (int i = 0; i < 6; i++) peer.send(peer.post(1 + 2 * i, "/"), rst(1 + 2 * i, H2Error.CANCEL));
            assertThat(peer.arrives(100, f -> f.type() == TYPE_GOAWAY)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void resetsOfAnsweredStreamsAreNotRapidResets(Split split) {
        try (TestPeer peer = TestPeer.open(h2(Http2Config.builder().maxResetsPerWindow(2)), (req, res) -> {
            res.body().flush(); // answered: headers sent
            NEVER.await();
        }, split).handshake()) {
            for (int i = 0; i < 5; i++) {
                int id = 1 + 2 * i;
                peer.send(peer.get(id, "/"));
                peer.await("HEADERS " + id, f -> f.type() == TYPE_HEADERS && f.streamId() == id);
                peer.send(rst(id, H2Error.CANCEL));
            }
            assertThat(peer.arrives(100, f -> f.type() == TYPE_GOAWAY)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void serverResetsAreLimited(Split split) {
        try (TestPeer peer = TestPeer.open(h2(Http2Config.builder().maxServerResetsPerWindow(3)), HELLO, split).handshake()) {
            for (int i = 0; i < 3; i++) {
                peer.send(peer.headers(1 + 2 * i, true, ":method", "GET")); // malformed → RST
                peer.awaitReset(1 + 2 * i);
            }
            peer.send(peer.headers(7, true, ":method", "GET"));
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.ENHANCE_YOUR_CALM.code());
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void pingFlood(Split split) {
        try (TestPeer peer = TestPeer.open(h2(Http2Config.builder().maxPingsPerSecond(5)), HELLO, split).handshake()) {
            for (int i = 0; i < 5; i++) peer.send(ping(false, i));
            assertThat(peer.arrives(50, f -> f.type() == TYPE_GOAWAY)).isFalse();
            peer.send(ping(false, 99));
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.ENHANCE_YOUR_CALM.code());
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void settingsFlood(Split split) {
        try (TestPeer peer = TestPeer.open(h2(Http2Config.builder().maxSettingsPerSecond(3)), HELLO, split).handshake()) {
            // the handshake's SETTINGS was the first
            peer.send(settings(), settings());
            assertThat(peer.arrives(50, f -> f.type() == TYPE_GOAWAY)).isFalse();
            peer.send(settings());
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.ENHANCE_YOUR_CALM.code());
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void controlFramesQueuedForAPeerThatDoesNotRead(Split split) {
        try (TestPeer peer = TestPeer.open(h2(Http2Config.builder().maxQueuedControlFrames(3)), HELLO, split).handshake()) {
            peer.connection.writable = false;
            for (int i = 0; i < 3; i++) peer.send(ping(false, i));
            assertThat(peer.arrives(50, f -> f.type() == TYPE_GOAWAY)).isFalse();
            peer.send(ping(false, 3));
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.ENHANCE_YOUR_CALM.code());
        }
        // once writable again the count starts over
        try (TestPeer peer = TestPeer.open(h2(Http2Config.builder().maxQueuedControlFrames(3)), HELLO, split).handshake()) {
            peer.connection.writable = false;
            for (int i = 0; i < 3; i++) peer.send(ping(false, i));
            peer.connection.writable = true;
            peer.onLoop(peer.handler::onWritable);
            peer.connection.writable = false;
            for (int i = 0; i < 3; i++) peer.send(ping(false, i));
            assertThat(peer.arrives(50, f -> f.type() == TYPE_GOAWAY)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void emptyDataFrames(Split split) {
        try (TestPeer peer = TestPeer.open(h2(Http2Config.builder().maxEmptyDataFrames(2)), HOLD, split).handshake()) {
            peer.send(peer.post(1, "/"), data(1, false, new byte[0]), data(1, false, new byte[0]));
            assertThat(peer.arrives(50, f -> f.type() == TYPE_GOAWAY)).isFalse();
            peer.send(data(1, false, new byte[0]));
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.ENHANCE_YOUR_CALM.code());
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void headerListSizeGives431AndHugeBlocksEndTheConnection(Split split) {
        try (TestPeer peer = TestPeer.open(h2(Http2Config.builder().maxHeaderListSize(200)), HELLO, split).handshake()) {
            peer.send(peer.headers(1, true, ":method", "GET", ":scheme", "http", ":path", "/", "x-big", "v".repeat(300)));
            assertThat(peer.response(1).status()).isEqualTo(431);
            peer.send(peer.get(3, "/small"));
            assertThat(peer.response(3).status()).isEqualTo(200);
        }
        try (TestPeer peer = TestPeer.open(h2(Http2Config.builder().maxHeaderListSize(8192)), HELLO, split).handshake()) {
            peer.send(peer.headers(1, true, ":method", "GET", ":scheme", "http", ":path", "/", "x-big", "v".repeat(300)));
            assertThat(peer.response(1).status()).isEqualTo(200);
        }
        try (TestPeer peer = TestPeer.open(h2(Http2Config.builder().maxHeaderListSize(200)), HELLO, split).handshake()) {
            // far beyond the limit (block > max(16 KiB, 2 x list size)): a connection error, not a response
            byte[] block = new byte[0];
            String[] fields = new String[2 * 40];
            for (int i = 0; i < 40; i++) {
                fields[2 * i] = "x-" + i;
                fields[2 * i + 1] = Integer.toHexString(i).repeat(1000).substring(0, 1000) + i;
            }
            block = peer.block(fields);
            peer.send(frame(TYPE_HEADERS, 0, 1, java.util.Arrays.copyOf(block, 16_000)),
                    frame(TYPE_CONTINUATION, FLAG_END_HEADERS, 1, java.util.Arrays.copyOfRange(block, 16_000, block.length)));
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.ENHANCE_YOUR_CALM.code());
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void maxRequestBodySize(Split split) {
        HttpHandler echo = (req, res) -> res.send(req.bodyBytes());
        EngineConfig limited = EngineConfig.builder().maxRequestBodySize(10).build();
        try (TestPeer peer = TestPeer.open(limited, echo, split).handshake()) {
            // declared too large: 413 before the handler runs
            peer.send(peer.post(1, "/", "content-length", "11"));
            assertThat(peer.response(1).status()).isEqualTo(413);
            // within the limit
            peer.send(peer.post(3, "/"), data(3, true, new byte[10]));
            assertThat(peer.response(3).body()).hasSize(10);
            // streamed past the limit while the handler reads: the stream is reset
            peer.send(peer.post(5, "/"), data(5, false, new byte[8]), data(5, true, new byte[8]));
            assertThat(peer.awaitReset(5).errorCode()).isEqualTo(H2Error.CANCEL.code());
        }
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), echo, split).handshake()) {
            peer.send(peer.post(1, "/", "content-length", "11"), data(1, true, new byte[11]));
            assertThat(peer.response(1).body()).hasSize(11);
        }
        // inline handlers buffer the body first, so they can still get a 413
        try (TestPeer peer = TestPeer.open(limited, HttpHandler.nonBlocking(echo), split).handshake()) {
            peer.send(peer.post(1, "/"), data(1, false, new byte[8]), data(1, true, new byte[8]));
            assertThat(peer.response(1).status()).isEqualTo(413);
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void continuationFloodIsLimited(Split split) {
        try (TestPeer peer = TestPeer.open(h2(Http2Config.builder().maxContinuationFrames(3)), HELLO, split).handshake()) {
            byte[] block = peer.block(":method", "GET", ":scheme", "http", ":path", "/");
            byte[] frames = frame(TYPE_HEADERS, FLAG_END_STREAM, 1, block);
            for (int i = 0; i < 4; i++) frames = concat(frames, frame(TYPE_CONTINUATION, 0, 1));
            peer.send(frames);
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.ENHANCE_YOUR_CALM.code());
        }
    }
}
