package dev.celeris.engine.internal.h1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.Http1Config;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.internal.h1.Responses.Response;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pipelined requests in batches: responses to the requests of one read go out with one flush,
 * reading resumes once half the pipeline is answered (not at every response), and a peer that
 * does not read its responses gets no further ones made.
 */
@Timeout(30)
class Http1PipelineTest {

    private FakeConnection conn;
    /** Handlers dispatched to their own thread; counted on the I/O thread, when dispatched. */
    private final AtomicInteger dispatched = new AtomicInteger();

    @AfterEach
    void tearDown() {
        if (conn != null) conn.shutdownLoop();
    }

    private void open(Http1Config.Builder http1, HttpHandler handler) {
        EngineConfig config = EngineConfig.builder().http1(http1.build()).handlerExecutor(task -> {
            dispatched.incrementAndGet();
            Thread.startVirtualThread(task);
        }).build();
        conn = new FakeConnection().open(new Http1Connection(config, handler, null));
    }

    private static String requests(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i <= to; i++) b.append("GET /").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
        return b.toString();
    }

    private List<Response> awaitResponses(int n) {
        return Responses.parse(conn.awaitOutput(o -> Responses.parse(o).size() >= n));
    }

    @Test
    void inlineResponsesToOneReadGoOutWithOneFlush() {
        open(Http1Config.builder(), HttpHandler.nonBlocking((req, res) -> res.send(req.path())));
        int before = conn.flushes();
        conn.send(requests(1, 32));
        assertThat(awaitResponses(32)).extracting(Response::body).startsWith("/1", "/2").endsWith("/32");
        assertThat(conn.flushes() - before).isEqualTo(1);
    }

    @Test
    void handlerThreadResponsesHandedOverTogetherGoOutWithOneFlush() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger returned = new AtomicInteger();
        open(Http1Config.builder(), (req, res) -> {
            go.await();
            res.send(req.path());
            returned.incrementAndGet();
        });
        conn.send(requests(1, 8));
        conn.runOnLoop(() -> { });
        assertThat(dispatched.get()).isEqualTo(8);
        int before = conn.flushes();
        CountDownLatch loopHeld = new CountDownLatch(1);
        conn.execute(() -> {
            try {
                loopHeld.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        go.countDown();
        while (returned.get() < 8) Thread.sleep(1);
        loopHeld.countDown(); // the I/O thread now finds all eight responses handed over
        assertThat(awaitResponses(8)).extracting(Response::body).containsExactly("/1", "/2", "/3", "/4", "/5", "/6", "/7", "/8");
        conn.runOnLoop(() -> { });
        assertThat(conn.flushes() - before).isEqualTo(1);
    }

    @Test
    void readingResumesOnceHalfThePipelineIsAnswered() {
        CountDownLatch[] release = new CountDownLatch[9];
        for (int i = 1; i <= 8; i++) release[i] = new CountDownLatch(1);
        open(Http1Config.builder().maxPipelinedRequests(4), (req, res) -> {
            release[Integer.parseInt(req.path().substring(1))].await();
            res.send(req.path());
        });
        conn.send(requests(1, 8));
        conn.runOnLoop(() -> { });
        assertThat(dispatched.get()).isEqualTo(4);
        assertThat(conn.autoReadCalls()).containsExactly(false);

        release[1].countDown();
        awaitResponses(1);
        conn.runOnLoop(() -> { });
        assertThat(dispatched.get()).as("three of four outstanding: still paused").isEqualTo(4);
        assertThat(conn.autoReadCalls()).containsExactly(false);

        release[2].countDown();
        awaitResponses(2);
        conn.runOnLoop(() -> { });
        assertThat(dispatched.get()).as("half answered: two more start together").isEqualTo(6);
        assertThat(conn.autoReadCalls()).containsExactly(false, true, false);

        for (int i = 3; i <= 8; i++) release[i].countDown();
        assertThat(awaitResponses(8)).extracting(Response::body).containsExactly("/1", "/2", "/3", "/4", "/5", "/6", "/7", "/8");
        conn.runOnLoop(() -> { });
        assertThat(conn.autoReadCalls()).endsWith(true);
    }

    @Test
    void aPeerThatDoesNotReadGetsNoFurtherResponsesMade() {
        AtomicInteger calls = new AtomicInteger();
        conn = new FakeConnection();
        conn.setWritableLater(false);
        conn.open(new Http1Connection(EngineConfig.defaults(), HttpHandler.nonBlocking((req, res) -> {
            calls.incrementAndGet();
            res.send(req.path());
        }), null));
        conn.send(requests(1, 5));
        conn.runOnLoop(() -> { });
        assertThat(calls.get()).as("the first response waits above the high-water mark: nothing more is parsed").isEqualTo(1);
        assertThat(conn.autoReadCalls()).containsExactly(false);
        assertThat(conn.output()).isEmpty();

        conn.setWritable(true);
        assertThat(awaitResponses(5)).extracting(Response::body).containsExactly("/1", "/2", "/3", "/4", "/5");
        assertThat(calls.get()).isEqualTo(5);
        assertThat(conn.autoReadCalls()).endsWith(true);
    }

    @Test
    void aPeerThatDoesNotReadGetsNoFurtherHandlersStarted() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        conn = new FakeConnection();
        conn.setWritableLater(false);
        conn.open(new Http1Connection(EngineConfig.builder().handlerExecutor(task -> {
            dispatched.incrementAndGet();
            Thread.startVirtualThread(task);
        }).build(), (req, res) -> {
            res.send(req.path());
            if (req.path().equals("/1")) first.countDown();
        }, null));
        conn.send(requests(1, 5));
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
        conn.runOnLoop(() -> { });
        assertThat(dispatched.get()).isEqualTo(1);
        assertThat(conn.autoReadCalls()).containsExactly(false);

        conn.setWritable(true);
        assertThat(awaitResponses(5)).extracting(Response::body).containsExactly("/1", "/2", "/3", "/4", "/5");
        assertThat(dispatched.get()).isEqualTo(5);
    }
}
