package dev.celeris.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.celeris.spi.TransportProvider;
import dev.celeris.spi.Transports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Routes marked {@code nonBlocking()} run inline on the I/O thread; the others keep their virtual thread. */
@Timeout(60)
class NonBlockingRoutesTest {

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

    private static Router router() {
        Handler thread = ctx -> ctx.string("virtual=" + Thread.currentThread().isVirtual());
        Router r = Router.create();
        r.get("/inline", thread).nonBlocking();
        r.get("/blocking", thread);
        r.post("/inline-echo", ctx -> ctx.string(ctx.body().length + " virtual=" + Thread.currentThread().isVirtual()))
                .nonBlocking();
        r.group("/g").get("/inline", thread).nonBlocking().get("/blocking", thread);
        return r;
    }

    @ParameterizedTest
    @MethodSource("transports")
    void markedRoutesRunInlineOverHttp2AndHttp1(String transport) throws Exception {
        try (Server server = Celeris.server().host("127.0.0.1").port(0).transport(transport).start(router())) {
            String base = "http://127.0.0.1:" + server.port();
            for (String path : List.of("/inline", "/g/inline")) {
                assertThat(h2(base + path)).as("h2 " + path).isEqualTo("virtual=false");
                assertThat(h1(base + path)).as("h1 " + path).isEqualTo("virtual=false");
            }
            for (String path : List.of("/blocking", "/g/blocking")) {
                assertThat(h2(base + path)).as("h2 " + path).isEqualTo("virtual=true");
                assertThat(h1(base + path)).as("h1 " + path).isEqualTo("virtual=true");
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

    @Test
    void theEngineIsAskedPerRequest() {
        Router r = router().freeze();
        assertThat(r.isBlocking(FakeRequest.of("GET", "/inline"))).isFalse();
        assertThat(r.isBlocking(FakeRequest.of("GET", "/g/inline"))).isFalse();
        assertThat(r.isBlocking(FakeRequest.of("GET", "/blocking"))).isTrue();
        assertThat(r.isBlocking(FakeRequest.of("GET", "/none"))).isTrue();
        // HEAD served by the GET route follows it
        assertThat(r.isBlocking(FakeRequest.of("HEAD", "/inline"))).isFalse();
        // no route marked: every request keeps its virtual thread, without a lookup
        Router plain = Router.create().get("/inline", ctx -> ctx.string("x")).freeze();
        assertThat(plain.isBlocking(FakeRequest.of("GET", "/inline"))).isTrue();
    }

    @Test
    void marksTheRoutesOfThePreviousCallOnly() {
        Router r = Router.create();
        r.any("/all", ctx -> ctx.string("x")).nonBlocking();
        r.get("/later", ctx -> ctx.string("x"));
        assertThat(r.routes()).filteredOn(rt -> rt.path().equals("/all")).hasSize(Routes.ANY_METHODS.size())
                .allMatch(Route::isNonBlocking);
        assertThat(r.routes()).filteredOn(rt -> rt.path().equals("/later")).noneMatch(Route::isNonBlocking);
        assertThat(r.routes().get(0).toString()).endsWith("non-blocking)");
    }

    @Test
    void nonBlockingNeedsAPrecedingRouteAndAnOpenRouter() {
        assertThatThrownBy(() -> Router.create().nonBlocking()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("follows a route registration");
        assertThatThrownBy(() -> Router.create().get("/", ctx -> { }).use(ctx -> ctx.next()).nonBlocking())
                .isInstanceOf(IllegalStateException.class);
        Router frozen = Router.create().get("/", ctx -> { });
        frozen.freeze();
        assertThatThrownBy(frozen::nonBlocking).isInstanceOf(IllegalStateException.class).hasMessageContaining("frozen");
    }

    private static String h2(String url) throws Exception {
        try (Response res = H2.newCall(new Request.Builder().url(url).build()).execute()) {
            return res.body().string();
        }
    }

    private static String h1(String url) throws Exception {
        return H1.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
