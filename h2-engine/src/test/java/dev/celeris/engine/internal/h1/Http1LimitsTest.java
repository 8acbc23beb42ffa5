package dev.celeris.engine.internal.h1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Http1Config;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.internal.h1.Responses.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each limit, timeout and dispatch option changes what the connection does. */
@Timeout(30)
class Http1LimitsTest {

    private FakeConnection conn;

    @AfterEach
    void tearDown() {
        if (conn != null) conn.shutdownLoop();
    }

    private FakeConnection open(EngineConfig config, HttpHandler handler) {
        conn = new FakeConnection().open(new Http1Connection(config, handler, null));
        return conn;
    }

    private static EngineConfig http1(Http1Config.Builder b) {
        return EngineConfig.builder().http1(b.build()).build();
    }

    @Test
    void maxRequestLineLengthAnswers414() {
        open(http1(Http1Config.builder().maxRequestLineLength(64)), (req, res) -> res.send("x"));
        conn.send("GET /" + "a".repeat(100) + " HTTP/1.1\r\n");
        conn.awaitClosed();
        assertThat(conn.output()).startsWith("HTTP/1.1 414 URI Too Long\r\n");
    }

    @Test
    void maxHeaderBytesAnswers431() {
        open(http1(Http1Config.builder().maxHeaderBytes(64)), (req, res) -> res.send("x"));
        conn.send("GET / HTTP/1.1\r\nHost: h\r\nX-Long: " + "v".repeat(80) + "\r\n\r\n");
        conn.awaitClosed();
        assertThat(conn.output()).startsWith("HTTP/1.1 431 ");
    }

    @Test
    void maxHeaderFieldsAnswers431() {
        open(http1(Http1Config.builder().maxHeaderFields(2)), (req, res) -> res.send("x"));
        conn.send("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n");
        conn.awaitClosed();
        assertThat(conn.output()).startsWith("HTTP/1.1 431 ");
    }

    @Test
    void defaultsAcceptWhatTheSmallLimitsReject() {
        open(EngineConfig.defaults(), (req, res) -> res.send("x"));
        conn.send("GET /" + "a".repeat(100) + " HTTP/1.1\r\nHost: h\r\nX-Long: " + "v".repeat(80) + "\r\nA: 1\r\nB: 2\r\n\r\n");
        assertThat(conn.awaitOutput(o -> o.endsWith("x"))).startsWith("HTTP/1.1 200 OK");
    }

    @Test
    void maxPipelinedRequestsBoundsTheRequestsInFlight() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        open(http1(Http1Config.builder().maxPipelinedRequests(2)), (req, res) -> {
            started.incrementAndGet();
            release.await();
            res.send(req.path());
        });
        StringBuilder five = new StringBuilder();
        for (int i = 1; i <= 5; i++) five.append("GET /").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
        conn.send(five.toString());
        conn.runOnLoop(() -> { });
        Thread.sleep(50); // give any wrongly dispatched handler the chance to start
        assertThat(started.get()).isEqualTo(2);
        assertThat(conn.autoReadCalls()).containsExactly(false);
        release.countDown();
        List<Response> all = Responses.parse(conn.awaitOutput(o -> Responses.parse(o).size() == 5));
        assertThat(all).extracting(Response::body).containsExactly("/1", "/2", "/3", "/4", "/5");
        assertThat(conn.autoReadCalls()).endsWith(true);
    }

    @Test
    void slowBodyReaderStopsSocketReadsUntilItCatchesUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        open(EngineConfig.defaults(), (req, res) -> {
            release.await();
            res.send(String.valueOf(req.bodyBytes().length));
        });
        int size = 300_000;
        conn.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: " + size + "\r\n\r\n");
        byte[] chunk = new byte[16 * 1024];
        for (int sent = 0; sent < size; sent += chunk.length) {
            conn.send(java.util.Arrays.copyOf(chunk, Math.min(chunk.length, size - sent)));
        }
        conn.runOnLoop(() -> { });
        assertThat(conn.autoReadCalls()).containsExactly(false);
        release.countDown();
        assertThat(Responses.parse(conn.awaitOutput(o -> o.endsWith(String.valueOf(size)))).get(0).body())
                .isEqualTo(String.valueOf(size));
        assertThat(conn.autoReadCalls()).endsWith(true);
    }

    @Test
    void declaredBodyAboveMaxRequestBodySizeIs413WithoutCallingTheHandler() {
        AtomicInteger calls = new AtomicInteger();
        open(EngineConfig.builder().maxRequestBodySize(10).build(), (req, res) -> {
            calls.incrementAndGet();
            res.send("x");
        });
        conn.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n");
        conn.awaitClosed();
        assertThat(conn.output()).startsWith("HTTP/1.1 413 ");
        assertThat(calls.get()).isZero();
    }

    @Test
    void chunkedBodyAboveMaxRequestBodySizeFailsTheReadWith413() {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        open(EngineConfig.builder().maxRequestBodySize(10).build(), (req, res) -> {
            try {
                req.bodyBytes();
            } catch (IOException e) {
                seen.set(e);
                throw e;
            }
            res.send("x");
        });
        conn.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nghijkl\r\n0\r\n\r\n");
        conn.awaitClosed();
        assertThat(conn.output()).startsWith("HTTP/1.1 413 ");
        assertThat(seen.get()).isInstanceOf(dev.celeris.engine.ClientException.class);
    }

    @Test
    void sameChunkedBodyPassesWithoutTheLimit() {
        open(EngineConfig.defaults(), (req, res) -> res.send(new String(req.bodyBytes())));
        conn.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nghijkl\r\n0\r\n\r\n");
        assertThat(conn.awaitOutput(o -> o.endsWith("abcdefghijkl"))).startsWith("HTTP/1.1 200");
    }

    @Test
    void malformedChunkedBodyFailsTheReadWith400() {
        open(EngineConfig.defaults(), (req, res) -> res.send(new String(req.bodyBytes())));
        conn.send("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n");
        conn.awaitClosed();
        assertThat(conn.output()).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void headerReadTimeoutAnswers408AndCloses() {
        open(http1(Http1Config.builder().headerReadTimeout(Duration.ofMillis(100)).keepAliveTimeout(Duration.ofMinutes(5))),
                (req, res) -> res.send("x"));
        conn.send("GET / HTTP/1.1\r\nHost: h\r\n"); // never finished
        conn.awaitClosed();
        assertThat(conn.output()).startsWith("HTTP/1.1 408 Request Timeout\r\n");
    }

    @Test
    void keepAliveTimeoutClosesAnIdleConnectionQuietly() {
        open(http1(Http1Config.builder().keepAliveTimeout(Duration.ofMillis(100)).headerReadTimeout(Duration.ofMinutes(5))),
                (req, res) -> res.send("x"));
        conn.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        conn.awaitClosed();
        assertThat(Responses.parse(conn.output())).hasSize(1);
        assertThat(conn.output()).doesNotContain("408");
    }

    @Test
    void longKeepAliveLeavesTheConnectionOpenWhileTheHeaderTimeoutIsLong() throws Exception {
        open(http1(Http1Config.builder().keepAliveTimeout(Duration.ofMinutes(5)).headerReadTimeout(Duration.ofMinutes(5))),
                (req, res) -> res.send("x"));
        conn.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        conn.awaitOutput(o -> o.endsWith("x"));
        Thread.sleep(300);
        assertThat(conn.isOpen()).isTrue();
    }

    @Test
    void stalledRequestBodyFailsWith408AfterTheIdleTimeout() {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        open(EngineConfig.builder().idleTimeout(Duration.ofMillis(150)).build(), (req, res) -> {
            try {
                req.bodyBytes();
            } catch (IOException e) {
                seen.set(e);
                throw e;
            }
            res.send("x");
        });
        conn.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc"); // 7 bytes never come
        conn.awaitClosed();
        assertThat(conn.output()).startsWith("HTTP/1.1 408 ");
        assertThat(seen.get()).isInstanceOfSatisfying(dev.celeris.engine.ClientException.class, e -> assertThat(e.status()).isEqualTo(408));
    }

    @Test
    void slowButSteadyBodyIsNotAStall() throws Exception {
        // 5 x 300 ms > 1200 ms: each byte comes well within the idle timeout (900 ms of slack for a
        // stalled thread on a loaded CI box), the whole body does not
        open(EngineConfig.builder().idleTimeout(Duration.ofMillis(1200)).build(),
                (req, res) -> res.send(new String(req.bodyBytes())));
        conn.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n");
        for (char c : "hello".toCharArray()) {
            Thread.sleep(300);
            conn.send(String.valueOf(c));
        }
        assertThat(conn.awaitOutput(o -> o.endsWith("hello"))).startsWith("HTTP/1.1 200");
    }

    @Test
    void nonBlockingHandlerRunsInlineOnTheIoThread() {
        AtomicReference<Thread> thread = new AtomicReference<>();
        open(EngineConfig.defaults(), HttpHandler.nonBlocking((req, res) -> {
            thread.set(Thread.currentThread());
            res.send(new String(req.bodyBytes()));
        }));
        conn.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");
        conn.awaitOutput(o -> o.endsWith("abc"));
        assertThat(thread.get().getName()).isEqualTo("fake-io");
    }

    @Test
    void blockingHandlerRunsOnAVirtualThreadByDefault() {
        AtomicReference<Thread> thread = new AtomicReference<>();
        open(EngineConfig.defaults(), (req, res) -> {
            thread.set(Thread.currentThread());
            res.send("v");
        });
        conn.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        conn.awaitOutput(o -> o.endsWith("v"));
        assertThat(thread.get().isVirtual()).isTrue();
    }

    @Test
    void handlerExecutorRunsBlockingHandlers() {
        AtomicInteger executed = new AtomicInteger();
        Executor executor = task -> {
            executed.incrementAndGet();
            new Thread(task, "custom-handler").start();
        };
        AtomicReference<String> thread = new AtomicReference<>();
        open(EngineConfig.builder().handlerExecutor(executor).build(), (req, res) -> {
            thread.set(Thread.currentThread().getName());
            res.send("e");
        });
        conn.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        conn.awaitOutput(o -> o.endsWith("e"));
        assertThat(executed.get()).isEqualTo(1);
        assertThat(thread.get()).isEqualTo("custom-handler");
    }

    @Test
    void streamingHandlerBlocksWhileTheTransportIsNotWritable() throws Exception {
        CountDownLatch wrote = new CountDownLatch(1);
        AtomicInteger written = new AtomicInteger();
        conn = new FakeConnection();
        conn.setWritableLater(false);
        conn.open(new Http1Connection(EngineConfig.defaults(), (req, res) -> {
            byte[] block = new byte[16 * 1024];
            var out = res.body();
            for (int i = 0; i < 64; i++) {
                out.write(block);
                out.flush();
                written.incrementAndGet();
            }
            out.close();
            wrote.countDown();
        }, null));
        conn.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(wrote.await(300, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(written.get()).isLessThan(64);
        conn.setWritable(true);
        assertThat(wrote.await(10, TimeUnit.SECONDS)).isTrue();
        String out = conn.awaitOutput(o -> o.endsWith("0\r\n\r\n"));
        assertThat(Responses.parse(out).get(0).body()).hasSize(64 * 16 * 1024);
    }

    /** Reads exactly {@code n} bytes or fails. */
    static byte[] readN(InputStream in, int n) throws IOException {
        return in.readNBytes(n);
    }
}
