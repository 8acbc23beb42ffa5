package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.TestPeer.*;
import static dev.celeris.engine.internal.h2.frame.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpHandler;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What happens to a stream's state when it ends the unusual ways (issue #11). */
@Timeout(60)
class StreamReleaseTest {

    /**
     * The peer withholds connection WINDOW_UPDATE and resets each stream after its HEADERS:
     * responses blocked on the connection window must not pile up, and those resets count as
     * rapid resets (the response had not finished).
     */
    @ParameterizedTest
    @EnumSource(value = Split.class, names = "WHOLE")
    void streamsResetWhileBlockedOnTheConnectionWindowAreRapidResets(Split split) {
        HttpHandler big = (req, res) -> res.send(new byte[100_000]);
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), big, split)) {
            peer.handshake();
            peer.send(peer.get(1, "/"));
            peer.await("HEADERS 1", f -> f.type() == TYPE_HEADERS && f.streamId() == 1); // eats the connection window
            int id = 3;
            boolean goAway = false;
            for (int round = 0; round < 400 && !goAway; round++, id += 2) {
                peer.send(peer.get(id, "/"));
                int stream = id;
                Frame f = peer.await("HEADERS or GOAWAY", x -> x.type() == TYPE_GOAWAY
                        || (x.type() == TYPE_HEADERS && x.streamId() == stream));
                if (f.type() == TYPE_GOAWAY) {
                    goAway = true;
                    assertThat(f.errorCode()).isEqualTo(H2Error.ENHANCE_YOUR_CALM.code());
                    break;
                }
                peer.send(rst(id, H2Error.CANCEL));
                AtomicReference<Integer> waiting = new AtomicReference<>();
                peer.onLoop(() -> waiting.set(peer.handler.flow.waitingCount()));
                assertThat(waiting.get()).as("streams waiting for the connection window").isLessThanOrEqualTo(2);
            }
            assertThat(goAway || peer.arrives(1000, f -> f.type() == TYPE_GOAWAY)).as("GOAWAY ENHANCE_YOUR_CALM").isTrue();
        }
    }

    /**
     * SPEC: RFC 9113 §8.1 a HEADERS without END_STREAM after the request's HEADERS is malformed,
     * also when the server already answered and told the client to stop (RST_STREAM NO_ERROR).
     */
    @ParameterizedTest
    @EnumSource(Split.class)
    void secondHeadersWithoutEndStreamAfterAnEarlyResponseIsMalformed(Split split) {
        HttpHandler early = (req, res) -> res.status(405).send("no");
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), early, split)) {
            peer.handshake();
            peer.send(peer.post(1, "/", "content-length", "4"));
            assertThat(peer.response(1).status()).isEqualTo(405);
            peer.awaitReset(1); // NO_ERROR: stop sending
            peer.send(data(1, false, new byte[4]), peer.headers(1, false, "x-trailer", "1"));
            assertThat(peer.awaitReset(1).errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
        }
    }

    /** Header values with CR, LF or NUL never reach the wire (HTTP/1.1 rejects them the same way). */
    @ParameterizedTest
    @EnumSource(value = Split.class, names = "WHOLE")
    void responseHeaderValuesWithControlCharactersAreRejected(Split split) {
        HttpHandler bad = (req, res) -> {
            res.header("x-bad", "a\r\nset-cookie: evil=1" + (req.path().equals("/nul") ? "\0" : ""));
            res.send("body");
        };
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), bad, split)) {
            peer.handshake();
            peer.send(peer.get(1, "/crlf"), peer.get(3, "/nul"));
            for (int id : new int[] {1, 3}) {
                Response r = peer.response(id);
                assertThat(r.status()).isEqualTo(500);
                assertThat(r.headers().header("x-bad")).isNull();
                assertThat(r.headers().header("set-cookie")).isNull();
            }
        }
    }

    /** A client that half-closes after its requests still gets the responses, then the connection closes. */
    @ParameterizedTest
    @EnumSource(value = Split.class, names = "WHOLE")
    void halfCloseAfterTheRequestsStillGetsTheResponses(Split split) throws Exception {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        HttpHandler slow = (req, res) -> {
            go.await();
            res.send("late");
        };
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), slow, split)) {
            peer.handshake();
            peer.send(peer.get(1, "/"), peer.post(3, "/")); // stream 3 never gets its body
            boolean[] keep = new boolean[1];
            peer.onLoop(() -> keep[0] = peer.handler.onInputClosed());
            assertThat(keep[0]).as("kept open for writing").isTrue();
            assertThat(peer.awaitReset(3).errorCode()).isEqualTo(H2Error.CANCEL.code());
            go.countDown();
            assertThat(peer.response(1).text()).isEqualTo("late");
            assertThat(peer.awaitClosed()).isTrue();
        }
    }
}
