package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.TestPeer.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Headers;
import dev.celeris.engine.HttpHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An inline handler's complete response is written at once on the I/O thread (no queued
 * operation), its {@code send(byte[])} body is copied straight from the array, and the frame
 * array is reused between batches: each response still carries exactly its own bytes, in order
 * with what the handler queued before it, whatever the body size and however the requests arrive.
 */
@Timeout(30)
class InlineRespondTest {

    /** A body of {@code n} bytes that names its stream in every byte position. */
    private static byte[] bodyFor(int streamId, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) ('a' + (streamId * 7 + i) % 26);
        return b;
    }

    private static int sizeFor(int streamId) {
        return switch (streamId % 5) {
            case 0 -> 0;
            case 1 -> 13;
            case 2 -> FrameOutput.COPY_THRESHOLD; // copied
            case 3 -> FrameOutput.COPY_THRESHOLD + 1; // written from its own buffer
            default -> 20_000; // more than one frame
        };
    }

    private static final HttpHandler SIZED = HttpHandler.nonBlocking((req, res) -> {
        int id = req.streamId();
        res.header("x-stream", String.valueOf(id)).send(bodyFor(id, sizeFor(id)));
    });

    @ParameterizedTest
    @EnumSource(Split.class)
    void manyStreamsInOneReadEachGetTheirOwnBytes(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), SIZED, split).handshake()) {
            List<byte[]> requests = new ArrayList<>();
            requests.add(windowUpdate(0, 1 << 30)); // the bodies add up to more than the connection's first window
            for (int id = 1; id <= 39; id += 2) requests.add(peer.get(id, "/"));
            peer.send(requests.toArray(byte[][]::new));
            for (int id = 1; id <= 39; id += 2) {
                Response r = peer.response(id);
                assertThat(r.headers().header("x-stream")).isEqualTo(String.valueOf(id));
                assertThat(r.headers().header("content-length")).isEqualTo(String.valueOf(sizeFor(id)));
                assertThat(r.body()).as("stream %d", id).isEqualTo(bodyFor(id, sizeFor(id)));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void sameWithoutTheTransportsPromise(Split split) {
        try (TestPeer peer = TestPeer.openWithoutBufferReuse(EngineConfig.defaults(), SIZED, split).handshake()) {
            peer.send(windowUpdate(0, 1 << 30));
            for (int round = 0; round < 3; round++) {
                List<byte[]> requests = new ArrayList<>();
                for (int i = 0; i < 10; i++) requests.add(peer.get(1 + 2 * (round * 10 + i), "/"));
                peer.send(requests.toArray(byte[][]::new));
                for (int i = 0; i < 10; i++) {
                    int id = 1 + 2 * (round * 10 + i);
                    assertThat(peer.response(id).body()).as("stream %d", id).isEqualTo(bodyFor(id, sizeFor(id)));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void anInterimResponseQueuedFirstStillGoesFirst(Split split) {
        HttpHandler h = HttpHandler.nonBlocking((req, res) -> {
            res.sendInterim(103, new Headers().add("link", "</a.css>; rel=preload"));
            res.send("done".getBytes(StandardCharsets.US_ASCII));
        });
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), h, split).handshake()) {
            peer.send(peer.get(1, "/"), peer.get(3, "/"));
            for (int id : new int[] {1, 3}) {
                Response r = peer.response(id);
                assertThat(r.interim()).hasSize(1);
                assertThat(r.interim().get(0).header(":status")).isEqualTo("103");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo("done");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void headAndNoContentAndEmptyAndEndOnly(Split split) {
        HttpHandler h = HttpHandler.nonBlocking((req, res) -> {
            switch (req.path()) {
                case "/204" -> res.status(204).send("ignored".getBytes(StandardCharsets.US_ASCII));
                case "/empty" -> res.send(new byte[0]);
                case "/nothing" -> { } // the engine ends it
                default -> res.send("body".getBytes(StandardCharsets.US_ASCII));
            }
        });
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), h, split).handshake()) {
            peer.send(peer.headers(1, true, ":method", "HEAD", ":scheme", "http", ":authority", "x", ":path", "/"),
                    peer.get(3, "/204"), peer.get(5, "/empty"), peer.get(7, "/nothing"), peer.get(9, "/"));
            Response head = peer.response(1);
            assertThat(head.headers().header("content-length")).isEqualTo("4");
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().has(dev.celeris.engine.internal.h2.frame.Frames.FLAG_END_STREAM)).isTrue();
            Response noContent = peer.response(3);
            assertThat(noContent.status()).isEqualTo(204);
            assertThat(noContent.body()).isEmpty();
            assertThat(peer.response(5).headers().header("content-length")).isEqualTo("0");
            assertThat(peer.response(7).status()).isEqualTo(200);
            assertThat(peer.response(9).text()).isEqualTo("body");
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void aRequestWithABodyIsAnsweredAfterItsBodyWasRead(Split split) {
        HttpHandler h = HttpHandler.nonBlocking((req, res) -> {
            byte[] in = req.bodyBytes();
            res.send(("got " + in.length + " " + Arrays.hashCode(in)).getBytes(StandardCharsets.US_ASCII));
        });
        byte[] upload = bodyFor(1, 5_000);
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), h, split).handshake()) {
            peer.send(peer.post(1, "/"), data(1, true, upload), peer.get(3, "/"));
            assertThat(peer.response(1).text()).isEqualTo("got 5000 " + Arrays.hashCode(upload));
            assertThat(peer.response(3).text()).isEqualTo("got 0 " + Arrays.hashCode(new byte[0]));
        }
    }
}
