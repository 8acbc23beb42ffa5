package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.TestPeer.*;
import static dev.celeris.engine.internal.h2.frame.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Http2Config;
import dev.celeris.engine.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One connection carrying many exchanges that end every way an exchange can end: the window
 * credit each one took must come back, or the connection slowly starves (issue #11).
 */
@Timeout(120)
class LongLivedConnectionTest {

    static final int ROUNDS = 999;
    static final int BODY = 16 * 1024;

    /** {@code /reject} answers 401 without reading, {@code /slow} reads until it fails, {@code /count} counts. */
    static final HttpHandler APP = (req, res) -> {
        switch (req.path()) {
            case "/reject" -> res.status(401).send("no");
            case "/slow" -> {
                try (InputStream in = req.body()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException expected) {
                    return; // reset by the client
                }
                res.send("done");
            }
            default -> res.send(Long.toString(count(req.body())));
        }
    };

    static long count(InputStream in) throws IOException {
        long n = 0;
        byte[] buf = new byte[64 * 1024];
        for (int r; (r = in.read(buf)) >= 0; ) n += r;
        return n;
    }

    static EngineConfig config() {
        // Resets are the point of this test: let them through the flood counters.
        return EngineConfig.builder().http2(Http2Config.builder().maxResetsPerWindow(100_000)
                .maxServerResetsPerWindow(100_000).build()).build();
    }

    @Test
    void rejectedCancelledAndServerResetUploadsGiveTheirWindowBack() {
        EngineConfig config = config();
        try (TestPeer peer = TestPeer.open(config, APP, Split.WHOLE)) {
            peer.handshake();
            Uploader up = new Uploader(peer, config.http2().initialStreamWindowSize());
            up.refresh(20);
            int id = 1;
            for (int round = 0; round < ROUNDS; round++, id += 2) {
                switch (round % 3) {
                    case 0 -> { // rejected: answered without reading the body
                        peer.send(peer.post(id, "/reject"));
                        up.upload(id, BODY, true);
                        assertThat(peer.response(id).status()).isEqualTo(401);
                    }
                    case 1 -> { // cancelled by the client mid-body
                        peer.send(peer.post(id, "/slow"));
                        up.upload(id, BODY, false);
                        peer.send(rst(id, H2Error.CANCEL));
                    }
                    default -> { // reset by the server: body shorter than content-length
                        peer.send(peer.post(id, "/count", "content-length", Integer.toString(2 * BODY)));
                        up.upload(id, BODY, true);
                        assertThat(peer.awaitReset(id).errorCode()).isEqualTo(H2Error.PROTOCOL_ERROR.code());
                    }
                }
                up.refresh(0);
            }
            long big = 10L << 20;
            peer.send(peer.post(id, "/count"));
            up.upload(id, big, true);
            assertThat(peer.response(id).text()).isEqualTo(Long.toString(big));
            WindowInvariants.awaitQuiescent(peer, up.sent());
        }
    }

    /**
     * Over 3 GiB through inline handlers on one connection (2^31-1 is where a double credit
     * overflowed the client's window): every body is credited once, when it is read.
     */
    @Test
    void inlineHandlersOnOneConnectionCarryMoreThan3GiB() {
        long total = Long.getLong("celeris.inlineUploadMiB", 3 * 1024 + 64) << 20;
        int body = 128 * 1024;
        EngineConfig config = EngineConfig.defaults();
        HttpHandler inline = HttpHandler.nonBlocking((req, res) -> res.send(Long.toString(count(req.body()))));
        try (TestPeer peer = TestPeer.open(config, inline, Split.WHOLE)) {
            peer.handshake();
            Uploader up = new Uploader(peer, config.http2().initialStreamWindowSize());
            int id = 1;
            int responseBytes = 0;
            for (long sent = 0; sent < total; sent += body, id += 2) {
                peer.send(peer.post(id, "/count"));
                up.upload(id, body, true);
                Response r = peer.response(id);
                assertThat(r.text()).isEqualTo(Integer.toString(body));
                responseBytes += r.body().length;
                if ((id & 0xff) == 1) {
                    peer.send(windowUpdate(0, responseBytes)); // the client reads its responses
                    responseBytes = 0;
                    up.forgetSeen();
                    assertThat(up.connectionWindow()).isLessThanOrEqualTo(config.http2().connectionWindowSize());
                }
            }
            assertThat(up.sent()).isGreaterThan(3L << 30);
            WindowInvariants.awaitQuiescent(peer, up.sent());
        }
    }

    @Test
    void inlineHandlersCreditEachBodyByteOnce() {
        EngineConfig config = EngineConfig.defaults();
        HttpHandler inline = HttpHandler.nonBlocking((req, res) -> res.send(Long.toString(count(req.body()))));
        try (TestPeer peer = TestPeer.open(config, inline, Split.WHOLE)) {
            peer.handshake();
            Uploader up = new Uploader(peer, config.http2().initialStreamWindowSize());
            int id = 1;
            for (int round = 0; round < 48; round++, id += 2) {
                peer.send(peer.post(id, "/count"));
                up.upload(id, 64 * 1024, true);
                assertThat(peer.response(id).text()).isEqualTo(Integer.toString(64 * 1024));
                up.refresh(0);
                // SPEC: RFC 9113 §6.9.1 the server never grants more than it advertised
                assertThat(up.connectionWindow()).as("client's connection window after round " + round)
                        .isLessThanOrEqualTo(config.http2().connectionWindowSize());
            }
            WindowInvariants.awaitQuiescent(peer, up.sent());
        }
    }
}
