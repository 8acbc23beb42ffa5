package dev.celeris.router;

import static dev.celeris.router.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything a handler writes through {@link Context}. */
class ContextResponseTest {

    @TempDir
    Path dir;

    @Test
    void writersSetStatusAndContentType() throws Exception {
        Router r = Router.create();
        r.get("/json", ctx -> ctx.json(Map.of("message", "Hello, World!")));
        r.get("/text", ctx -> ctx.string(201, "made"));
        r.get("/html", ctx -> ctx.html("<b>hi</b>"));
        r.get("/bytes", ctx -> ctx.bytes(202, new byte[] {9}, "application/x-thing"));
        r.get("/none", Context::noContent);
        r.get("/go", ctx -> ctx.redirect("/there"));
        r.get("/moved", ctx -> ctx.redirect(308, "/new"));
        r.get("/header", ctx -> ctx.status(418).header("x-a", "1").addHeader("x-b", "1").addHeader("x-b", "2")
                .contentType("text/custom").response().send("teapot"));
        r.get("/empty", ctx -> ctx.status(201));
        check(r, "/json", 200, "application/json", "{\"message\":\"Hello, World!\"}");
        check(r, "/text", 201, "text/plain; charset=utf-8", "made");
        check(r, "/html", 200, "text/html; charset=utf-8", "<b>hi</b>");
        check(r, "/bytes", 202, "application/x-thing", "\t");
        check(r, "/none", 204, null, "");
        FakeResponse go = check(r, "/go", 302, null, "");
        assertThat(go.header("location")).isEqualTo("/there");
        assertThat(check(r, "/moved", 308, null, "").header("location")).isEqualTo("/new");
        FakeResponse h = check(r, "/header", 418, "text/custom", "teapot");
        assertThat(h.header("x-a")).isEqualTo("1");
        assertThat(h.headerValues("x-b")).containsExactly("1", "2");
        FakeResponse empty = check(r, "/empty", 201, null, "");
        assertThat(empty.isDone()).as("the router ends an unanswered response").isTrue();
    }

    private static FakeResponse check(Router r, String path, int status, String type, String body) throws Exception {
        FakeResponse res = call(r, "GET", path);
        assertThat(res.status()).as(path).isEqualTo(status);
        assertThat(res.header("content-type")).as(path).isEqualTo(type);
        assertThat(res.bodyText()).as(path).isEqualTo(body);
        assertThat(res.isDone()).isTrue();
        return res;
    }

    @Test
    void streamSendsAChunkPerFlush() throws Exception {
        Router r = Router.create();
        r.get("/s", ctx -> ctx.stream("text/plain", out -> {
            for (int i = 0; i < 3; i++) {
                out.write(("part" + i).getBytes());
                out.flush();
            }
        }));
        FakeResponse res = call(r, "GET", "/s");
        assertThat(res.wasStreamed()).isTrue();
        assertThat(res.chunks).extracting(String::new).containsExactly("part0", "part1", "part2");
        assertThat(res.isDone()).isTrue();
    }

    @Test
    void outputStreamLeftOpenIsClosedByTheRouter() throws Exception {
        Router r = Router.create();
        r.get("/s", ctx -> ctx.outputStream().write("x".getBytes()));
        FakeResponse res = call(r, "GET", "/s");
        assertThat(res.bodyText()).isEqualTo("x");
        assertThat(res.isDone()).isTrue();
    }

    @Test
    void serverSentEvents() throws Exception {
        Router r = Router.create();
        r.get("/events", ctx -> ctx.sse(sse -> {
            sse.retry(Duration.ofSeconds(3));
            sse.event("tick", "1");
            sse.send("multi", "7", "a\nb");
            sse.json("obj", Map.of("k", "v"));
            sse.comment("keep-alive");
        }));
        FakeResponse res = call(r, "GET", "/events");
        assertThat(res.header("content-type")).isEqualTo("text/event-stream; charset=utf-8");
        assertThat(res.header("cache-control")).isEqualTo("no-cache");
        // SPEC: RFC 9113 §8.2.2 no connection-specific header fields on HTTP/2
        assertThat(res.header("connection")).isNull();
        assertThat(res.bodyText()).isEqualTo("retry: 3000\n\nevent: tick\ndata: 1\n\nid: 7\nevent: multi\ndata: a\ndata: b\n\n"
                + "event: obj\ndata: {\"k\":\"v\"}\n\n: keep-alive\n\n");
        assertThat(res.chunks).hasSize(5);
    }

    @Test
    void trailersFollowAStreamedBody() throws Exception {
        Router r = Router.create();
        r.get("/t", ctx -> ctx.trailer("x-checksum", "42").string("body"));
        FakeResponse res = call(r, "GET", "/t");
        assertThat(res.wasStreamed()).as("trailers need a streamed body").isTrue();
        assertThat(res.bodyText()).isEqualTo("body");
        assertThat(res.trailers().get("x-checksum")).isEqualTo("42");
    }

    @Test
    void setCookie() throws Exception {
        Router r = Router.create();
        r.get("/c", ctx -> ctx.setCookie(Cookie.of("session", "abc").path("/").maxAge(Duration.ofHours(1))
                        .httpOnly(true).secure(true).sameSite(Cookie.SameSite.LAX))
                .setCookie(Cookie.expired("old")).noContent());
        assertThat(call(r, "GET", "/c").headerValues("set-cookie")).containsExactly(
                "session=abc; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax", "old=; Max-Age=0");
        assertThatThrownBy(() -> Cookie.of("bad name", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.of("n", "a;b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void httpExceptionIsJsonOrTextByAccept() throws Exception {
        Router r = Router.create();
        r.get("/x", ctx -> {
            ctx.header("content-type", "text/html");   // dropped for the error response
            throw new HttpException(409, "already exists").header("x-reason", "dup");
        });
        FakeResponse text = call(r, FakeRequest.of("GET", "/x").header("accept", "*/*"));
        assertThat(text.status()).isEqualTo(409);
        assertThat(text.header("content-type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(text.bodyText()).isEqualTo("already exists");
        assertThat(text.header("x-reason")).isEqualTo("dup");
        FakeResponse json = call(r, FakeRequest.of("GET", "/x").header("accept", "application/json, text/plain;q=0.5"));
        assertThat(json.header("content-type")).isEqualTo("application/json");
        assertThat(json.bodyText()).isEqualTo("{\"error\":\"already exists\",\"status\":409}");
        FakeResponse textPreferred = call(r, FakeRequest.of("GET", "/x").header("accept", "application/json;q=0.2, text/plain"));
        assertThat(textPreferred.bodyText()).isEqualTo("already exists");
    }

    @Test
    void unexpectedExceptionIs500WithoutDetails() throws Exception {
        Router r = Router.create();
        r.get("/boom", ctx -> {
            throw new IllegalStateException("secret detail");
        });
        FakeResponse res = call(r, "GET", "/boom");
        assertThat(res.status()).isEqualTo(500);
        assertThat(res.bodyText()).isEqualTo("Internal Server Error");
    }

    @Test
    void customErrorHandler() throws Exception {
        Router r = Router.create();
        r.errorHandler((ctx, e) -> ctx.json(e instanceof HttpException h ? h.status() : 500, Map.of("oops", e.getMessage())));
        r.get("/x", ctx -> {
            throw new HttpException(422, "bad thing");
        });
        assertThat(call(r, "GET", "/x").bodyText()).isEqualTo("{\"oops\":\"bad thing\"}");
    }

    @Test
    void errorAfterCommitPropagatesToTheEngine() {
        Router r = Router.create();
        r.get("/x", ctx -> {
            ctx.outputStream().write(1);
            ctx.outputStream().flush();
            throw new IllegalStateException("mid-stream");
        });
        assertThatThrownBy(() -> call(r, "GET", "/x")).hasMessage("mid-stream");
    }

    // --- files ---------------------------------------------------------------------------------

    private Router fileRouter(Path file) {
        Router r = Router.create();
        r.get("/f", ctx -> ctx.file(file));
        r.get("/dl", ctx -> ctx.attachment(file, "report.txt"));
        return r;
    }

    private Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2025-01-02T03:04:05Z")));
        return f;
    }

    @Test
    void fileHasValidatorsAndContentType() throws Exception {
        Router r = fileRouter(file("page.html", "<h1>hi</h1>"));
        FakeResponse res = call(r, "GET", "/f");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.bodyText()).isEqualTo("<h1>hi</h1>");
        assertThat(res.header("content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(res.header("last-modified")).isEqualTo("Thu, 2 Jan 2025 03:04:05 GMT");
        assertThat(res.header("etag")).matches("\"[0-9a-f]+-[0-9a-f]+\"");
        assertThat(res.header("accept-ranges")).isEqualTo("bytes");
        FakeResponse dl = call(r, "GET", "/dl");
        assertThat(dl.header("content-disposition")).isEqualTo("attachment; filename=\"report.txt\"");
    }

    @Test
    void conditionalRequestsGet304() throws Exception {
        Router r = fileRouter(file("a.txt", "hello"));
        String etag = call(r, "GET", "/f").header("etag");
        FakeResponse inm = call(r, FakeRequest.of("GET", "/f").header("if-none-match", "\"other\", " + etag));
        assertThat(inm.status()).isEqualTo(304);
        assertThat(inm.bodyBytes()).isEmpty();
        FakeResponse ims = call(r, FakeRequest.of("GET", "/f").header("if-modified-since", "Thu, 2 Jan 2025 03:04:05 GMT"));
        assertThat(ims.status()).isEqualTo(304);
        FakeResponse older = call(r, FakeRequest.of("GET", "/f").header("if-modified-since", "Wed, 1 Jan 2025 00:00:00 GMT"));
        assertThat(older.status()).isEqualTo(200);
        // SPEC: RFC 9110 §13.2.2 If-None-Match wins over If-Modified-Since
        FakeResponse both = call(r, FakeRequest.of("GET", "/f").header("if-none-match", "\"nope\"")
                .header("if-modified-since", "Thu, 2 Jan 2025 03:04:05 GMT"));
        assertThat(both.status()).isEqualTo(200);
    }

    @Test
    void rangesGet206Or416() throws Exception {
        Router r = fileRouter(file("digits.txt", "0123456789"));
        FakeResponse mid = call(r, FakeRequest.of("GET", "/f").header("range", "bytes=2-5"));
        assertThat(mid.status()).isEqualTo(206);
        assertThat(mid.bodyText()).isEqualTo("2345");
        assertThat(mid.header("content-range")).isEqualTo("bytes 2-5/10");
        assertThat(call(r, FakeRequest.of("GET", "/f").header("range", "bytes=7-")).bodyText()).isEqualTo("789");
        assertThat(call(r, FakeRequest.of("GET", "/f").header("range", "bytes=-3")).bodyText()).isEqualTo("789");
        assertThat(call(r, FakeRequest.of("GET", "/f").header("range", "bytes=8-100")).bodyText()).isEqualTo("89");
        FakeResponse bad = call(r, FakeRequest.of("GET", "/f").header("range", "bytes=10-12"));
        assertThat(bad.status()).isEqualTo(416);
        assertThat(bad.header("content-range")).isEqualTo("bytes */10");
        FakeResponse multi = call(r, FakeRequest.of("GET", "/f").header("range", "bytes=0-1,3-4"));
        assertThat(multi.status()).isEqualTo(200);
        assertThat(multi.bodyText()).isEqualTo("0123456789");
        FakeResponse staleIfRange = call(r, FakeRequest.of("GET", "/f").header("range", "bytes=0-1").header("if-range", "\"old\""));
        assertThat(staleIfRange.status()).isEqualTo(200);
        String etag = mid.header("etag");
        FakeResponse freshIfRange = call(r, FakeRequest.of("GET", "/f").header("range", "bytes=0-1").header("if-range", etag));
        assertThat(freshIfRange.status()).isEqualTo(206);
    }

    @Test
    void largeFilesAreStreamedWithContentLength() throws Exception {
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) i;
        Path f = dir.resolve("big.bin");
        Files.write(f, big);
        Router r = fileRouter(f);
        FakeResponse res = call(r, "GET", "/f");
        assertThat(res.wasStreamed()).isTrue();
        assertThat(res.header("content-length")).isEqualTo("200000");
        assertThat(res.bodyBytes()).isEqualTo(big);
        FakeResponse range = call(r, FakeRequest.of("GET", "/f").header("range", "bytes=100000-"));
        assertThat(range.bodyBytes()).hasSize(100_000).startsWith(big[100_000]);
        FakeResponse head = call(r, "HEAD", "/f");
        assertThat(head.bodyBytes()).isEmpty();
        assertThat(head.header("content-length")).isEqualTo("200000");
    }

    @Test
    void missingFileIs404() throws Exception {
        Router r = fileRouter(dir.resolve("nope.txt"));
        assertThat(call(r, "GET", "/f").status()).isEqualTo(404);
    }

    @Test
    void headOfJsonHasLengthButNoBody() throws Exception {
        Router r = Router.create();
        r.get("/j", ctx -> ctx.json(Map.of("a", 1)));
        FakeResponse res = call(r, "HEAD", "/j");
        assertThat(res.header("content-length")).isEqualTo(Integer.toString("{\"a\":1}".getBytes(StandardCharsets.UTF_8).length));
        assertThat(res.bodyBytes()).isEmpty();
    }
}
