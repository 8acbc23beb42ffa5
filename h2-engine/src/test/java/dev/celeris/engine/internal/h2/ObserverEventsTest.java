package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.TestPeer.TIMEOUT_MS;
import static dev.celeris.engine.internal.h2.TestPeer.rst;
import static dev.celeris.engine.internal.h2.frame.Frames.TYPE_GOAWAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.ConnectionInfo;
import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.EngineObserver;
import dev.celeris.engine.Http2Config;
import dev.celeris.engine.HttpEngine;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.HttpRequest;
import dev.celeris.engine.internal.ObservedConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every HTTP/2 event reaches the {@link EngineObserver}, with the values that went over the wire. */
@Timeout(20)
class ObserverEventsTest {

    static final HttpHandler HELLO = (req, res) -> {
        req.routeTemplate("/hello/:name");
        res.send("hello " + req.path());
    };

    /** Records every event as one line. */
    static final class Recorder implements EngineObserver {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);
        volatile ConnectionInfo last;

        @Override public void connectionOpened(ConnectionInfo c) { events.add("open " + c.protocol()); }
        @Override public void protocolSelected(ConnectionInfo c, String previous) {
            events.add("protocol " + previous + " -> " + c.protocol());
        }
        @Override public void connectionClosed(ConnectionInfo c, long nanos) {
            last = c;
            events.add("closed " + c.protocol());
            closed.countDown();
        }
        @Override public void exchangeStarted(HttpRequest r) { events.add("start " + r.method() + " " + r.path()); }
        @Override public void exchangeCompleted(HttpRequest r, int status, long bytes, long nanos, Throwable failure) {
            events.add("done " + r.routeTemplate() + " " + status + " " + bytes + " " + (nanos > 0) + " " + failure);
        }
        @Override public void streamOpened(ConnectionInfo c, int id) { events.add("stream " + id); }
        @Override public void streamReset(ConnectionInfo c, int id, Origin by, long code) {
            events.add("reset " + id + " " + by + " " + code);
        }
        @Override public void goAway(ConnectionInfo c, Origin by, int last, long code) {
            events.add("goaway " + by + " " + last + " " + code);
        }
        @Override public void limitTripped(ConnectionInfo c, String limit) { events.add("limit " + limit); }
        @Override public void flowControlStalled(ConnectionInfo c, int id) { events.add("stall " + id); }
        @Override public void clientFailure(ConnectionInfo c, ClientFailure kind) { events.add("client " + kind); }

        void await(String event) {
            long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            while (!events.contains(event)) {
                if (System.currentTimeMillis() > deadline) throw new AssertionError(event + " not in " + events);
                Thread.onSpinWait();
            }
        }
    }

    static EngineConfig observed(Recorder r, Http2Config.Builder h2) {
        return EngineConfig.builder().http2(h2.build()).observer(r).build();
    }

    @Test
    void exchangeConnectionAndStreamEvents() throws Exception {
        Recorder r = new Recorder();
        try (TestPeer peer = TestPeer.observed(observed(r, Http2Config.builder()), HELLO, Split.WHOLE).handshake()) {
            peer.send(peer.get(1, "/hello/x"));
            assertThat(peer.response(1).text()).isEqualTo("hello /hello/x");
            r.await("done /hello/:name 200 14 true null");
            peer.send(TestPeer.frame(TYPE_GOAWAY, 0, 0, new byte[] {0, 0, 0, 0, 0, 0, 0, 0}));
            r.await("goaway PEER 0 0");
            r.await("goaway SERVER 1 0");
            // Inside the try: the close callback is a task queued on the fake I/O loop, and
            // closing the peer (loop.shutdownNow()) would discard it if it had not run yet.
            assertThat(r.closed.await(TIMEOUT_MS, TimeUnit.MILLISECONDS)).isTrue();
        }
        assertThat(r.events).containsSubsequence("open null", "protocol null -> HTTP/2.0", "stream 1",
                "start GET /hello/x", "done /hello/:name 200 14 true null", "closed HTTP/2.0");
        assertThat(r.last.bytesIn()).isGreaterThan(24 + 9 + 9); // preface, SETTINGS, ACK, HEADERS, GOAWAY
        assertThat(r.last.bytesOut()).isGreaterThan(14);
    }

    @Test
    void rapidResetReportsResetsLimitAndGoAway() {
        Recorder r = new Recorder();
        try (TestPeer peer = TestPeer.observed(observed(r, Http2Config.builder().maxResetsPerWindow(2)),
                LimitsTest.HOLD, Split.WHOLE).handshake()) {
            for (int i = 0; i < 3; i++) peer.send(peer.post(1 + 2 * i, "/"), rst(1 + 2 * i, H2Error.CANCEL));
            assertThat(peer.awaitGoAway().errorCode()).isEqualTo(H2Error.ENHANCE_YOUR_CALM.code());
        }
        r.await("limit maxResetsPerWindow");
        assertThat(r.events).contains("reset 1 PEER 8", "reset 3 PEER 8",
                "goaway SERVER 5 " + H2Error.ENHANCE_YOUR_CALM.code());
    }

    @Test
    void malformedRequestIsAServerReset() {
        Recorder r = new Recorder();
        try (TestPeer peer = TestPeer.observed(observed(r, Http2Config.builder()), HELLO, Split.WHOLE).handshake()) {
            peer.send(peer.headers(1, true, ":method", "GET"));
            peer.awaitReset(1);
        }
        r.await("reset 1 SERVER " + H2Error.PROTOCOL_ERROR.code());
    }

    /**
     * Client-caused ends are counted once per exchange (a reset stream, a body shorter than its
     * content-length), never for an exchange that completed, and a connection error once.
     */
    @Test
    void clientFailuresAreCountedOncePerExchange() {
        Recorder r = new Recorder();
        try (TestPeer peer = TestPeer.observed(observed(r, Http2Config.builder()), LimitsTest.HOLD, Split.WHOLE)
                .handshake()) {
            peer.send(peer.post(1, "/"), rst(1, H2Error.CANCEL), rst(1, H2Error.CANCEL));
            peer.send(peer.headers(3, false, ":method", "POST", ":scheme", "http", ":path", "/", ":authority", "x",
                    "content-length", "10"), TestPeer.data(3, true, new byte[4]));
            peer.awaitReset(3);
            peer.send(TestPeer.frame(dev.celeris.engine.internal.h2.frame.Frames.TYPE_PRIORITY, 0, 0, new byte[5])); // PRIORITY on stream 0
            peer.awaitGoAway();
        }
        r.await("client PROTOCOL_ERROR");
        assertThat(r.events.stream().filter(e -> e.startsWith("client "))).containsExactly("client RESET",
                "client BAD_BODY", "client PROTOCOL_ERROR");
    }

    @Test
    void pingFloodNamesItsLimit() {
        Recorder r = new Recorder();
        try (TestPeer peer = TestPeer.observed(observed(r, Http2Config.builder().maxPingsPerSecond(3)), HELLO,
                Split.WHOLE).handshake()) {
            for (int i = 0; i < 5; i++) peer.send(TestPeer.ping(false, i));
            peer.awaitGoAway();
        }
        r.await("limit maxPingsPerSecond");
    }

    @Test
    void stalledResponseIsReported() {
        Recorder r = new Recorder();
        byte[] big = new byte[100_000];
        try (TestPeer peer = TestPeer.observed(observed(r, Http2Config.builder()), (req, res) -> res.send(big),
                Split.WHOLE).handshake()) {
            peer.send(peer.get(1, "/"));
            r.await("stall 0"); // 65,535 bytes of connection window, then nothing until WINDOW_UPDATE
        }
    }

    @Test
    void withoutAnObserverTheEngineAddsNoWrapper() {
        HttpEngine plain = HttpEngine.create(EngineConfig.defaults(), HELLO);
        assertThat(plain.newHandler()).isNotInstanceOf(ObservedConnection.class);
        HttpEngine watched = HttpEngine.create(EngineConfig.builder().observer(new Recorder()).build(), HELLO);
        assertThat(watched.newHandler()).isInstanceOf(ObservedConnection.class);
    }
}
