package dev.celeris.engine.internal.h1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.engine.HttpHandler;
import dev.celeris.engine.HttpRequest;
import dev.celeris.engine.HttpResponse;
import dev.celeris.engine.internal.h1.Responses.Response;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP/1.1 connection driven in memory: keep-alive, pipelining, bodies both ways, errors. */
@Timeout(30)
class Http1ConnectionTest {

    private FakeConnection conn;

    @AfterEach
    void tearDown() {
        if (conn != null) conn.shutdownLoop();
    }

    private FakeConnection open(HttpHandler handler) {
        return open(EngineConfig.defaults(), handler);
    }

    private FakeConnection open(EngineConfig config, HttpHandler handler) {
        conn = new FakeConnection().open(new Http1Connection(config, handler, null));
        return conn;
    }

    /** Echoes method, path, query and body; {@code /stream} streams, {@code /fail} throws. */
    static void echo(HttpRequest req, HttpResponse res) throws Exception {
        byte[] body = req.bodyBytes();
        String trailer = req.trailers().get("x-checksum");
        res.header("x-path", req.path());
        res.send(req.method() + " " + req.path() + (req.rawQuery() != null ? "?" + req.rawQuery() : "") + " "
                + new String(body, StandardCharsets.ISO_8859_1) + (trailer != null ? " t=" + trailer : ""));
    }

    private static List<Response> responses(FakeConnection c, int count) {
        return Responses.parse(c.awaitOutput(out -> Responses.parse(out).size() >= count));
    }

    @Test
    void keepAliveServesRequestsOneAfterAnother() {
        open(Http1ConnectionTest::echo);
        conn.send("GET /a?x=1 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(responses(conn, 1).get(0).body()).isEqualTo("GET /a?x=1 ");
        conn.send("GET /b HTTP/1.1\r\nHost: h\r\n\r\n");
        List<Response> all = responses(conn, 2);
        assertThat(all.get(1).body()).isEqualTo("GET /b ");
        Response r = all.get(0);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-length")).isEqualTo("11");
        assertThat(r.header("connection")).isNull();
        // SPEC: RFC 9110 §5.6.7 IMF-fixdate
        assertThat(r.header("date")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        assertThat(conn.isOpen()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"whole", "bytes", "random"})
    void pipelinedResponsesLeaveInRequestOrder(String mode) throws Exception {
        CountDownLatch secondDone = new CountDownLatch(1);
        open((req, res) -> {
            if (req.path().equals("/first")) {
                // The first handler finishes only after the second one has answered.
                assertThat(secondDone.await(10, TimeUnit.SECONDS)).isTrue();
                res.send("first");
            } else if (req.path().equals("/second")) {
                res.send("second");
                secondDone.countDown();
            } else {
                echo(req, res);
            }
        });
        String requests = "GET /first HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /second HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
                + "POST /third HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n";
        switch (mode) {
            case "whole" -> conn.send(requests);
            case "bytes" -> conn.sendByteByByte(requests);
            default -> conn.sendSplit(requests, new Random(mode.hashCode()));
        }
        List<Response> all = responses(conn, 3);
        assertThat(all).extracting(Response::body).containsExactly("first", "second", "POST /third xyz");
    }

    @Test
    void http10ClosesUnlessKeepAliveWasAsked() {
        open(Http1ConnectionTest::echo);
        conn.send("GET /k HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        Response kept = responses(conn, 1).get(0);
        assertThat(kept.header("connection")).isEqualTo("keep-alive");
        assertThat(conn.isOpen()).isTrue();
        conn.send("GET /c HTTP/1.0\r\n\r\n");
        Response closed = responses(conn, 2).get(1);
        assertThat(closed.header("connection")).isEqualTo("close");
        conn.awaitClosed();
    }

    @Test
    void connectionCloseEndsTheConnectionAfterTheResponse() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        open((req, res) -> {
            calls.incrementAndGet();
            echo(req, res);
        });
        conn.send("GET /a HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET /ignored HTTP/1.1\r\nHost: h\r\n\r\n");
        conn.awaitClosed();
        List<Response> all = Responses.parse(conn.output());
        assertThat(all).hasSize(1);
        assertThat(all.get(0).header("connection")).isEqualTo("close");
        assertThat(calls.get()).as("the request after Connection: close is not even dispatched").isEqualTo(1);
    }

    @Test
    void headGetsTheHeadersButNoBody() {
        open((req, res) -> res.send("hello"));
        conn.send("HEAD / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
        String out = conn.awaitOutput(o -> o.endsWith("hello"));
        int second = out.indexOf("HTTP/1.1", 1);
        String head = out.substring(0, second);
        assertThat(head).contains("content-length: 5").endsWith("\r\n\r\n");
        assertThat(out.substring(second)).contains("content-length: 5").endsWith("\r\n\r\nhello");
    }

    @Test
    void chunkedRequestBodyWithTrailersReachesTheHandler() {
        open(Http1ConnectionTest::echo);
        conn.send("POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: 42\r\n\r\n");
        assertThat(responses(conn, 1).get(0).body()).isEqualTo("POST /up hello world t=42");
    }

    @Test
    void streamedResponseIsChunkedWithTrailers() {
        open((req, res) -> {
            res.trailers().set("x-sum", "7");
            OutputStream out = res.body();
            out.write("part1".getBytes());
            out.flush();
            out.write("part2".getBytes());
            out.close();
        });
        conn.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        Response r = responses(conn, 1).get(0);
        assertThat(r.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(r.header("content-length")).isNull();
        assertThat(r.body()).isEqualTo("part1part2");
        assertThat(r.trailers()).containsEntry("x-sum", "7");
    }

    @Test
    void trailersAloneForceChunkedEvenForASmallBody() {
        open((req, res) -> {
            res.trailers().set("x-sum", "1");
            res.body().write('x');
            res.end();
        });
        conn.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        Response r = responses(conn, 1).get(0);
        assertThat(r.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(r.trailers()).containsEntry("x-sum", "1");
    }

    @Test
    void smallStreamedBodyGetsAContentLength() {
        open((req, res) -> {
            try (OutputStream out = res.body()) {
                out.write("tiny".getBytes());
            }
        });
        conn.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        Response r = responses(conn, 1).get(0);
        assertThat(r.header("content-length")).isEqualTo("4");
        assertThat(r.body()).isEqualTo("tiny");
    }

    @Test
    void streamedResponseToHttp10IsCloseDelimited() {
        open((req, res) -> {
            OutputStream out = res.body();
            out.write("abc".getBytes());
            out.flush();
            out.write("def".getBytes());
            out.close();
        });
        conn.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        conn.awaitClosed();
        Response r = Responses.parse(conn.output()).get(0);
        assertThat(r.header("transfer-encoding")).isNull();
        assertThat(r.header("connection")).isEqualTo("close");
        assertThat(r.body()).isEqualTo("abcdef");
    }

    @Test
    void declaredContentLengthIsUsedForAStreamedBody() {
        open((req, res) -> {
            res.header("content-length", "6");
            OutputStream out = res.body();
            out.write("abc".getBytes());
            out.flush();
            out.write("def".getBytes());
            out.close();
        });
        conn.send("GET / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
        List<Response> all = responses(conn, 2);
        assertThat(all.get(0).header("content-length")).isEqualTo("6");
        assertThat(all.get(0).body()).isEqualTo("abcdef");
        assertThat(all.get(1).body()).isEqualTo("abcdef");
    }

    @Test
    void expectContinueSends100WhenTheHandlerReadsTheBody() {
        open(Http1ConnectionTest::echo);
        conn.send("PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        conn.awaitOutput(out -> out.equals("HTTP/1.1 100 Continue\r\n\r\n"));
        conn.send("hello");
        String out = conn.awaitOutput(o -> o.endsWith("PUT /x hello"));
        assertThat(Responses.parse(out.substring(out.indexOf("\r\n\r\n") + 4)).get(0).header("connection")).isNull();
    }

    @Test
    void expectContinueWithoutReadingTheBodyAnswersAndCloses() {
        open((req, res) -> res.status(403).send("no"));
        conn.send("PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        conn.awaitClosed();
        assertThat(conn.output()).doesNotContain("100 Continue").startsWith("HTTP/1.1 403");
        assertThat(Responses.parse(conn.output()).get(0).header("connection")).isEqualTo("close");
    }

    @Test
    void unreadBodyIsSkippedAndTheNextRequestServed() {
        open((req, res) -> res.send("ok " + req.path()));
        conn.send("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789GET /b HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(responses(conn, 2)).extracting(Response::body).containsExactly("ok /a", "ok /b");
    }

    @Test
    void handlerExceptionBecomes500AndTheConnectionLivesOn() {
        open((req, res) -> {
            if (req.path().equals("/fail")) throw new IllegalStateException("boom");
            res.send("fine");
        });
        conn.send("GET /fail HTTP/1.1\r\nHost: h\r\n\r\nGET /ok HTTP/1.1\r\nHost: h\r\n\r\n");
        List<Response> all = responses(conn, 2);
        assertThat(all.get(0).status()).isEqualTo(500);
        assertThat(all.get(1).body()).isEqualTo("fine");
    }

    @Test
    void handlerExceptionAfterCommitClosesTheConnection() {
        open((req, res) -> {
            res.body().write("partial".getBytes());
            res.body().flush();
            throw new IllegalStateException("late");
        });
        conn.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        conn.awaitClosed();
        assertThat(conn.output()).startsWith("HTTP/1.1 200").contains("partial").doesNotContain("0\r\n\r\n");
    }

    @Test
    void headerValueWithCrLfIsA500NotResponseSplitting() {
        open((req, res) -> res.header("x-evil", "a\r\nset-cookie: x").send("no"));
        conn.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        Response r = responses(conn, 1).get(0);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.headers()).doesNotContainKey("set-cookie");
    }

    @Test
    void malformedRequestAfterAGoodOneGetsItsErrorInOrder() {
        open(Http1ConnectionTest::echo);
        conn.send("GET /ok HTTP/1.1\r\nHost: h\r\n\r\nGET /bad HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
        conn.awaitClosed();
        List<Response> all = Responses.parse(conn.output());
        assertThat(all).extracting(Response::status).containsExactly(200, 400);
        assertThat(all.get(1).header("connection")).isEqualTo("close");
    }

    @Test
    void interimResponsesGoBeforeTheFinalOne() {
        open((req, res) -> {
            res.sendInterim(103, dev.celeris.engine.Headers.of("link", "</a.css>; rel=preload"));
            res.send("done");
        });
        conn.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        String out = conn.awaitOutput(o -> o.endsWith("done"));
        assertThat(out).startsWith("HTTP/1.1 103 Early Hints\r\nlink: </a.css>; rel=preload\r\n");
    }

    @Test
    void shutdownFinishesTheRequestInFlightThenCloses() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Http1Connection h1 = new Http1Connection(EngineConfig.defaults(), (req, res) -> {
            release.await();
            res.send("last");
        }, null);
        conn = new FakeConnection().open(h1);
        conn.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        conn.runOnLoop(h1::onShutdown);
        release.countDown();
        conn.awaitClosed();
        Response r = Responses.parse(conn.output()).get(0);
        assertThat(r.body()).isEqualTo("last");
        assertThat(r.header("connection")).isEqualTo("close");
    }
}
