package dev.celeris.engine.internal.h2;

import static dev.celeris.engine.internal.h2.TestPeer.*;
import static dev.celeris.engine.internal.h2.frame.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Headers;
import dev.celeris.engine.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Handler dispatch: threads, bodies both ways, trailers, interim responses, errors, hand-offs. */
@Timeout(30)
class DispatchTest {

    @ParameterizedTest
    @EnumSource(Split.class)
    void handlersRunOnVirtualThreadsByDefault(Split split) {
        HttpHandler h = (req, res) -> res.send(String.valueOf(Thread.currentThread().isVirtual()));
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), h, split).handshake()) {
            peer.send(peer.get(1, "/"));
            assertThat(peer.response(1).text()).isEqualTo("true");
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void handlerExecutorIsUsedWhenConfigured(Split split) {
        var executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-pool"));
        try (TestPeer peer = TestPeer.open(EngineConfig.builder().handlerExecutor(executor).build(),
                (req, res) -> res.send(Thread.currentThread().getName()), split).handshake()) {
            peer.send(peer.get(1, "/"));
            assertThat(peer.response(1).text()).isEqualTo("app-pool");
        } finally {
            executor.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void exceptionBeforeCommitIs500(Split split) {
        HttpHandler h = (req, res) -> {
            throw new IllegalStateException("boom");
        };
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), h, split).handshake()) {
            peer.send(peer.get(1, "/"));
            assertThat(peer.response(1).status()).isEqualTo(500);
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void exceptionAfterCommitResetsTheStream(Split split) {
        HttpHandler h = (req, res) -> {
            res.body().write("part".getBytes());
            res.body().flush();
            throw new IllegalStateException("boom");
        };
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), h, split).handshake()) {
            peer.send(peer.get(1, "/"));
            Response r = peer.response(1);
            assertThat(r.text()).isEqualTo("part");
            assertThat(r.reset().errorCode()).isEqualTo(H2Error.INTERNAL_ERROR.code());
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void clientResetInterruptsBodyRead(Split split) throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        CountDownLatch reading = new CountDownLatch(1);
        HttpHandler h = (req, res) -> {
            try {
                reading.countDown();
                req.body().readAllBytes();
                failure.complete(null);
            } catch (IOException e) {
                failure.complete(e);
            }
        };
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), h, split).handshake()) {
            peer.send(peer.post(1, "/"), data(1, false, new byte[5]));
            assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
            peer.send(rst(1, H2Error.CANCEL));
            assertThat(failure.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class).hasMessageContaining("CANCEL");
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void clientResetInterruptsABlockedResponseWrite(Split split) throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        HttpHandler h = (req, res) -> {
            try (OutputStream out = res.body()) {
                byte[] chunk = new byte[16_384];
                for (int i = 0; i < 1000; i++) out.write(chunk);
                failure.complete(null);
            } catch (IOException e) {
                failure.complete(e);
            }
        };
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), h, split).handshake()) {
            peer.send(peer.get(1, "/"));
            peer.await("DATA", f -> f.type() == TYPE_DATA);
            peer.send(rst(1, H2Error.CANCEL));
            assertThat(failure.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void streamedResponseWithTrailersAndInterim(Split split) {
        HttpHandler h = (req, res) -> {
            res.sendInterim(103, Headers.of("link", "</a.css>; rel=preload"));
            res.header("content-type", "text/plain");
            res.trailers().set("grpc-status", "0");
            try (OutputStream out = res.body()) {
                out.write("one ".getBytes());
                out.flush();
                out.write("two".getBytes());
            }
        };
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), h, split).handshake()) {
            peer.send(peer.get(1, "/"));
            Response r = peer.response(1);
            assertThat(r.interim()).hasSize(1);
            assertThat(r.interim().get(0).header(":status")).isEqualTo("103");
            assertThat(r.interim().get(0).header("link")).isEqualTo("</a.css>; rel=preload");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("one two");
            assertThat(r.trailers().header("grpc-status")).isEqualTo("0");
            assertThat(r.trailers().has(FLAG_END_STREAM)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void smallStreamedBodyGoesOutLikeSend(Split split) {
        HttpHandler h = (req, res) -> {
            try (OutputStream out = res.body()) {
                out.write("small".getBytes());
            }
        };
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), h, split).handshake()) {
            peer.send(peer.get(1, "/"));
            Response r = peer.response(1);
            assertThat(r.text()).isEqualTo("small");
            assertThat(r.headers().header("content-length")).isEqualTo("5");
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void headHasNoBody(Split split) {
        HttpHandler h = (req, res) -> res.send("0123456789");
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), h, split).handshake()) {
            peer.send(peer.headers(1, true, ":method", "HEAD", ":scheme", "http", ":path", "/"));
            Response r = peer.response(1);
            assertThat(r.headers().header("content-length")).isEqualTo("10");
            assertThat(r.headers().has(FLAG_END_STREAM)).isTrue();
            assertThat(r.body()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void handlerReturningWithoutAResponseSendsAnEmpty200(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), (req, res) -> { }, split).handshake()) {
            peer.send(peer.get(1, "/"));
            Response r = peer.response(1);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void earlyResponseToAnUnfinishedRequestAsksThePeerToStop(Split split) {
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), (req, res) -> res.status(202).send("early"), split).handshake()) {
            peer.send(peer.post(1, "/"), data(1, false, new byte[3]));
            Response r = peer.response(1);
            assertThat(r.status()).isEqualTo(202);
            // SPEC: RFC 9113 §8.1 RST_STREAM NO_ERROR after a complete response
            assertThat(peer.awaitReset(1).errorCode()).isEqualTo(H2Error.NO_ERROR.code());
            peer.send(data(1, true, new byte[3])); // in flight: ignored
            peer.send(peer.get(3, "/"));
            assertThat(peer.response(3).text()).isEqualTo("early");
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void requestBodyStreamsToTheHandler(Split split) {
        HttpHandler echo = (req, res) -> {
            byte[] body = req.bodyBytes();
            res.send(body.length + " " + new String(body, 0, 3, StandardCharsets.US_ASCII) + " " + req.contentLength());
        };
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), echo, split).handshake()) {
            byte[] body = new byte[100_000];
            body[0] = 'a';
            body[1] = 'b';
            body[2] = 'c';
            byte[][] frames = new byte[8][];
            frames[0] = peer.post(1, "/", "content-length", "100000");
            for (int i = 0; i < 7; i++) {
                int from = i * 16_384;
                int to = Math.min(body.length, from + 16_384);
                frames[i + 1] = data(1, to == body.length, java.util.Arrays.copyOfRange(body, from, to));
            }
            peer.send(frames);
            assertThat(peer.response(1).text()).isEqualTo("100000 abc 100000");
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void responsesFromManyHandlersShareOneWakeUp(Split split) throws Exception {
        int n = 20;
        CountDownLatch dispatched = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch sent = new CountDownLatch(n);
        HttpHandler h = (req, res) -> {
            dispatched.countDown();
            go.await();
            res.send("x");
            sent.countDown();
        };
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), h, split).handshake()) {
            byte[][] gets = new byte[n][];
            for (int i = 0; i < n; i++) gets[i] = peer.get(1 + 2 * i, "/");
            peer.send(gets);
            assertThat(dispatched.await(5, TimeUnit.SECONDS)).isTrue();
            CountDownLatch ioBlocked = new CountDownLatch(1);
            CountDownLatch unblock = new CountDownLatch(1);
            peer.connection.loop.execute(() -> {
                ioBlocked.countDown();
                try {
                    unblock.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ioBlocked.await();
            int before = peer.connection.executes.get();
            int flushesBefore = peer.connection.flushes.get();
            go.countDown();
            assertThat(sent.await(5, TimeUnit.SECONDS)).isTrue();
            unblock.countDown();
            for (int i = 0; i < n; i++) {
                int id = 1 + 2 * i;
                peer.await("end of " + id, f -> f.streamId() == id && f.has(FLAG_END_STREAM));
            }
            assertThat(peer.connection.executes.get() - before).isEqualTo(1);
            assertThat(peer.connection.flushes.get() - flushesBefore).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Split.class)
    void connectionLossFailsBlockedHandlers(Split split) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        HttpHandler h = (req, res) -> {
            try {
                reads.incrementAndGet();
                req.body().read();
                req.body().read();
            } catch (IOException e) {
                failure.set(e);
            }
            done.countDown();
        };
        try (TestPeer peer = TestPeer.open(EngineConfig.defaults(), h, split).handshake()) {
            peer.send(peer.post(1, "/"), data(1, false, new byte[1]));
            peer.send(windowUpdate(0, 0)); // connection error
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(failure.get()).isInstanceOf(IOException.class);
        }
    }
}
