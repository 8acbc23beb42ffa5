package dev.celeris.router.middleware;

import static dev.celeris.router.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.router.FakeRequest;
import dev.celeris.router.FakeResponse;
import dev.celeris.router.HttpException;
import dev.celeris.router.Router;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MiddlewareTest {

    @Test
    void recoveryLetsOuterMiddlewareSeeTheErrorStatus() throws Exception {
        List<String> lines = new ArrayList<>();
        Router r = Router.create();
        r.use(Logger.builder().sink(lines::add).build(), Recovery.create());
        r.get("/boom", ctx -> {
            throw new IllegalStateException("bug");
        });
        r.get("/teapot", ctx -> {
            throw new HttpException(418, "short and stout");
        });
        FakeResponse res = call(r, FakeRequest.of("GET", "/boom").header("accept", "application/json"));
        assertThat(res.status()).isEqualTo(500);
        assertThat(res.bodyText()).isEqualTo("{\"error\":\"Internal Server Error\",\"status\":500}");
        assertThat(lines).singleElement().asString().contains("\"GET /boom HTTP/2.0\" 500");
        assertThat(call(r, "GET", "/teapot").bodyText()).isEqualTo("short and stout");
        assertThat(lines.get(1)).contains(" 418 ");
    }

    @Test
    void loggerPrintsTheTraceIdATracingMiddlewareStored() throws Exception {
        List<String> text = new ArrayList<>();
        List<String> json = new ArrayList<>();
        Router r = Router.create();
        r.use(Logger.builder().sink(text::add).build(), Logger.builder().json().sink(json::add).build(),
                ctx -> {
                    ctx.set(Logger.TRACE_ID, "4bf92f3577b34da6a3ce929d0e0e4736");
                    ctx.next();
                });
        r.get("/", ctx -> ctx.string("ok"));
        call(r, "GET", "/");
        assertThat(text).singleElement().asString().endsWith(" trace=4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(json).singleElement().asString().contains("\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"");
    }

    @Test
    void loggerTextAndJson() throws Exception {
        List<String> lines = new ArrayList<>();
        Router r = Router.create();
        r.use(RequestId.create(), Logger.builder().json().sink(lines::add).build());
        r.get("/users/:id", ctx -> ctx.string("hello"));
        call(r, FakeRequest.of("GET", "/users/1?x=\"y\"").header("x-request-id", "req-1"));
        assertThat(lines).singleElement().asString()
                .contains("\"method\":\"GET\"", "\"path\":\"/users/1\"", "\"query\":\"x=\\\"y\\\"\"", "\"status\":200",
                        "\"bytes\":5", "\"protocol\":\"HTTP/2.0\"", "\"remote\":\"127.0.0.1\"", "\"request_id\":\"req-1\"",
                        "\"duration_ms\":");
        List<String> text = new ArrayList<>();
        Router t = Router.create();
        t.use(Logger.builder().sink(text::add).build());
        t.get("/", ctx -> ctx.string("abc"));
        call(t, "GET", "/?q=1");
        assertThat(text).singleElement().asString().matches("127\\.0\\.0\\.1 \"GET /\\?q=1 HTTP/2\\.0\" 200 3 [0-9.]+ms");
    }

    @Test
    void requestIdIsKeptOrGenerated() throws Exception {
        Router r = Router.create();
        r.use(RequestId.create());
        r.get("/", ctx -> ctx.string(ctx.get(RequestId.ATTRIBUTE)));
        FakeResponse kept = call(r, FakeRequest.of("GET", "/").header("x-request-id", "abc-123"));
        assertThat(kept.header("x-request-id")).isEqualTo("abc-123");
        assertThat(kept.bodyText()).isEqualTo("abc-123");
        FakeResponse generated = call(r, FakeRequest.of("GET", "/").header("x-request-id", "bad id with spaces"));
        assertThat(generated.header("x-request-id")).matches("[0-9a-f]{32}").isEqualTo(generated.bodyText());
        assertThat(call(r, "GET", "/").bodyText()).isNotEqualTo(generated.bodyText());
    }

    @Test
    void corsSimpleAndPreflight() throws Exception {
        Router r = Router.create();
        r.use(Cors.builder().allowOrigins("https://app.example").allowMethods("GET", "POST")
                .allowHeaders("Content-Type", "Authorization").exposeHeaders("X-Total").allowCredentials(true)
                .maxAge(Duration.ofMinutes(5)).build());
        r.post("/api", ctx -> ctx.string("ok"));
        FakeResponse simple = call(r, FakeRequest.of("POST", "/api").header("origin", "https://app.example"));
        assertThat(simple.bodyText()).isEqualTo("ok");
        assertThat(simple.header("access-control-allow-origin")).isEqualTo("https://app.example");
        assertThat(simple.header("access-control-allow-credentials")).isEqualTo("true");
        assertThat(simple.header("access-control-expose-headers")).isEqualTo("X-Total");
        assertThat(simple.header("vary")).isEqualTo("Origin");

        // no OPTIONS route: the router-level middleware still answers the preflight
        FakeResponse pre = call(r, FakeRequest.of("OPTIONS", "/api").header("origin", "https://app.example")
                .header("access-control-request-method", "POST").header("access-control-request-headers", "content-type"));
        assertThat(pre.status()).isEqualTo(204);
        assertThat(pre.header("access-control-allow-methods")).isEqualTo("GET, POST");
        assertThat(pre.header("access-control-allow-headers")).isEqualTo("Content-Type, Authorization");
        assertThat(pre.header("access-control-max-age")).isEqualTo("300");

        FakeResponse badMethod = call(r, FakeRequest.of("OPTIONS", "/api").header("origin", "https://app.example")
                .header("access-control-request-method", "DELETE"));
        assertThat(badMethod.status()).isEqualTo(403);
        FakeResponse otherOrigin = call(r, FakeRequest.of("POST", "/api").header("origin", "https://evil.example"));
        assertThat(otherOrigin.header("access-control-allow-origin")).isNull();
        FakeResponse noOrigin = call(r, FakeRequest.of("POST", "/api"));
        assertThat(noOrigin.header("vary")).isNull();

        Router any = Router.create();
        any.use(Cors.create());
        any.get("/x", ctx -> ctx.string("x"));
        assertThat(call(any, FakeRequest.of("GET", "/x").header("origin", "https://a.b")).header("access-control-allow-origin"))
                .isEqualTo("*");
    }

    @Test
    @Timeout(10)
    void timeoutAnswers503AndInterruptsTheHandler() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        Router r = Router.create();
        r.use(dev.celeris.router.middleware.Timeout.of(Duration.ofMillis(100)));
        r.get("/slow", ctx -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            ctx.string("too late");
        });
        r.get("/fast", ctx -> ctx.string("fast"));
        FakeResponse slow = call(r, "GET", "/slow");
        assertThat(slow.status()).isEqualTo(503);
        assertThat(slow.bodyText()).isEqualTo("Request timed out");
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(call(r, "GET", "/fast").bodyText()).isEqualTo("fast");
    }

    @Test
    @Timeout(10)
    void timeoutPassesHandlerErrorsOn() throws Exception {
        Router r = Router.create();
        r.use(dev.celeris.router.middleware.Timeout.of(Duration.ofSeconds(5)));
        r.get("/e", ctx -> {
            throw new HttpException(409, "conflict");
        });
        assertThat(call(r, "GET", "/e").status()).isEqualTo(409);
    }

    @Test
    void bodyLimitByContentLengthAndWhileReading() throws Exception {
        Router r = Router.create();
        r.use(BodyLimit.of(10));
        r.post("/", ctx -> ctx.string(Integer.toString(ctx.body().length)));
        assertThat(call(r, FakeRequest.of("POST", "/").body("0123456789")).bodyText()).isEqualTo("10");
        FakeResponse declared = call(r, FakeRequest.of("POST", "/").body("0123456789A"));
        assertThat(declared.status()).isEqualTo(413);
        FakeResponse streamed = call(r, FakeRequest.of("POST", "/").streamedBody(new byte[50]));
        assertThat(streamed.status()).isEqualTo(413);
        assertThat(streamed.bodyText()).isEqualTo("Request body larger than 10 bytes");
    }

    @Test
    void compressGzipsCompressibleBodies() throws Exception {
        String big = "hello celeris ".repeat(200);
        Router r = Router.create();
        r.use(Compress.create());
        r.get("/big", ctx -> ctx.string(big));
        r.get("/small", ctx -> ctx.string("tiny"));
        r.get("/png", ctx -> ctx.bytes(big.getBytes(), "image/png"));
        r.get("/stream", ctx -> ctx.stream("text/plain", out -> {
            out.write(big.getBytes());
            out.flush();
            out.write(big.getBytes());
        }));
        FakeResponse gz = call(r, FakeRequest.of("GET", "/big").header("accept-encoding", "br;q=1, gzip;q=0.8"));
        assertThat(gz.header("content-encoding")).isEqualTo("gzip");
        assertThat(gz.header("vary")).isEqualTo("Accept-Encoding");
        assertThat(gz.bodyBytes().length).isLessThan(big.length() / 4);
        assertThat(gunzip(gz.bodyBytes())).isEqualTo(big);

        assertThat(call(r, FakeRequest.of("GET", "/big")).header("content-encoding")).isNull();
        assertThat(call(r, FakeRequest.of("GET", "/big").header("accept-encoding", "gzip;q=0")).header("content-encoding")).isNull();
        assertThat(call(r, FakeRequest.of("GET", "/small").header("accept-encoding", "gzip")).bodyText()).isEqualTo("tiny");
        assertThat(call(r, FakeRequest.of("GET", "/png").header("accept-encoding", "gzip")).header("content-encoding")).isNull();

        FakeResponse stream = call(r, FakeRequest.of("GET", "/stream").header("accept-encoding", "gzip"));
        assertThat(stream.header("content-encoding")).isEqualTo("gzip");
        assertThat(stream.chunks.size()).as("flush sends what is compressed so far").isGreaterThanOrEqualTo(2);
        assertThat(gunzip(stream.bodyBytes())).isEqualTo(big + big);

        Router fast = Router.create();
        fast.use(Compress.create(10, 1));
        fast.get("/x", ctx -> ctx.string("0123456789abcdef"));
        assertThat(call(fast, FakeRequest.of("GET", "/x").header("accept-encoding", "gzip")).header("content-encoding"))
                .as("minLength option").isEqualTo("gzip");
    }

    private static String gunzip(byte[] bytes) throws Exception {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void rateLimitPerKeyWithRetryAfter() throws Exception {
        AtomicLong now = new AtomicLong(0);
        Router r = Router.create();
        r.use(RateLimit.builder().rate(2).burst(3).key(ctx -> ctx.header("x-key")).clock(now::get).build());
        r.get("/", ctx -> ctx.string("ok"));
        for (int i = 0; i < 3; i++) assertThat(call(r, FakeRequest.of("GET", "/").header("x-key", "a")).status()).isEqualTo(200);
        FakeResponse limited = call(r, FakeRequest.of("GET", "/").header("x-key", "a"));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("retry-after")).isEqualTo("1");
        assertThat(call(r, FakeRequest.of("GET", "/").header("x-key", "b")).status()).as("other key").isEqualTo(200);
        now.addAndGet(500_000_000L);   // 0.5 s at 2/s refills one token
        assertThat(call(r, FakeRequest.of("GET", "/").header("x-key", "a")).status()).isEqualTo(200);
        assertThat(call(r, FakeRequest.of("GET", "/").header("x-key", "a")).status()).isEqualTo(429);
    }

    @Test
    void basicAuth() throws Exception {
        Router r = Router.create();
        r.use(BasicAuth.of("admin area", Map.of("ada", "s3cret")));
        r.get("/", ctx -> ctx.string("hi " + ctx.get(BasicAuth.USER)));
        String good = "Basic " + Base64.getEncoder().encodeToString("ada:s3cret".getBytes());
        assertThat(call(r, FakeRequest.of("GET", "/").header("authorization", good)).bodyText()).isEqualTo("hi ada");
        String bad = "Basic " + Base64.getEncoder().encodeToString("ada:wrong".getBytes());
        FakeResponse denied = call(r, FakeRequest.of("GET", "/").header("authorization", bad));
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.header("www-authenticate")).isEqualTo("Basic realm=\"admin area\", charset=\"UTF-8\"");
        assertThat(call(r, FakeRequest.of("GET", "/").header("authorization", "Basic !!!")).status()).isEqualTo(401);
        assertThat(call(r, "GET", "/").status()).isEqualTo(401);
    }

    @Test
    void bearerAuth() throws Exception {
        Router r = Router.create();
        r.group("/api", BearerAuth.token("secret")).get("/x", ctx -> ctx.string("token " + ctx.get(BearerAuth.TOKEN)));
        r.get("/open", ctx -> ctx.string("open"));
        assertThat(call(r, FakeRequest.of("GET", "/api/x").header("authorization", "Bearer secret")).bodyText())
                .isEqualTo("token secret");
        FakeResponse missing = call(r, "GET", "/api/x");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("www-authenticate")).isEqualTo("Bearer");
        FakeResponse wrong = call(r, FakeRequest.of("GET", "/api/x").header("authorization", "Bearer nope"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("www-authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(call(r, "GET", "/open").bodyText()).isEqualTo("open");
    }

    @Test
    void health() throws Exception {
        Router r = Router.create();
        Health.builder().install(r);
        boolean[] dbUp = {true};
        r.get("/ready", Health.builder().check("db", () -> dbUp[0]).check("cache", () -> {
            throw new IllegalStateException("down");
        }).build());
        FakeResponse up = call(r, "GET", "/health");
        assertThat(up.status()).isEqualTo(200);
        assertThat(up.bodyText()).isEqualTo("{\"status\":\"UP\"}");
        FakeResponse ready = call(r, "GET", "/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.bodyText()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{\"db\":\"UP\",\"cache\":\"DOWN\"}}");
    }
}
