package dev.celeris.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celeris.engine.EngineConfig;
import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import dev.celeris.router.middleware.Compress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Router features and server options that only a real engine and transport can show. */
@Timeout(60)
class RouterOverSocketsTest {

    private static final OkHttpClient H2 = new OkHttpClient.Builder()
            .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)).readTimeout(20, TimeUnit.SECONDS).build();
    private static final HttpClient H1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static List<String> transports() {
        List<String> names = Transports.available().stream().map(TransportProvider::name).toList();
        Assumptions.assumeFalse(names.isEmpty(), "no transport on the test class path");
        return names;
    }

    @AfterAll
    static void closeClients() {
        H2.dispatcher().executorService().shutdown();
        H2.connectionPool().evictAll();
        H1.close();
    }

    private static Router features() {
        Router r = Router.create();
        r.use(Compress.create());
        r.get("/sse", ctx -> ctx.sse(sse -> {
            for (int i = 0; i < 3; i++) sse.event("n", Integer.toString(i));
        }));
        r.get("/trailers", ctx -> ctx.trailer("x-checksum", "abc").string("body"));
        r.get("/cookies", ctx -> ctx.string(ctx.cookies().toString()));
        r.get("/proto", ctx -> ctx.string(ctx.protocol() + " " + ctx.clientIp()));
        r.get("/big", ctx -> ctx.string("compress me ".repeat(1000)));
        r.get("/thread", ctx -> ctx.string(Thread.currentThread().getName() + " virtual=" + Thread.currentThread().isVirtual()));
        return r;
    }

    private static String get(Server server, String path) throws Exception {
        try (Response res = H2.newCall(new Request.Builder().url("http://127.0.0.1:" + server.port() + path).build()).execute()) {
            return res.body().string();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void contextFeaturesOverHttp2(String transport) throws Exception {
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport).start(features())) {
            String base = "http://127.0.0.1:" + server.port();
            try (Response res = H2.newCall(new Request.Builder().url(base + "/sse").build()).execute()) {
                assertThat(res.header("content-type")).isEqualTo("text/event-stream; charset=utf-8");
                assertThat(res.body().string()).isEqualTo("event: n\ndata: 0\n\nevent: n\ndata: 1\n\nevent: n\ndata: 2\n\n");
            }
            try (Response res = H2.newCall(new Request.Builder().url(base + "/trailers").build()).execute()) {
                assertThat(res.body().string()).isEqualTo("body");
                assertThat(res.trailers().get("x-checksum")).isEqualTo("abc");
            }
            // OkHttp sends one cookie header; two explicit fields show the split form (RFC 9113 §8.2.3)
            try (Response res = H2.newCall(new Request.Builder().url(base + "/cookies")
                    .addHeader("cookie", "a=1").addHeader("cookie", "b=2").build()).execute()) {
                assertThat(res.body().string()).isEqualTo("{a=1, b=2}");
            }
            assertThat(get(server, "/proto")).isEqualTo("HTTP/2.0 127.0.0.1");
            try (Response res = H2.newCall(new Request.Builder().url(base + "/big").build()).execute()) {
                // OkHttp asks for gzip by itself and decompresses transparently
                assertThat(res.body().string()).hasSize(12_000);
                assertThat(res.networkResponse().header("content-encoding")).isEqualTo("gzip");
            }
            HttpResponse<String> h1 = H1.send(HttpRequest.newBuilder(URI.create(base + "/proto")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(h1.body()).isEqualTo("HTTP/1.1 127.0.0.1");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void handlersRunOnVirtualThreadsByDefault(String transport) throws Exception {
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport).start(features())) {
            assertThat(get(server, "/thread")).endsWith("virtual=true");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void executorOptionRunsHandlersOnThatExecutor(String transport) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "my-handler-pool"));
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport).executor(pool).start(features())) {
            assertThat(get(server, "/thread")).isEqualTo("my-handler-pool virtual=false");
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void inlineHandlersRunOnTheIoThread(String transport) throws Exception {
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport).inlineHandlers(true)
                .start(features())) {
            String thread = get(server, "/thread");
            assertThat(thread).endsWith("virtual=false").doesNotContain("my-handler-pool");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void engineLimitsApply(String transport) throws Exception {
        Router r = Router.create();
        r.post("/upload", ctx -> ctx.string(Integer.toString(ctx.body().length)));
        EngineConfig limits = EngineConfig.builder().maxRequestBodySize(100).build();
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport).engine(limits).start(r)) {
            HttpResponse<String> res = H1.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/upload"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1000])).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(413);
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void closeWaitsForInFlightRequestsWithinTheGrace(String transport) throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        Router r = Router.create();
        r.get("/slow", ctx -> {
            entered.countDown();
            Thread.sleep(300);
            ctx.string("finished");
        });
        Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport)
                .shutdownGrace(Duration.ofSeconds(5)).start(r);
        var call = H2.newCall(new Request.Builder().url("http://127.0.0.1:" + server.port() + "/slow").build());
        var result = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try (Response res = call.execute()) {
                result.complete(res.body().string());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        server.close();
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("finished");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void markedRoutesRunInlineOverHttp2AndHttp1(String transport) throws Exception {
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport).start(NonBlockingRoutesTest.router())) {
            String base = "http://127.0.0.1:" + server.port();
            for (String path : List.of("/inline", "/g/inline")) {
                assertThat(getH2(base + path)).as("h2 " + path).isEqualTo("virtual=false");
                assertThat(getH1(base + path)).as("h1 " + path).isEqualTo("virtual=false");
            }
            for (String path : List.of("/blocking", "/g/blocking")) {
                assertThat(getH2(base + path)).as("h2 " + path).isEqualTo("virtual=true");
                assertThat(getH1(base + path)).as("h1 " + path).isEqualTo("virtual=true");
            }
            // HTTP/2: the inline handler runs once the whole body (several DATA frames) has arrived.
            // (HTTP/1.1 runs it inline only when the body is already buffered with the head, else
            // on a virtual thread: that depends on the client's writes, so it is not asserted here.)
            try (Response res = H2.newCall(new Request.Builder().url(base + "/inline-echo")
                    .post(okhttp3.RequestBody.create(new byte[70_000])).build()).execute()) {
                assertThat(res.body().string()).isEqualTo("70000 virtual=false");
            }
            // unmatched requests take the default path
            assertThat(H1.send(HttpRequest.newBuilder(URI.create(base + "/none")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
    }

    private static String getH2(String url) throws Exception {
        try (Response res = H2.newCall(new Request.Builder().url(url).build()).execute()) {
            return res.body().string();
        }
    }

    private static String getH1(String url) throws Exception {
        return H1.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
